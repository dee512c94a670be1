package io.mediagate.hostile;

import io.mediagate.flow.LiveInstances;
import io.mediagate.flow.WorkArea;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.media.LocalMedia;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The places that take or read a file by its path, below the inbox filter: a link that reaches them (planted between
 * the inbox listing and the claim, or straight into the work area) is neither moved through nor read.
 */
class LinkedPathsTest {

    @TempDir
    Path data;
    @TempDir
    Path outside;
    private LiveInstances instances;

    private WorkArea workArea() {
        instances = new LiveInstances(data.resolve("work"));
        return new WorkArea(data.resolve("work"), instances);
    }

    @AfterEach
    void release() {
        if (instances != null) {
            instances.close();
        }
    }

    @Test
    void a_claim_through_a_linked_folder_takes_nothing() throws Exception {
        Path photo = TestMedia.writeImage(outside, "beach.jpg", "jpg", 32, 32);
        byte[] bytes = Files.readAllBytes(photo);
        Path operation = Files.createDirectories(data.resolve("inbox/opensearch/object-detect"));
        Files.createSymbolicLink(operation.resolve("holiday"), outside);

        assertNull(workArea().claims().claim(operation.resolve("holiday/beach.jpg"), "opensearch/object-detect/holiday/beach.jpg"));
        assertArrayEquals(bytes, Files.readAllBytes(photo), "the photo stays where it was");
    }

    @Test
    void a_claimed_file_link_goes_back_to_the_inbox_untaken() throws Exception {
        Path secret = TestMedia.writeImage(outside, "id.jpg", "jpg", 32, 32);
        Path operation = Files.createDirectories(data.resolve("inbox/opensearch/object-detect"));
        Path link = Files.createSymbolicLink(operation.resolve("leak.jpg"), secret);

        assertNull(workArea().claims().claim(link, "opensearch/object-detect/leak.jpg"));
        assertTrue(Files.isSymbolicLink(link), "the link is still where it was dropped, for the inbox to refuse");
        assertTrue(Files.exists(secret, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void local_media_does_not_read_through_a_link() throws Exception {
        Path secret = Files.writeString(outside.resolve("passwd"), "root:x:0:0");
        Path link = Files.createSymbolicLink(Files.createDirectories(data.resolve("work/job/input")).resolve("a.jpg"), secret);
        JobFailure refused = assertThrows(JobFailure.class, () -> LocalMedia.of(link, "a.jpg").base64(),
                "a link is refused before anything is read, as the job's input error");
        assertEquals(JobError.Kind.input, refused.error().kind());
    }
}
