package io.mediagate.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may use the dashboard, over HTTP without a browser: a gateway that asks for the login (as it does once its
 * management host is not loopback; {@code mediagate.dashboard.login=always} asks for it on loopback too, so this test
 * stays on loopback). Reading takes the gateway account; a re-drive takes it and the dashboard page's own request
 * (JSON with its header, no foreign origin); error records are served from failed/ only.
 */
class DashboardAccessTest {

    private static final String USER = "gateway-admin";
    private static final String PASSWORD = "s3cret-gateway";

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
            "mediagate.dashboard.login", "always",
            "mediagate.broker.user", USER, "mediagate.broker.password", PASSWORD,
            "mediagate.broker.client-user", "sender", "mediagate.broker.client-password", "sender-secret"));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String url(String path) {
        return "http://127.0.0.1:" + gateway.managementPort() + "/observe/dashboard" + path;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> redrive(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/redrive")))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void reading_takes_the_gateway_account() throws Exception {
        HttpResponse<String> anonymous = get("/", null);
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), anonymous.headers().toString());
        assertEquals(401, get("/data", null).statusCode());
        assertEquals(401, get("/", basic(USER, "wrong")).statusCode());
        assertEquals(401, get("/data", basic("sender", "sender-secret")).statusCode(), "the client account is no gateway account");

        HttpResponse<String> page = get("/", basic(USER, PASSWORD));
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Recent failures"), page.body());
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElse(""));
        HttpResponse<String> data = get("/data", basic(USER, PASSWORD));
        assertEquals(200, data.statusCode(), data.body());
        assertTrue(data.body().contains("\"windowsAndBudgets\""), data.body());
        assertEquals(200, get("/uplot.js", basic(USER, PASSWORD)).statusCode(), "the chart library, served by the gateway");
    }

    @Test
    void a_re_drive_takes_the_login_and_the_dashboards_own_request() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "empty.png", new byte[0]);
        RunningGateway.awaitFile(gateway.failed("opensearch/object-detect/empty.png"));
        String body = "{\"records\": [\"opensearch/object-detect/empty.png.error.json\"]}";
        Map<String, String> own = Map.of("Content-Type", "application/json", DashboardAccess.REQUEST_HEADER, "redrive");

        assertEquals(401, redrive(body, own).statusCode(), "no anonymous re-drive");
        String login = basic(USER, PASSWORD);
        assertEquals(403, redrive(body, Map.of("Authorization", login, "Content-Type", "application/json")).statusCode(),
                "without the dashboard's header");
        assertEquals(403, redrive(body, Map.of("Authorization", login, "Content-Type", "text/plain",
                DashboardAccess.REQUEST_HEADER, "redrive")).statusCode(), "not JSON (a cross-site form could send that)");
        assertEquals(403, redrive(body, Map.of("Authorization", login, "Content-Type", "application/json",
                DashboardAccess.REQUEST_HEADER, "redrive", "Origin", "https://evil.example")).statusCode(), "from another site");
        assertTrue(Files.exists(gateway.failed("opensearch/object-detect/empty.png")), "nothing moved by refused requests");

        HttpResponse<String> done = redrive(body, Map.of("Authorization", login, "Content-Type", "application/json",
                DashboardAccess.REQUEST_HEADER, "redrive", "Origin", "http://127.0.0.1:" + gateway.managementPort()));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("\"ok\" : true"), done.body());
        // the empty file fails again as input: its new error record takes the freed name, the first one is kept beside it
        RunningGateway.awaitFile(gateway.failed("opensearch/object-detect/empty.png.error.json"));
        try (var kept = Files.list(gateway.failed("opensearch/object-detect"))) {
            assertEquals(1, kept.filter(f -> f.getFileName().toString().matches("empty\\.png\\.redriven-.*\\.json")).count());
        }
    }

    @Test
    void a_failed_input_whose_record_name_was_shortened_is_listed_and_re_driven_by_its_own_name() throws Exception {
        // 82 Chinese characters: a name the file system takes (250 bytes), kept by the original in failed/, while its
        // error record's name (261 bytes) is shortened
        String name = "长".repeat(82) + ".png";
        String input = "opensearch/image-ocr/" + name;
        TestMedia.dropByRename(gateway.inbox("opensearch/image-ocr"), name, new byte[0]);
        RunningGateway.awaitFile(gateway.failed(input));
        String login = basic(USER, PASSWORD);
        JsonNode[] listed = new JsonNode[1];
        RunningGateway.await("the failure listed on the dashboard", Duration.ofSeconds(30), () -> {
            try {
                for (JsonNode failure : Json.readOrNull(get("/data", login).body()).path("failures")) {
                    if (failure.path("record").asText().startsWith("opensearch/image-ocr/")) {
                        listed[0] = failure;
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(input, listed[0].path("input").asText(), "listed as the file dropped: " + listed[0]);
        assertTrue(listed[0].path("redrivable").asBoolean(), listed[0].toString());

        HttpResponse<String> done = redrive("{\"records\": [\"" + listed[0].path("record").asText() + "\"]}", Map.of(
                "Authorization", login, "Content-Type", "application/json", DashboardAccess.REQUEST_HEADER, "redrive",
                "Origin", "http://127.0.0.1:" + gateway.managementPort()));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("\"ok\" : true"), done.body());
        // taken in again under its own name: still empty, it fails again, and the first record is kept as history
        RunningGateway.await("the first record kept as history", Duration.ofSeconds(30), () -> {
            try (var kept = Files.list(gateway.failed("opensearch/image-ocr"))) {
                return kept.anyMatch(f -> f.getFileName().toString().contains(".redriven-"));
            } catch (java.io.IOException e) {
                return false;
            }
        });
        RunningGateway.awaitFile(gateway.failed(input));
    }

    @Test
    void an_input_whose_failure_took_a_suffixed_name_goes_back_under_the_name_it_was_dropped_as() throws Exception {
        // the same (empty) content dropped twice under one name: the second failure's files take the name with its id
        TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "twice.png", new byte[0]);
        RunningGateway.awaitFile(gateway.failed("opensearch/image-analyze/twice.png.error.json"));
        TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "twice.png", new byte[0]);
        Path[] suffixed = new Path[1];
        RunningGateway.await("the second failure's record", Duration.ofSeconds(30), () -> {
            try (var records = Files.list(gateway.failed("opensearch/image-analyze"))) {
                suffixed[0] = records.filter(f -> f.getFileName().toString().matches("twice\\.[0-9a-f]{8}\\.png\\.error\\.json"))
                        .findFirst().orElse(null);
                return suffixed[0] != null && Files.exists(gateway.failed("opensearch/image-analyze/"
                        + suffixed[0].getFileName().toString().replace(".error.json", "")));
            } catch (java.io.IOException e) {
                return false;
            }
        });

        HttpResponse<String> done = redrive("{\"records\": [\"opensearch/image-analyze/" + suffixed[0].getFileName() + "\"]}",
                Map.of("Authorization", basic(USER, PASSWORD), "Content-Type", "application/json",
                        DashboardAccess.REQUEST_HEADER, "redrive", "Origin", "http://127.0.0.1:" + gateway.managementPort()));
        assertEquals(200, done.statusCode(), done.body());
        assertTrue(done.body().contains("\"ok\" : true"), done.body());
        assertTrue(done.body().contains("back in the inbox as inbox/opensearch/image-analyze/twice.png\""), done.body());
    }

    @Test
    void error_records_are_served_from_failed_only() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/face-detect"), "blank.png", new byte[0]);
        RunningGateway.awaitFile(gateway.failed("opensearch/face-detect/blank.png"));
        String login = basic(USER, PASSWORD);

        HttpResponse<String> record = get("/failed/opensearch/face-detect/blank.png.error.json", login);
        assertEquals(200, record.statusCode(), record.body());
        assertTrue(record.body().contains("\"kind\" : \"input\""), record.body());
        assertEquals(401, get("/failed/opensearch/face-detect/blank.png.error.json", null).statusCode());
        assertEquals(404, get("/failed/opensearch/face-detect/blank.png", login).statusCode(), "only JSON records, not originals");
        assertEquals(404, get("/failed/..%2F..%2Fwork%2F.learned%2Ftimes.json", login).statusCode());
        assertEquals(404, get("/failed/%2E%2E/%2E%2E/outbox/x.json", login).statusCode());
        assertEquals(404, get("/failed/%2Fetc%2Fpasswd", login).statusCode());
    }
}
