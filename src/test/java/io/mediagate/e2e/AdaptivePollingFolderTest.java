package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.polling.ProcessingTimes;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adaptive polling through the folders: 4 s sandbox tasks on a schedule that polls at 1, 2.5 and 4.75 s (three
 * status calls each). Before anything is learned, one job probes each step and the others wait for what it finds (a
 * call per task and the probes); once the gateway has seen a few, later tasks are polled about once, near their end;
 * what it learned is kept for the next start.
 */
class AdaptivePollingFolderTest {

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
                "mediagate.sandbox.task-duration", "4s",
                // a schedule of our own (alone it would turn learning off) with learning asked for
                "mediagate.opensearch.poll.first-delay", "1s",
                "mediagate.opensearch.poll.adaptive", "true",
                "mediagate.progress.interval", "1s"));

    @Test
    void learnedTasksArePolledAboutOnceNearTheirEnd() throws Exception {
        int polls = run("first", 4);
        // every task needs a poll that finds it done, and before the first is seen done the probes ask more
        assertTrue(polls > 4, "before anything is learned: a poll per task and the probes before it: " + polls);

        int learnedPolls = run("later", 8);

        // the first figure comes from coarse polls (between 2.5 and 4.75 s) and is still being corrected while these
        // run: some take a second poll, none the schedule's three
        assertTrue(learnedPolls <= 8 * 2, "8 tasks once learned: " + learnedPolls + " polls (the schedule: 24)");
        Path kept = gateway.data().resolve("work").resolve(ProcessingTimes.FILE_IN_WORK);
        await("every task counted in the learned times kept for the next start", Duration.ofSeconds(10),
                () -> ProcessingTimes.load(kept).learned("opensearch/image-analyze/≤1MB").map(l -> l.tasks() == 12).orElse(false));
        double expected = ProcessingTimes.load(kept).learned("opensearch/image-analyze/≤1MB").orElseThrow().expectedMillis();
        assertTrue(expected >= 3000 && expected <= 7000, "4 s tasks, learned " + expected + " ms");
    }

    /** Drops {@code files} images at once and returns the status calls their envelopes report. */
    private static int run(String prefix, int files) throws Exception {
        for (int i = 0; i < files; i++) {
            TestMedia.dropByRename(gateway.inbox("opensearch/image-analyze"), prefix + "-" + i + ".png",
                    TestMedia.image("png", 50 + i, prefix.length() * 10 + 20));
        }
        int polls = 0;
        for (int i = 0; i < files; i++) {
            Path envelope = gateway.outbox("opensearch/image-analyze/" + prefix + "-" + i + ".png.json");
            await(envelope.toString(), Duration.ofSeconds(60), () -> Files.exists(envelope));
            JsonNode job = Json.MAPPER.readTree(envelope.toFile()).path("job");
            assertEquals("succeeded", Json.MAPPER.readTree(envelope.toFile()).path("status").asText());
            polls += job.path("polls").asInt();
            if (prefix.equals("later")) {
                long expected = job.path("timings").path("expectedProcessingMillis").asLong();
                assertTrue(expected >= 3000 && expected <= 7000, "the envelope says what was expected: " + job.path("timings"));
                assertTrue(job.path("timings").path("processingMillis").asLong() >= 4000, job.path("timings").toString());
            }
        }
        return polls;
    }
}
