package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mediagate.testsupport.TestMedia;

import io.mediagate.sandbox.oss.OssEmulator;

import io.mediagate.sandbox.oss.OssBuckets;

import io.mediagate.sandbox.Sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bailian video analysis through the folders: ROA, V3-signed form body, against the sandbox's Bailian. */
// each test keeps to its own files and requests: they run side by side
@Execution(ExecutionMode.CONCURRENT)
class BailianFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
                "mediagate.sandbox.task-duration", "2s",
                "mediagate.bailian.poll.first-delay", "500ms",
                "mediagate.bailian.poll.max-interval", "1s"));

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
    void a_frame_sample_interval_out_of_the_seeds_range_fails_as_input_naming_field_and_range() throws Exception {
        drop("slow.job.json", "{\"url\": \"https://example.com/a.mp4\", \"params\": {\"frameSampleMethod\": {\"interval\": 8}}}");
        JsonNode record = awaitError("slow.job.json");
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertEquals(0, record.path("attempts").asInt(), record.toString());
        assertTrue(record.path("message").asText().contains("frameSampleMethod.interval")
                && record.path("message").asText().contains("1.0 to 5.0"), record.toString());
    }

    @Test
    void a_prompt_template_without_its_required_variable_fails_before_any_call() throws Exception {
        drop("bad.job.json", "{\"url\": \"https://example.com/a.mp4\", \"params\": {\"videoModelCustomPromptTemplate\": \"Describe it\"}}");
        JsonNode record = awaitError("bad.job.json");
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("{videoAsrText}"), record.toString());
    }

    @Test
    void a_dropped_video_is_staged_and_bailian_downloads_it_through_a_presigned_url() throws Exception {
        byte[] video = TestMedia.mp4(0, 1000, 42_000);
        TestMedia.drop(gateway.inbox("bailian/video-analysis/talks"), "keynote.mp4", video);
        Path envelope = gateway.outbox("bailian/video-analysis/talks/keynote.mp4.json");
        await("keynote.mp4.json", LIMIT, () -> Files.exists(envelope));
        JsonNode json = Json.readOrNull(Files.readString(envelope));
        String text = json.path("result").path("videoAnalysisResult").path("text").asText();
        assertTrue(text.contains(video.length + "-byte video of 42.0 s"), "the emulator fetched the very file: " + json);
        assertFalse(Files.readString(envelope).contains("x-oss-signature"), "no presigned URL leaks into the envelope");
        String jobId = json.path("job").path("id").asText();
        OssBuckets buckets = gateway.sandbox().emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
        await("staged video removed", LIMIT, () -> buckets.keys(Sandbox.OSS_BUCKET, "mediagate/staging/" + jobId).isEmpty());
    }

    @Test
    void an_oss_path_is_presigned_and_a_video_bailian_cannot_fetch_fails_with_its_message() throws Exception {
        OssBuckets buckets = gateway.sandbox().emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
        buckets.put(Sandbox.OSS_BUCKET, "videos/ok.mp4", TestMedia.mp4(0, 1000, 3000), "video/mp4");
        drop("ok.job.json", "{\"oss\": \"oss://" + Sandbox.OSS_BUCKET + "/videos/ok.mp4\"}");
        Path envelope = gateway.outbox("bailian/video-analysis/ok.json");
        await("ok.json", LIMIT, () -> Files.exists(envelope));

        drop("missing.job.json", "{\"oss\": \"oss://" + Sandbox.OSS_BUCKET + "/videos/no-such-object.mp4\"}");
        JsonNode record = awaitError("missing.job.json");
        assertEquals("vendor", record.path("kind").asText(), record.toString());
        assertEquals("FAILED", record.path("code").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("video download failed: HTTP 404"), record.toString());
        assertTrue(buckets.get(Sandbox.OSS_BUCKET, "videos/ok.mp4").isPresent(), "the user's own object is never deleted");
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
