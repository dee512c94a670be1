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

/** Bailian video analysis through the folders: ROA, V3-signed form body, against the sandbox's Bailian. */
class BailianFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path data;
    static RunningGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = RunningGateway.start(data, Map.of(
                "mediagate.sandbox.task-duration", "2s",
                "mediagate.bailian.poll.first-delay", "500ms",
                "mediagate.bailian.poll.max-interval", "1s"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    @Test
    void a_video_url_comes_back_with_the_analysis_text_shots_and_token_usage() throws Exception {
        drop("talk.job.json", """
                {"url": "https://example.com/talk.mp4",
                 "params": {"modelId": "qwen-max", "language": "english", "snapshotInterval": 2,
                            "frameSampleMethod": {"methodName": "standard", "interval": 2},
                            "videoModelCustomPromptTemplate": "Describe the frames. ASR: {videoAsrText}",
                            "videoRoles": [{"roleName": "host", "roleInfo": "the presenter"}]}}""");
        Path envelope = gateway.outbox("bailian/video-analysis/talk.json");
        await("talk.json", LIMIT, () -> Files.exists(envelope));
        JsonNode json = Json.readOrNull(Files.readString(envelope));
        JsonNode analysis = json.path("result").path("videoAnalysisResult");
        assertTrue(analysis.path("text").asText().contains("https://example.com/talk.mp4"), json.toString());
        assertEquals(2, analysis.path("videoShotAnalysisResults").size(), json.toString());
        assertEquals(1500, json.path("usage").path("totalTokens").asInt(), json.toString());
    }

    @Test
    void a_prompt_template_without_its_required_variable_fails_before_any_call() throws Exception {
        drop("bad.job.json", "{\"url\": \"https://example.com/a.mp4\", \"params\": {\"videoModelCustomPromptTemplate\": \"Describe it\"}}");
        JsonNode record = awaitError("bad.job.json");
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("{videoAsrText}"), record.toString());
    }

    @Test
    void an_oss_path_is_refused_with_what_to_give_instead() throws Exception {
        drop("oss.job.json", "{\"oss\": \"oss://bucket/a.mp4\"}");
        JsonNode record = awaitError("oss.job.json");
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("\"url\""), record.toString());
    }

    private static void drop(String name, String content) throws Exception {
        Files.createDirectories(gateway.inbox("bailian/video-analysis"));
        Files.writeString(gateway.inbox("bailian/video-analysis").resolve(name), content);
    }

    private static JsonNode awaitError(String name) throws Exception {
        Path error = gateway.failed("bailian/video-analysis/" + name + ".error.json");
        await(name + ".error.json", LIMIT, () -> Files.exists(error));
        return Json.readOrNull(Files.readString(error));
    }
}
