package io.mediagate.durability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What survives a stop or a crash. The sandbox runs in this JVM and outlives the gateway JVMs, so its
 * counters show every task ever created: a job resubmitted after a restart would show up there.
 */
class CrashAndRestartTest extends OutlivingSandbox {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    Map<String, String> sandboxSettings() {
        return busySandbox();
    }

    /** Tasks that run for 3 s, and room for two gateways' calls at 40 QPS each. */
    static Map<String, String> busySandbox() {
        return Map.of(
                "mediagate.sandbox.task-duration", "3s",
                "mediagate.sandbox.opensearch.qps.detection", "200",
                "mediagate.sandbox.opensearch.qps.image-analysis", "200");
    }

    private Map<String, String> settings() {
        return GatewayProcess.quickSettings();
    }

    @Test
    void async_jobs_in_flight_across_a_clean_stop_resume_polling_without_a_new_submit() throws Exception {
        for (int i = 0; i < 5; i++) {
            TestMedia.drop(data.resolve("inbox/opensearch/image-analyze"), "p" + i + ".png", TestMedia.image("png", 40 + i, 40));
        }
        GatewayProcess first = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), settings());
        await("5 tasks created", Duration.ofSeconds(60), () -> control.events("opensearch", "tasks-created") == 5);
        int code = first.stop();
        assertTrue(code == 0 || code == 143, "a graceful stop ends normally (143 = terminated by SIGTERM): " + code);
        assertEquals(0, count(data.resolve("outbox")), "the tasks were still running at the stop");

        GatewayProcess second = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), settings(), "--once");
        assertEquals(0, second.awaitExit(120), second.tail());

        assertEquals(5, count(data.resolve("outbox/opensearch/image-analyze")), second.tail());
        assertEquals(5, control.events("opensearch", "tasks-created"), "no task may be submitted again after a restart");
        for (int i = 0; i < 5; i++) {
            JsonNode envelope = JSON.readTree(data.resolve("outbox/opensearch/image-analyze/p" + i + ".png.json").toFile());
            assertEquals("SUCCESS", envelope.path("result").path("status").asText());
            assertEquals(1, envelope.path("vendor").path("requestIds").size() - envelope.path("job").path("polls").asInt(),
                    "one submit call per job: " + envelope);
        }
        assertTrue(isEmpty(data.resolve("work")), "nothing may stay in the work area");
    }

    private long totalCalls() {
        return control.events("opensearch", "tasks-created") + control.events("opensearch", "detections-served");
    }

    private static List<Path> files(Path root) throws IOException {
        return Outcomes.files(root);
    }

    private static long count(Path root) throws IOException {
        return files(root).size();
    }

    private static boolean isEmpty(Path root) throws IOException {
        return files(root).isEmpty();
    }

    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(100);
        }
    }
}
