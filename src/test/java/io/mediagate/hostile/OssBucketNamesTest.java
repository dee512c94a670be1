package io.mediagate.hostile;

import io.mediagate.config.Settings;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssInputBuckets;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job file or request naming an OSS object the gateway would read (or presign) with its own credentials: only the
 * configured buckets, in every form a location takes (oss:// path, OSS object URL, deep inside params).
 */
class OssBucketNamesTest {

    private final OssInputBuckets buckets = new OssInputBuckets(Settings.of(Map.of(
            "mediagate.oss.bucket", "staging-bucket", "mediagate.oss.allowed-buckets", " archive , media-in ")));

    private static void assertRefused(Runnable check, String bucket) {
        JobFailure failure = assertThrows(JobFailure.class, check::run);
        assertEquals(JobError.Kind.input, failure.error().kind());
        assertTrue(failure.getMessage().contains("mediagate.oss.allowed-buckets"), failure.getMessage());
        assertTrue(failure.getMessage().contains("'" + bucket + "'"), failure.getMessage());
    }

    @Test
    void the_staging_bucket_and_the_listed_ones_may_be_named() {
        for (String location : new String[]{"oss://staging-bucket/a.mp4", "oss://archive/2024/a.mp4", "oss://media-in/x/y.jpg",
                "https://archive.oss-cn-shanghai.aliyuncs.com/a.mp4", "not an oss location", "https://example.com/a.mp4"}) {
            assertDoesNotThrow(() -> buckets.check(location, null, "a.job.json: oss"), location);
        }
    }

    @Test
    void any_other_bucket_is_refused_in_every_form() {
        assertRefused(() -> buckets.check("oss://victim/secret.mp4", null, "a.job.json: oss"), "victim");
        assertRefused(() -> buckets.check("https://victim.oss-cn-hangzhou.aliyuncs.com/secret.mp4", null, "a.job.json: url"), "victim");
        assertRefused(() -> buckets.check("oss://archive-2/a.mp4", null, "a.job.json: oss"), "archive-2");
        assertRefused(() -> buckets.checkParams(Json.readOrNull("{\"Output\": {\"Media\": \"oss://victim/out/\"}}"), null, "a.job.json"),
                "victim");
        assertRefused(() -> buckets.checkParams(Json.readOrNull("{\"inputs\": [{\"x\": [\"oss://victim/k\"]}]}"), null, "a.job.json"),
                "victim");
    }

    @Test
    void without_settings_only_the_vendors_own_bucket_would_pass() {
        OssInputBuckets none = new OssInputBuckets(Settings.of(Map.of()));
        assertRefused(() -> none.check("oss://staging-bucket/a.mp4", null, "a.job.json: oss"), "staging-bucket");
        assertDoesNotThrow(() -> none.checkParams(Json.readOrNull("{\"top_num\": 3, \"model\": \"flowers\"}"), null, "a.job.json"));
    }
}
