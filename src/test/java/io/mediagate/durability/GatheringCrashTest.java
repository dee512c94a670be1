package io.mediagate.durability;

import io.mediagate.testsupport.BrokerLogin;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.pai.PaiEmulator;
import io.mediagate.status.BrokerStatus;
import io.mediagate.status.QueuedJob;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A gateway killed while it gathers videos for a PAI batch call loses none of them: the gathered jobs were taken
 * from the queue inside one open transaction, so the restarted gateway finds them all and sends them in one call.
 * PAI runs in this JVM's sandbox (as if live), so its counters outlive the killed gateway.
 */
class GatheringCrashTest extends OutlivingSandbox {

    private static final String PAI_KEY = "crash-app:crash-token";

    @Override
    Map<String, String> sandboxSettings() {
        return Map.of("mediagate.sandbox.task-duration", "1s");
    }

    @Override
    Map<String, String> sandboxKeys() {
        return Map.of("opensearch", "test-key", "pai", PAI_KEY);
    }

    /** PAI pointed at this JVM's sandbox with its AppId and token, gathering up to 10 videos within {@code window}. */
    private Map<String, String> settings(String window, String brokerListen) {
        Map<String, String> s = new HashMap<>(GatewayProcess.quickSettings());
        s.put("mediagate.pai.app-id", PAI_KEY.substring(0, PAI_KEY.indexOf(':')));
        s.put("mediagate.pai.token", PAI_KEY.substring(PAI_KEY.indexOf(':') + 1));
        s.put("mediagate.pai.host", sandbox.baseUrl(PaiEmulator.VENDOR));
        s.put("mediagate.pai.poll.first-delay", "500ms");
        s.put("mediagate.pai.poll.max-interval", "1s");
        s.put("mediagate.pai.batch.max-videos", "10");
        s.put("mediagate.pai.batch.window", window);
        if (!brokerListen.isEmpty()) {
            s.putAll(BrokerLogin.listening(brokerListen));
        }
        return s;
    }

    @Test
    void videos_being_gathered_when_the_gateway_is_killed_are_all_sent_after_the_restart_in_one_call() throws Exception {
        for (int i = 1; i <= 3; i++) {
            TestMedia.drop(data.resolve("inbox/pai/video-qa"), "v" + i + ".mp4", TestMedia.mp4(0, 1000, 1000L * (i + 1)));
        }
        String broker = "tcp://127.0.0.1:" + Ports.free();
        // a window far longer than the test: the gateway is killed while it waits for more videos
        GatewayProcess first = GatewayProcess.start(data, "http://127.0.0.1:9", settings("10m", broker));
        try {
            CrashAndRestartTest.await("all three videos taken by the gathering consumer", java.time.Duration.ofSeconds(60),
                    () -> gathering(broker) == 3);
        } finally {
            first.kill();
        }
        assertEquals(0, control.calls(PaiEmulator.VENDOR, "batch_videos") + control.calls(PaiEmulator.VENDOR, "videos"),
                "nothing was sent before the kill");

        GatewayProcess second = GatewayProcess.start(data, "http://127.0.0.1:9", settings("2s", ""), "--once");
        assertEquals(0, second.awaitExit(120), second.tail());

        for (int i = 1; i <= 3; i++) {
            JsonNode envelope = Json.MAPPER.readTree(data.resolve("outbox/pai/video-qa/v" + i + ".mp4.json").toFile());
            assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
            assertEquals(i + 1.0, envelope.path("result").path("Result").path("duration").asDouble(), envelope.toString());
            assertEquals(3, envelope.path("job").path("batch").path("size").asInt(), "all three in one batch: " + envelope);
        }
        assertEquals(1, control.calls(PaiEmulator.VENDOR, "batch_videos"), "one call for the three videos, none lost or doubled");
        assertEquals(0, control.calls(PaiEmulator.VENDOR, "videos"));
        assertFalse(Files.exists(data.resolve("failed")) && Files.list(data.resolve("failed")).findAny().isPresent(),
                "nothing failed");
    }

    /** Jobs the gateway's gathering consumer holds right now (delivered to it, transaction still open). */
    private static long gathering(String broker) {
        try (BrokerStatus status = new BrokerStatus(broker, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
            List<QueuedJob> jobs = status.queuedJobs();
            return jobs.stream().filter(job -> job.stage().equals("gather") && job.inProgress()).count();
        } catch (Exception notUpYet) {
            return -1;
        }
    }
}
