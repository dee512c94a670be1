package io.mediagate.preflight;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mediagate.auth.RequestSigner;
import io.mediagate.config.Settings;
import io.mediagate.http.EndpointUrl;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.media.LocalMedia;
import io.mediagate.modules.LivePreflight;
import io.mediagate.modules.LiveProbe;
import io.mediagate.modules.VendorModule;
import io.mediagate.modules.VendorModules;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor the gateway has never heard of, added as one more {@link VendorModule} with its live configuration, is
 * checked by the preflight and probed by {@code check --probe} like the five it ships with: the preflight knows no
 * vendor by name.
 */
class NewVendorPreflightTest {

    private static final String KEY = "echo-secret";

    private HttpServer server;
    private final List<String> asked = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Echo: live with ECHO_KEY and ECHO_ENDPOINT, one async operation whose status query is the probe. */
    private static final VendorModule ECHO = new VendorModule("echo",
            LivePreflight.credentials(LivePreflight.part("mediagate.echo.key", "ECHO_KEY"),
                            LivePreflight.part("mediagate.echo.endpoint", "ECHO_ENDPOINT"))
                    .withEndpoint(LivePreflight.Endpoints.whenSet("mediagate.echo.endpoint", "endpoint", EchoVendor::liveEndpoint))
                    .withProbe(LiveProbe.statusOfMissingTask(EchoStatus.NAME)),
            true, "Echo is off: set ECHO_KEY and ECHO_ENDPOINT to use it", () -> "echo-sandbox-key",
            context -> context.settings().get("mediagate.echo.key").isPresent()
                    ? new EchoVendor(EchoVendor.liveEndpoint(context.settings()), context.settings().get("mediagate.echo.key").orElseThrow(), false)
                    : new EchoVendor(context.sandboxEndpoint("echo"), context.sandboxKey("echo"), true),
            sandbox -> {
                throw new UnsupportedOperationException("the preflight and the probe never start the sandbox");
            });

    private static List<VendorModule> withEcho() {
        List<VendorModule> modules = new ArrayList<>(VendorModules.ALL);
        modules.add(ECHO);
        return modules;
    }

    private static VendorCheck echo(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new Preflight(Settings.of(values), withEcho()).run().stream().filter(c -> c.vendor().equals("echo"))
                .findFirst().orElseThrow(() -> new AssertionError("no check for the echo vendor"));
    }

    @Test
    void with_its_credentials_set_the_new_vendor_is_live_and_its_endpoint_checked() {
        VendorCheck check = echo("mediagate.echo.key", KEY, "mediagate.echo.endpoint", "echo.example.com");

        assertEquals(VendorCheck.Mode.live, check.mode(), check.line());
        assertTrue(check.ok(), check.line());
        assertEquals("https://echo.example.com", check.endpoint());
        assertTrue(check.line().contains("checked: credentials, endpoint https"), check.line());
        assertEquals(VendorCheck.Mode.sandbox, echo().mode(), "without credentials it is played by the sandbox");
    }

    @Test
    void a_missing_part_of_its_credentials_is_named_by_its_environment_variable() {
        VendorCheck keyOnly = echo("mediagate.echo.key", KEY);
        assertFalse(keyOnly.ok(), keyOnly.line());
        assertEquals(List.of("ECHO_KEY (mediagate.echo.key) is set but not ECHO_ENDPOINT (mediagate.echo.endpoint)"),
                keyOnly.problems());

        VendorCheck endpointOnly = echo("mediagate.echo.endpoint", "https://echo.example.com");
        assertTrue(endpointOnly.problems().stream().anyMatch(p -> p.startsWith("ECHO_ENDPOINT (mediagate.echo.endpoint) is set"
                + " but not ECHO_KEY (mediagate.echo.key)")), endpointOnly.problems().toString());
    }

    @Test
    void its_key_is_never_sent_over_plain_http_to_another_machine_unless_allowed() {
        VendorCheck refused = echo("mediagate.echo.key", KEY, "mediagate.echo.endpoint", "http://echo.example.com");
        assertTrue(refused.problems().stream().anyMatch(p -> p.contains("mediagate.echo.endpoint is plain http")
                && p.contains("mediagate.echo.allow-plain-http=true")), refused.problems().toString());
        assertFalse(refused.line().contains(KEY), "no secret in the line");

        assertTrue(echo("mediagate.echo.key", KEY, "mediagate.echo.endpoint", "http://echo.example.com",
                "mediagate.echo.allow-plain-http", "true").ok());
    }

    @Test
    void check_probe_asks_the_new_vendor_for_a_task_that_does_not_exist() throws IOException {
        String endpoint = startEcho();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CheckCommand.run(List.of("--probe"), Settings.of(Map.of("mediagate.echo.key", KEY, "mediagate.echo.endpoint", endpoint)),
                new PrintStream(out, true, StandardCharsets.UTF_8), withEcho());
        String output = out.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit, output);
        assertTrue(output.contains("echo       live    " + endpoint), output);
        assertTrue(output.contains("task " + LiveProbe.NO_SUCH_TASK + " not found, credentials accepted: HTTP 404 TaskNotFound"), output);
        assertEquals(List.of("GET /tasks/" + LiveProbe.NO_SUCH_TASK + " with the key"), asked);
    }

    @Test
    void check_probe_reports_a_refused_key_with_the_vendors_answer_and_exit_1() throws IOException {
        String endpoint = startEcho();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CheckCommand.run(List.of("--probe"), Settings.of(Map.of("mediagate.echo.key", "wrong-echo-key",
                "mediagate.echo.endpoint", endpoint)), new PrintStream(out, true, StandardCharsets.UTF_8), withEcho());
        String output = out.toString(StandardCharsets.UTF_8);

        assertEquals(CheckCommand.PROBE_REFUSED, exit, output);
        assertTrue(output.contains("the probe call was refused: HTTP 401 Unauthorized: unknown key"), output);
        assertFalse(output.contains("wrong-echo-key"), "no secret in the output:\n" + output);
    }

    /** Echo's API on a loopback port: {@code GET /tasks/<id>} with the key in {@code X-Echo-Key}; it has no tasks. */
    private String startEcho() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/tasks/", exchange -> {
            boolean known = KEY.equals(exchange.getRequestHeaders().getFirst("X-Echo-Key"));
            asked.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + (known ? " with the key" : " with another key"));
            answer(exchange, known ? 404 : 401, known ? "{\"message\":\"no such task\"}" : "{\"message\":\"unknown key\"}");
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private record EchoVendor(String endpoint, String key, boolean sandbox) implements Vendor {

        static String liveEndpoint(Settings settings) {
            return EndpointUrl.of("mediagate.echo.endpoint", settings.get("mediagate.echo.endpoint").orElseThrow(), "https");
        }

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public List<VendorOperation> operations() {
            return List.of(new EchoStatus(endpoint));
        }

        @Override
        public RequestSigner signer() {
            return request -> request.withHeader("X-Echo-Key", key);
        }

        @Override
        public Map<String, Double> rateLimits() {
            return Map.of(EchoStatus.NAME, 1.0);
        }

    }

    /** Echo's one async operation: only its status query is needed here. */
    private record EchoStatus(String endpoint) implements VendorOperation {

        static final String NAME = "status";

        @Override
        public OperationSpec spec() {
            return new OperationSpec("echo", NAME, true, Set.of(), NAME, null);
        }

        @Override
        public VendorRequest submit(Job job, LocalMedia media) {
            throw new UnsupportedOperationException("the probe only asks for a status");
        }

        @Override
        public VendorOutcome readSubmit(Job job, VendorResponse response) {
            throw new UnsupportedOperationException("the probe only asks for a status");
        }

        @Override
        public VendorRequest poll(Job job) {
            return VendorRequest.get(endpoint + "/tasks/" + job.getTaskId(), null);
        }

        @Override
        public VendorOutcome readPoll(Job job, VendorResponse response) {
            return switch (response.status()) {
                case 404 -> new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "TaskNotFound", 404, "no such task", false), null, -1);
                case 401 -> new VendorOutcome.Failed(new JobError(JobError.Kind.auth, "Unauthorized", 401, "unknown key", false), null, -1);
                default -> new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(), response.body(), true), null, -1);
            };
        }
    }
}
