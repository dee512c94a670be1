package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.pai.PaiEmulator;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic micro-batching of PAI videos: single files dropped about the same time go to PAI in one
 * {@code batch_videos} call and come back as one envelope (or error record) per file, each with its own answer.
 */
class PaiBatchingFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
                "mediagate.sandbox.task-duration", "1s",
                "mediagate.pai.poll.first-delay", "500ms",
                "mediagate.pai.poll.max-interval", "1s",
                "mediagate.pai.batch.max-videos", "4",
                "mediagate.pai.batch.window", "3s"));

    private static SandboxControl sandbox() {
        return gateway.sandbox().control();
    }

    @Test
    void six_dropped_videos_take_two_batch_calls_and_each_gets_its_own_answer() throws Exception {
        long batchesBefore = sandbox().calls(PaiEmulator.VENDOR, "batch_videos");
        long singlesBefore = sandbox().calls(PaiEmulator.VENDOR, "videos");
        Path inbox = gateway.inbox("pai/video-classify");
        for (int i = 1; i <= 5; i++) {
            // each its own length, so a result handed to the wrong file would show
            TestMedia.drop(inbox, "clip" + i + ".mp4", TestMedia.mp4(0, 1000, 1000L * (i + 1)));
        }
        // an MP4 cut off before its movie header: intake takes it, PAI cannot decode it (state 3)
        TestMedia.drop(inbox, "cut.mp4", Arrays.copyOf(TestMedia.mp4(0, 1000, 9000), 132));

        for (int i = 1; i <= 5; i++) {
            JsonNode json = awaitJson(gateway.outbox("pai/video-classify/clip" + i + ".mp4.json"), LIMIT);
            assertEquals("succeeded", json.path("status").asText(), json.toString());
            assertEquals(i + 1.0, json.path("result").path("Result").path("duration").asDouble(),
                    "clip" + i + " gets the answer for its own video: " + json);
            assertTrue(json.path("vendor").path("taskId").asText().startsWith("batch-"), json.toString());
            int size = json.path("job").path("batch").path("size").asInt();
            assertTrue(size >= 2 && size <= 4, "sent in a batch of at most max-videos: " + json);
            Path done = gateway.done("pai/video-classify/clip" + i + ".mp4");
            await("clip" + i + " moved to done/", LIMIT, () -> Files.exists(done));
        }
        JsonNode cut = awaitJson(gateway.failed("pai/video-classify/cut.mp4.error.json"), LIMIT);
        assertEquals("vendor", cut.path("kind").asText(), cut.toString());
        assertTrue(cut.path("message").asText().contains("load video failed"), cut.toString());
        assertTrue(cut.path("message").asText().contains("of batch"), cut.toString());
        await("the original kept beside its error record", LIMIT, () -> Files.exists(gateway.failed("pai/video-classify/cut.mp4")));

        assertEquals(2, sandbox().calls(PaiEmulator.VENDOR, "batch_videos") - batchesBefore, "6 videos, at most 4 per call");
        assertEquals(0, sandbox().calls(PaiEmulator.VENDOR, "videos") - singlesBefore, "no video was sent on its own");
    }

    @Test
    void a_video_with_no_company_within_the_window_is_sent_on_its_own() throws Exception {
        long batchesBefore = sandbox().calls(PaiEmulator.VENDOR, "batch_videos");
        TestMedia.drop(gateway.inbox("pai/video-qa"), "alone.mp4", TestMedia.mp4(0, 1000, 6000));
        JsonNode json = awaitJson(gateway.outbox("pai/video-qa/alone.mp4.json"), LIMIT);
        assertEquals(6.0, json.path("result").path("Result").path("duration").asDouble(), json.toString());
        assertTrue(json.path("job").path("batch").isMissingNode(), "not a batch: " + json);
        assertFalse(json.path("vendor").path("taskId").asText().startsWith("batch-"), json.toString());
        assertEquals(batchesBefore, sandbox().calls(PaiEmulator.VENDOR, "batch_videos"));
    }

    @Test
    void only_videos_with_the_same_model_options_share_a_call_and_a_bad_option_fails_alone() throws Exception {
        long batchesBefore = sandbox().calls(PaiEmulator.VENDOR, "batch_videos");
        long singlesBefore = sandbox().calls(PaiEmulator.VENDOR, "videos");
        Path inbox = gateway.inbox("pai/video-classify/options");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("two.job.json"),
                "{\"url\": \"https://example.com/two.mp4\", \"params\": {\"configure\": {\"tag_top_k\": 2}}}");
        Files.writeString(inbox.resolve("three.job.json"),
                "{\"url\": \"https://example.com/three.mp4\", \"params\": {\"configure\": {\"tag_top_k\": 3}}}");
        Files.writeString(inbox.resolve("bad.job.json"),
                "{\"url\": \"https://example.com/bad.mp4\", \"params\": {\"configure\": {\"tag_top_k\": 20}}}");
        TestMedia.drop(inbox, "a.mp4", TestMedia.mp4(0, 1000, 2000));
        TestMedia.drop(inbox, "b.mp4", TestMedia.mp4(0, 1000, 3000));

        assertEquals(2, awaitJson(gateway.outbox("pai/video-classify/options/two.json"), LIMIT)
                .path("result").path("Result").path("tag_result").size());
        assertEquals(3, awaitJson(gateway.outbox("pai/video-classify/options/three.json"), LIMIT)
                .path("result").path("Result").path("tag_result").size());
        JsonNode a = awaitJson(gateway.outbox("pai/video-classify/options/a.mp4.json"), LIMIT);
        JsonNode b = awaitJson(gateway.outbox("pai/video-classify/options/b.mp4.json"), LIMIT);
        assertEquals(2, a.path("job").path("batch").path("size").asInt(), "the two dropped files shared a call: " + a);
        assertEquals(a.path("vendor").path("taskId"), b.path("vendor").path("taskId"), "the same batch");
        JsonNode bad = awaitJson(gateway.failed("pai/video-classify/options/bad.job.json.error.json"), LIMIT);
        assertEquals("input", bad.path("kind").asText(), bad.toString());
        assertEquals(0, bad.path("attempts").asInt(), "failed before any call: " + bad);

        assertEquals(1, sandbox().calls(PaiEmulator.VENDOR, "batch_videos") - batchesBefore, "a and b together");
        assertEquals(2, sandbox().calls(PaiEmulator.VENDOR, "videos") - singlesBefore, "two and three each on its own");
    }
}
