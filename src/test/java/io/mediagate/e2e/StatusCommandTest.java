package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.BrokerLogin;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;
import io.mediagate.status.StatusCommand;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.testsupport.GatewayJvm;
import io.mediagate.testsupport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code status} against a running gateway's broker, from this JVM and from the command line. */
class StatusCommandTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path data;

    @Test
    void counts_waiting_polls_with_their_due_time_and_the_finished_jobs_per_operation() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        Map<String, String> settings = BrokerLogin.listening(listen);
        settings.putAll(Map.of(
                // the async tasks stay PENDING for the whole test
                "mediagate.sandbox.task-duration", "10m",
                "mediagate.opensearch.poll.first-delay", "5m"));
        try (RunningGateway gateway = RunningGateway.start(data, settings)) {
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "cat.jpg", TestMedia.image("jpg", 64, 48));
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "empty.jpg", new byte[0]);
            for (int i = 0; i < 3; i++) {
                TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "scene" + i + ".png", TestMedia.image("png", 40 + i, 30));
            }
            await("the sync result and the error record", LIMIT, () -> Files.exists(gateway.outbox("opensearch/object-detect/cat.jpg.json"))
                    && Files.exists(gateway.failed("opensearch/object-detect/empty.jpg.error.json")));
            await("the three async jobs submitted", LIMIT, () -> gateway.sandbox().control().events("opensearch", "tasks-created") == 3);

            JsonNode report = statusJson(listen);
            assertTrue(report.path("brokerReachable").asBoolean(), report.toString());
            JsonNode analyze = operation(report, "image-analyze");
            await("the three jobs waiting to poll", LIMIT, () -> operation(statusJson(listen), "image-analyze").path("waitingPoll").asInt() == 3);
            analyze = operation(statusJson(listen), "image-analyze");
            assertEquals(0, analyze.path("waitingSubmit").asInt(), analyze.toString());
            assertEquals(0, analyze.path("delivered").asInt(), analyze.toString());
            Instant nextPoll = Instant.parse(analyze.path("nextPollAt").asText());
            assertTrue(nextPoll.isAfter(Instant.now().plusSeconds(60)), "first poll is 5 minutes after submit: " + nextPoll);
            JsonNode detect = operation(report, "object-detect");
            assertEquals(1, detect.path("delivered").asInt(), detect.toString());
            assertEquals(1, detect.path("failed").asInt(), detect.toString());
            assertEquals(0, detect.path("waitingSubmit").asInt() + detect.path("waitingPoll").asInt(), detect.toString());

            // the command line a user types, in its own JVM
            List<String> line = GatewayJvm.command();
            line.addAll(List.of("io.mediagate.Application", "status", "--broker", listen, "--data", data.toString()));
            ProcessBuilder command = new ProcessBuilder(line)
                    .redirectErrorStream(true);
            // the broker's account, from the environment as for the gateway
            command.environment().put("MEDIAGATE_BROKER_USER", BrokerLogin.USER);
            command.environment().put("MEDIAGATE_BROKER_PASSWORD", BrokerLogin.PASSWORD);
            Process cli = command.start();
            assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "status must answer promptly");
            String text = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, cli.exitValue(), text);
            assertTrue(text.lines().anyMatch(l -> l.startsWith("opensearch/image-analyze") && l.split("\\s+")[2].equals("3")), text);
        }
        // gateway stopped: the folders still answer, the command says the broker is gone and exits 3
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = StatusCommand.run(List.of(), settings(listen), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(StatusCommand.BROKER_UNREACHABLE, code, text);
        assertTrue(text.contains("NOT REACHABLE"), text);
        // columns: operation, submit, poll, next poll, deliver, active, delivered, failed
        assertTrue(text.lines().anyMatch(l -> l.startsWith("opensearch/object-detect")
                && List.of(l.trim().split("\\s+")).subList(5, 8).equals(List.of("?", "1", "1"))), text);
    }

    @Test
    void without_a_listener_the_default_configuration_prints_the_folder_counts_and_exits_3() throws Exception {
        // what a finished run leaves: one envelope, one error record
        Files.createDirectories(data.resolve("outbox/opensearch/object-detect"));
        Files.writeString(data.resolve("outbox/opensearch/object-detect/cat.jpg.json"), "{}");
        Files.createDirectories(data.resolve("failed/opensearch/object-detect"));
        Files.writeString(data.resolve("failed/opensearch/object-detect/empty.jpg.error.json"), "{}");
        // the command line a user types on the default configuration (config/application.properties: no listener,
        // no shared broker), in its own JVM
        List<String> line = GatewayJvm.command();
        line.addAll(List.of("io.mediagate.Application", "status", "--data", data.toString()));
        ProcessBuilder command = new ProcessBuilder(line)
                .redirectErrorStream(true);
        command.environment().remove("MEDIAGATE_BROKER_URL");
        command.environment().remove("MEDIAGATE_BROKER_LISTEN");
        Process cli = command.start();
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS), "status must answer promptly");
        String text = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(StatusCommand.BROKER_UNREACHABLE, cli.exitValue(), text);
        assertTrue(!text.contains("Exception") && !text.contains("\tat "), "no stack trace: " + text);
        assertTrue(text.contains("mediagate.broker.listen"), "says why the waiting jobs are unknown: " + text);
        // columns: operation, submit, poll, next poll, deliver, active, delivered, failed
        assertTrue(text.lines().anyMatch(l -> l.startsWith("opensearch/object-detect")
                && List.of(l.trim().split("\\s+")).subList(5, 8).equals(List.of("?", "1", "1"))), text);

        // --json too: the folder counts, and the broker marked unreachable with the reason
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, String> defaults = new java.util.HashMap<>(Map.of("mediagate.data-dir", data.toString()));
        int code = StatusCommand.run(List.of("--json"), Settings.of(defaults), new PrintStream(out, true, StandardCharsets.UTF_8));
        JsonNode json = Json.readOrNull(out.toString(StandardCharsets.UTF_8));
        assertEquals(StatusCommand.BROKER_UNREACHABLE, code, String.valueOf(json));
        assertTrue(!json.path("brokerReachable").asBoolean(), json.toString());
        assertEquals(1, operation(json, "object-detect").path("delivered").asInt(), json.toString());
    }

    private JsonNode statusJson(String listen) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = StatusCommand.run(List.of("--json"), settings(listen), new PrintStream(out, true, StandardCharsets.UTF_8));
        JsonNode json = Json.readOrNull(out.toString(StandardCharsets.UTF_8));
        assertEquals(0, code, String.valueOf(json));
        return json;
    }

    private Settings settings(String listen) {
        Map<String, String> settings = BrokerLogin.listening(listen);
        settings.put("mediagate.data-dir", data.toString());
        return Settings.of(settings);
    }

    private static JsonNode operation(JsonNode report, String operation) {
        for (JsonNode line : report.path("operations")) {
            if (line.path("operation").asText().equals(operation)) {
                return line;
            }
        }
        return Json.object();
    }

}
