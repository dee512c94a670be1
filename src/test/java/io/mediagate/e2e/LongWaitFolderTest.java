package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.waiting.WaitRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Polls due beyond the horizon ({@code mediagate.poll.park-after}, 1 s here; every poll of these tasks is 2 s or more
 * away) wait in the wait buckets, are released onto the poll schedule when due, and every job is delivered once.
 */
class LongWaitFolderTest {

    private static final int FILES = 4;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
            "mediagate.sandbox.task-duration", "3s",
            "mediagate.opensearch.poll.first-delay", "2s",
            "mediagate.opensearch.poll.max-interval", "2s",
            "mediagate.poll.park-after", "1s"));

    @Test
    void jobs_whose_next_poll_is_beyond_the_horizon_wait_in_a_bucket_and_are_delivered_once() throws Exception {
        for (int i = 0; i < FILES; i++) {
            TestMedia.dropByRename(gateway.inbox("opensearch/image-analyze"), "far-" + i + ".png", TestMedia.image("png", 40 + i, 30));
        }
        int polls = 0;
        for (int i = 0; i < FILES; i++) {
            Path envelope = gateway.outbox("opensearch/image-analyze/far-" + i + ".png.json");
            await(envelope.toString(), Duration.ofSeconds(60), () -> Files.exists(envelope));
            JsonNode result = Json.MAPPER.readTree(envelope.toFile());
            assertEquals("succeeded", result.path("status").asText(), result.toString());
            polls += result.path("job").path("polls").asInt();
        }
        WaitRelease release = gateway.context().getRegistry().lookupByNameAndType("waitRelease", WaitRelease.class);
        assertEquals(polls, release.released(), "every poll waited in a bucket and was released onto the schedule once");
        try (Stream<Path> delivered = Files.list(gateway.outbox("opensearch/image-analyze"))) {
            assertEquals(FILES, delivered.filter(f -> f.getFileName().toString().endsWith(".png.json")).count(),
                    "one envelope per file");
        }
        assertTrue(Files.exists(gateway.done("opensearch/image-analyze/far-0.png")));
    }
}
