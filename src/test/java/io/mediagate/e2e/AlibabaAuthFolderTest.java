package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICE called "live" (region and endpoint set, credentials from Alibaba's chain) at the sandbox with an AccessKey the
 * sandbox does not know, and no OSS bucket: what a user with a wrong key or a missing setting sees.
 */
class AlibabaAuthFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String WRONG_SECRET = "definitely-not-the-secret";

    @TempDir
    static Path data;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        int port = Ports.free();
        // the first link of credentials-java's default chain: JVM system properties
        System.setProperty("alibabacloud.accessKeyId", "LTAIunknown");
        System.setProperty("alibabacloud.accessKeySecret", WRONG_SECRET);
        gateway = RunningGateway.start(data, Map.of(
                "mediagate.sandbox.port", String.valueOf(port),
                "mediagate.ice.region", "cn-sandbox",
                "mediagate.ice.endpoint", "http://127.0.0.1:" + port + "/ice",
                "mediagate.ice.poll.first-delay", "500ms",
                // every live ICE job needs the gateway's OSS (ICE writes outputs only there): the sandbox's, reached
                // with the same wrong credentials
                "mediagate.oss.bucket", io.mediagate.sandbox.Sandbox.OSS_BUCKET,
                "mediagate.oss.region", io.mediagate.sandbox.Sandbox.OSS_REGION,
                "mediagate.oss.endpoint", "http://127.0.0.1:" + port + "/oss"));
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("alibabacloud.accessKeyId");
        System.clearProperty("alibabacloud.accessKeySecret");
        gateway.close();
    }

    private static JsonNode awaitError(String path) throws Exception {
        Path error = gateway.failed(path + ".error.json");
        await(path + ".error.json", LIMIT, () -> Files.exists(error));
        return Json.readOrNull(Files.readString(error));
    }

    @Test
    void an_unknown_access_key_fails_at_once_as_auth_naming_the_credentials() throws Exception {
        Files.createDirectories(gateway.inbox("ice/video-clip"));
        Files.writeString(gateway.inbox("ice/video-clip").resolve("clip.job.json"),
                "{\"oss\": \"oss://" + io.mediagate.sandbox.Sandbox.OSS_BUCKET + "/a.mp4\", \"params\": {\"Output\": {\"Media\": \"oss://"
                        + io.mediagate.sandbox.Sandbox.OSS_BUCKET + "/out/\"}}}");
        JsonNode record = awaitError("ice/video-clip/clip.job.json");
        assertEquals("auth", record.path("kind").asText(), record.toString());
        assertEquals("InvalidAccessKeyId.NotFound", record.path("code").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), record.toString());
        assertEquals(1, record.path("attempts").asInt(), "not retried: " + record);
        assertFalse(record.toString().contains(WRONG_SECRET), "the secret never appears in an error record");
    }

    @Test
    void a_dropped_file_staged_with_credentials_oss_refuses_fails_as_auth_before_any_ice_call() throws Exception {
        // (without a bucket at all, the refusal naming mediagate.oss.bucket is IdempotentResubmitTest's and IceOperationTest's)
        TestMedia.drop(gateway.inbox("ice/cover"), "launch.mp4", TestMedia.mp4(0, 1000, 3000));
        JsonNode record = awaitError("ice/cover/launch.mp4");
        assertEquals("auth", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), record.toString());
        assertFalse(record.toString().contains(WRONG_SECRET), "the secret never appears in an error record");
        RunningGateway.awaitFile(gateway.failed("ice/cover/launch.mp4"), "the original is kept in failed/");
    }
}
