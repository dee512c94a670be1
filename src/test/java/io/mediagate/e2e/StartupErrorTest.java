package io.mediagate.e2e;

import io.mediagate.Application;
import io.mediagate.BackgroundMain;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.GatewayJvm;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway that cannot start says why, instead of waiting out the start-up limit without a reason. */
class StartupErrorTest {

    @TempDir
    Path data;

    @Test
    void a_missing_vendor_setting_is_reported_immediately_with_its_name() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> BackgroundMain.start(Application.newMain(Map.of(
                "mediagate.data-dir", data.toString(),
                "mediagate.sandbox.enabled", "false",
                "mediagate.opensearch.api-key", "",
                "mediagate.broker.listen", "",
                "camel.main.routes-reload-enabled", "false",
                "camel.management.port", String.valueOf(Ports.free()),
                "camel.server.port", String.valueOf(Ports.free()))), Duration.ofSeconds(120)));
        // before, the caller waited out the start-up limit and heard only "did not start within 120 s"
        assertTrue(error.getMessage().contains("OPENSEARCH_API_KEY"), error.getMessage());
    }

    private IllegalStateException startFails(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of(
                "mediagate.data-dir", data.toString(),
                "mediagate.broker.listen", "",
                "camel.main.routes-reload-enabled", "false",
                "camel.management.port", String.valueOf(Ports.free()),
                "camel.server.port", String.valueOf(Ports.free())));
        all.put("mediagate.opensearch.api-key", "");
        all.putAll(settings);
        BackgroundMain started;
        try {
            started = BackgroundMain.start(Application.newMain(all), Duration.ofSeconds(120));
        } catch (IllegalStateException | InterruptedException refused) {
            return refused instanceof IllegalStateException e ? e : new IllegalStateException(refused);
        }
        try {
            started.stop();
        } catch (InterruptedException ignored) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("the gateway started");
    }

    /**
     * Two gateways on one machine (each with its own data folder) and the default ports: the second one started
     * without its health, metrics and dashboard server and without its served-media server (an ERROR with a stack
     * trace each), then announced the first one's dashboard as its own, and its health checks reached the first one.
     */
    @Test
    void a_port_another_program_holds_is_refused_naming_its_setting() throws Exception {
        for (String setting : List.of("camel.management.port", "camel.server.port")) {
            try (ServerSocket taken = takenPort()) {
                IllegalStateException refused = startFails(Map.of(setting, String.valueOf(taken.getLocalPort())));
                String message = rootMessage(refused);
                assertTrue(message.contains("port " + taken.getLocalPort()) && message.contains(setting)
                        && message.contains("in use"), setting + ": " + message);
            }
        }
    }

    /** A mistyped value is reported with its setting, not as the parser's bare complaint ('For input string: "abc"'). */
    @Test
    void an_unreadable_setting_is_named_with_its_value() {
        for (Map.Entry<String, String> mistyped : Map.of("mediagate.opensearch.rate.detection", "abc",
                "mediagate.poll.first-delay", "5 seconds").entrySet()) {
            String message = startFails(Map.of(mistyped.getKey(), mistyped.getValue())).getMessage();
            assertTrue(message.contains(mistyped.getKey()) && message.contains("'" + mistyped.getValue() + "'"), message);
        }
    }

    private static String rootMessage(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append(" | ");
        }
        return all.toString();
    }

    @Test
    void live_pai_that_would_be_handed_loopback_media_links_is_refused_before_any_billed_call() {
        // PAI without an OSS bucket downloads dropped files from the gateway's own links: 127.0.0.1 is out of its reach,
        // so every dropped file would be submitted (billed) and then fail
        IllegalStateException error = startFails(Map.of(
                "mediagate.pai.app-id", "app", "mediagate.pai.token", "token",
                "mediagate.pai.host", "http://ai-service.example.cn-hangzhou.alicontainer.com",
                "mediagate.media.public-base-url", "http://127.0.0.1:8087"));
        assertTrue(error.getMessage().contains("mediagate.media.public-base-url"), error.getMessage());
    }

    @Test
    void a_live_key_sent_over_plain_http_to_a_remote_host_is_refused_naming_the_setting_that_allows_it() {
        IllegalStateException error = startFails(Map.of(
                "mediagate.opensearch.api-key", "OS-key",
                "mediagate.opensearch.endpoint", "http://xxx.platform-cn-shanghai.opensearch.aliyuncs.com"));
        assertTrue(error.getMessage().contains("mediagate.opensearch.allow-plain-http"), error.getMessage());
        assertTrue(!error.getMessage().contains("OS-key"), "no secret in the message");
    }

    @Test
    void a_second_gateway_with_an_embedded_broker_on_the_same_data_folder_is_refused_naming_the_shared_broker_setting()
            throws Exception {
        try (RunningGateway first = RunningGateway.start(data, Map.of())) {
            // the second one as a user starts it: its own JVM, the default (embedded) broker, the same data folder
            int mediaPort = Ports.free();
            List<String> line = GatewayJvm.command();
            line.addAll(List.of("-Xmx256m",
                    "-Dmediagate.data-dir=" + data, "-Dmediagate.broker.listen=", "-Dmediagate.broker.url=",
                    "-Dmediagate.opensearch.api-key=", "-Dcamel.main.routes-reload-enabled=false",
                    "-Dcamel.management.port=" + Ports.free(),
                    "-Dcamel.server.port=" + mediaPort, "-Dmediagate.media.public-base-url=http://127.0.0.1:" + mediaPort,
                    "io.mediagate.Application"));
            ProcessBuilder command = new ProcessBuilder(line).redirectErrorStream(true);
            command.environment().remove("MEDIAGATE_BROKER_URL");
            Process second = command.start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    second.getInputStream().transferTo(output);
                } catch (IOException ignored) {
                    // the process is gone
                }
            });
            reader.start();
            boolean ended = second.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                second.destroyForcibly().waitFor();
            }
            reader.join(5000);
            String text = output.toString(StandardCharsets.UTF_8);
            assertTrue(ended, "the second gateway must refuse at once, not hang on the broker's journal lock:\n" + text);
            assertEquals(2, second.exitValue(), text);
            assertTrue(text.contains("mediagate.broker.url"), "names the setting for sharing work: " + text);
            // the first one was not disturbed
            TestMedia.drop(first.inbox("opensearch/object-detect"), "cat.png",
                    TestMedia.image("png", 40, 30));
            RunningGateway.await("cat.png.json", Duration.ofSeconds(30),
                    () -> Files.exists(first.outbox("opensearch/object-detect/cat.png.json")));
        }
    }

    @TempDir
    Path secondData;

    @Test
    void a_failed_start_leaves_no_broker_behind_to_hijack_the_next_gateway() throws Exception {
        assertThrows(IllegalStateException.class, () -> BackgroundMain.start(Application.newMain(Map.of(
                "mediagate.data-dir", data.toString(),
                "mediagate.sandbox.enabled", "false",
                "mediagate.opensearch.api-key", "",
                "mediagate.broker.listen", "",
                "camel.management.port", String.valueOf(Ports.free()),
                "camel.server.port", String.valueOf(Ports.free()))), Duration.ofSeconds(120)));
        // a leaked broker would keep the in-VM acceptor: the next gateway's broker could not take it, its
        // connections would go to the orphan, and die with it once its journal folder is deleted
        assertTrue(org.apache.activemq.artemis.core.remoting.impl.invm.InVMRegistry.instance.getAcceptor(0) == null,
                "the failed start's embedded broker was stopped");
        try (RunningGateway next = RunningGateway.start(secondData, Map.of())) {
            TestMedia.drop(next.inbox("opensearch/object-detect"), "cat.png",
                    TestMedia.image("png", 40, 30));
            RunningGateway.await("cat.png.json", Duration.ofSeconds(30),
                    () -> Files.exists(next.outbox("opensearch/object-detect/cat.png.json")));
        }
    }

    /**
     * Started outside its folder, as a user who copies the jar away or a service with another working folder would: the
     * gateway, {@code --once} and {@code check} each name what they looked for, where, and how to point them there;
     * exit 2 (a configuration error), no stack trace. A JVM each, started in an empty folder: they end before Camel starts.
     */
    @Test
    void started_outside_its_folder_it_says_where_it_looked_for_its_settings_and_routes(@TempDir Path elsewhere) throws Exception {
        for (List<String> arguments : List.of(List.<String>of(), List.of("--once"),
                List.of("check"))) {
            Started run = startIn(elsewhere, null, arguments);
            String what = arguments + ": " + run.output;
            assertRefusedInOneLine(run);
            assertTrue(run.output.contains("no settings file at " + elsewhere.resolve("config/application.properties")), what);
            assertTrue(run.output.contains("MEDIAGATE_CONFIG"), what);
        }
        // the settings named, the routes still looked for in the working folder
        Started run = startIn(elsewhere, Path.of("config/application.properties").toAbsolutePath(), List.of("--once"));
        assertRefusedInOneLine(run);
        assertTrue(run.output.contains("no routes folder at " + elsewhere.resolve("routes")), run.output);
        assertTrue(run.output.contains("camel.main.routes-include-pattern"), run.output);
    }

    /** {@code sandbox} on a taken port or with a wrong option: one line and exit 2, not a stack trace and exit 1. */
    @Test
    void the_sandbox_command_says_why_it_cannot_start(@TempDir Path anywhere) throws Exception {
        try (ServerSocket taken = takenPort()) {
            Started run = startIn(anywhere, null, List.of("sandbox", "--port", String.valueOf(taken.getLocalPort())));
            assertRefusedInOneLine(run);
            assertTrue(run.output.contains("port " + taken.getLocalPort()) && run.output.contains("in use"), run.output);
        }
        Started wrong = startIn(anywhere, null, List.of("sandbox", "--port", "eighty"));
        assertRefusedInOneLine(wrong);
        assertTrue(wrong.output.contains("--port") && wrong.output.contains("eighty"), wrong.output);
    }

    /**
     * The embedded broker's listener on a taken port: the broker failed its initialisation, and the gateway ran on with
     * every stage retrying its connection every 5 s, taking nothing in and saying only Artemis' own errors.
     */
    @Test
    void a_broker_listener_port_another_program_holds_is_refused_naming_its_setting() throws Exception {
        try (ServerSocket taken = takenPort()) {
            String listen = "tcp://127.0.0.1:" + taken.getLocalPort();
            String message = startFails(BrokerLogin.listening(listen)).getMessage();
            assertTrue(message.contains(listen) && message.contains("mediagate.broker.listen") && message.contains("in use"), message);
        }
    }

    /** {@code broker} without an account, with a wrong option or on a taken port: one line and exit 2. */
    @Test
    void the_broker_command_says_why_it_cannot_start(@TempDir Path anywhere) throws Exception {
        Started anonymous = startIn(anywhere, null, List.of("broker", "--data", anywhere.resolve("b").toString()));
        assertRefusedInOneLine(anonymous);
        assertTrue(anonymous.output.contains("MEDIAGATE_BROKER_USER"), anonymous.output);
        try (ServerSocket taken = takenPort()) {
            String listen = "tcp://127.0.0.1:" + taken.getLocalPort();
            Started busy = startIn(anywhere, null, List.of("broker", "--listen", listen, "--data", anywhere.resolve("b").toString()),
                    Map.of("MEDIAGATE_BROKER_USER", "someone", "MEDIAGATE_BROKER_PASSWORD", "secret-enough"));
            assertRefusedInOneLine(busy);
            assertTrue(busy.output.contains(listen) && busy.output.contains("in use"), busy.output);
        }
    }

    /** A port another program holds: a listening socket on loopback. */
    private static ServerSocket takenPort() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** A command that refused to start as configuration errors do: exit 2, its reason in a line, no stack trace. */
    private static void assertRefusedInOneLine(Started run) {
        assertEquals(2, run.exitCode, run.output);
        assertFalse(run.output.contains("\tat "), "no stack trace: " + run.output);
    }

    private record Started(int exitCode, String output) {
    }

    private static Started startIn(Path folder, Path settingsFile, List<String> arguments) throws Exception {
        return startIn(folder, settingsFile, arguments, Map.of());
    }

    private static Started startIn(Path folder, Path settingsFile, List<String> arguments, Map<String, String> environment)
            throws Exception {
        List<String> line = GatewayJvm.command();
        line.addAll(List.of("-Dcamel.management.port=" + Ports.free(),
                "-Dcamel.server.port=" + Ports.free(), "io.mediagate.Application"));
        line.addAll(arguments);
        ProcessBuilder command = new ProcessBuilder(line).directory(folder.toFile()).redirectErrorStream(true);
        command.environment().remove("MEDIAGATE_CONFIG");
        if (settingsFile != null) {
            command.environment().put("MEDIAGATE_CONFIG", settingsFile.toString());
        }
        command.environment().put("MEDIAGATE_DATA_DIR", folder.resolve("data").toString());
        command.environment().remove("MEDIAGATE_BROKER_USER");
        command.environment().remove("MEDIAGATE_BROKER_PASSWORD");
        command.environment().putAll(environment);
        Process process = command.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("did not end: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Started(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
