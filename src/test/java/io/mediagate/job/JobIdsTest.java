package io.mediagate.job;

import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobIdsTest {

    @TempDir
    Path dir;

    @Test
    void same_content_and_params_give_the_same_id_whatever_the_file_is_called() {
        byte[] image = TestMedia.image("png", 20, 20);
        Path a = TestMedia.write(dir.resolve("a/cat.png"), image);
        Path b = TestMedia.write(dir.resolve("b/copy-of-cat.png"), image);

        String first = JobIds.derive("opensearch", "object-detect", a, null, "{\"options\":{\"x\":1}}");
        String second = JobIds.derive("opensearch", "object-detect", b, null, "{\"options\":{\"x\":1}}");

        assertEquals(first, second);
        assertTrue(first.matches("[0-9a-f]{32}"), first);
    }

    @Test
    void different_params_give_a_different_id() {
        Path file = TestMedia.writeImage(dir, "cat.png", "png", 20, 20);

        assertNotEquals(JobIds.derive("opensearch", "object-detect", file, null, "{\"options\":{\"x\":1}}"),
                JobIds.derive("opensearch", "object-detect", file, null, "{\"options\":{\"x\":2}}"));
    }

    @Test
    void different_content_gives_a_different_id() {
        Path small = TestMedia.writeImage(dir, "small.png", "png", 20, 20);
        Path large = TestMedia.writeImage(dir, "large.png", "png", 21, 20);

        assertNotEquals(JobIds.derive("opensearch", "object-detect", small, null, "{}"),
                JobIds.derive("opensearch", "object-detect", large, null, "{}"));
    }

    @Test
    void same_media_sent_to_another_operation_gets_another_id() {
        Path file = TestMedia.writeImage(dir, "cat.png", "png", 20, 20);

        assertNotEquals(JobIds.derive("opensearch", "object-detect", file, null, "{}"),
                JobIds.derive("opensearch", "face-detect", file, null, "{}"));
    }

    @Test
    void remote_media_is_identified_by_its_reference() {
        String a = JobIds.derive("opensearch", "video-segment", null, "oss://bucket/a.mp4", "{}");

        assertEquals(a, JobIds.derive("opensearch", "video-segment", null, "oss://bucket/a.mp4", "{}"));
        assertNotEquals(a, JobIds.derive("opensearch", "video-segment", null, "oss://bucket/b.mp4", "{}"));
    }

    @Test
    void a_request_target_changes_the_id_and_none_keeps_the_id_it_had() {
        Path file = TestMedia.writeImage(dir, "cat.png", "png", 20, 20);
        String plain = JobIds.derive("baidu", "image-classify", file, null, "{}");

        assertEquals(plain, JobIds.derive("baidu", "image-classify", null, file, null, "{}"));
        assertNotEquals(JobIds.derive("baidu", "image-classify", "model:cars", file, null, "{}"),
                JobIds.derive("baidu", "image-classify", "model:flowers", file, null, "{}"));
        assertNotEquals(plain, JobIds.derive("baidu", "image-classify", "model:cars", file, null, "{}"));
    }
}
