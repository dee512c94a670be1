package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.e2e.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ICE intelligent production through the folders, V3-signed against the sandbox's ICE emulator. */
class IceFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path data;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(data, Map.of(
                "mediagate.sandbox.task-duration", "2s",
                "mediagate.ice.poll.first-delay", "500ms",
                "mediagate.ice.poll.max-interval", "1s",
                "mediagate.ice.cover.params.Output.Media", "oss://out-bucket/mediagate/"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void a_job_file_naming_oss_media_gets_the_ice_result_and_its_output_files() throws Exception {
        Files.createDirectories(gateway.inbox("ice/cover"));
        Files.writeString(gateway.inbox("ice/cover").resolve("launch.job.json"),
                "{\"oss\": \"oss://in-bucket/videos/launch.mp4\", \"params\": {\"JobParams\": {\"Model\": \"gif\"}, \"UserData\": \"order-17\"}}");
        Path envelope = gateway.outbox("ice/cover/launch.json");
        await("launch.json", LIMIT, () -> Files.exists(envelope));
        JsonNode json = Json.readOrNull(Files.readString(envelope));
        JsonNode result = json.path("result");
        assertEquals("Success", result.path("Status").asText(), json.toString());
        assertEquals("Cover", result.path("Result").path("FunctionName").asText(), "Result is parsed into JSON: " + json);
        assertEquals("order-17", result.path("UserData").asText());
        String output = result.path("OutputFiles").path(0).asText();
        assertTrue(output.startsWith("oss://out-bucket/mediagate/" + json.path("job").path("id").asText() + "/"),
                "each job writes under its own folder: " + output);
        assertTrue(json.path("vendor").path("requestIds").size() >= 2, "submit and at least one query: " + json);
    }

    @Test
    void media_outside_oss_is_refused_before_any_call_with_what_to_do() throws Exception {
        assertRefusedAsInput("cover", "web.job.json", "{\"url\": \"https://example.com/a.mp4\"}", "oss://bucket/key");
    }

    @Test
    void a_function_without_an_output_location_says_which_setting_to_set() throws Exception {
        assertRefusedAsInput("video-clip", "clip.job.json", "{\"oss\": \"oss://in-bucket/a.mp4\"}",
                "mediagate.ice.video-clip.params.Output.Media");
    }

    /** Drops a job file into ice/<function> and expects an input error record that mentions {@code advice}. */
    private static void assertRefusedAsInput(String function, String name, String jobFile, String advice) throws Exception {
        Files.createDirectories(gateway.inbox("ice/" + function));
        Files.writeString(gateway.inbox("ice/" + function).resolve(name), jobFile);
        Path error = gateway.failed("ice/" + function + "/" + name + ".error.json");
        await(name + ".error.json", LIMIT, () -> Files.exists(error));
        JsonNode record = Json.readOrNull(Files.readString(error));
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains(advice), record.toString());
    }
}
