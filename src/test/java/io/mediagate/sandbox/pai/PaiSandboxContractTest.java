package io.mediagate.sandbox.pai;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.PaiSigner;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's PAI against the PAI SDKs' wire format with hand-built requests: the signature over the exact bytes
 * (a trailing newline, as the Go SDK sends, is fine when signed), the error table, integer job ids, states 0 → 1 → 2
 * with the capital-R {@code Result} string, and a failed download as state 3.
 */
class PaiSandboxContractTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private SandboxServer sandbox;
    /** The sandbox's time, moved by hand; it starts now, so requests signed with the real time are within its skew. */
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "2s")),
                Map.of("pai", "app-1:tok-1"), clock).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> call(String appId, String token, String method, String path, String body) throws Exception {
        VendorRequest request = new VendorRequest(method, sandbox.baseUrl("pai") + path, null, Map.of(), body);
        new PaiSigner(appId, token, Clock.systemUTC()).sign(request);
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.url()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        request.headers().forEach(http::header);
        return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_error_table_of_the_seed() throws Exception {
        String body = "{\"action\":\"ImageQA\",\"image\":\"https://example.com/a.jpg\",\"model_name\":\"\",\"configure\":{}}";
        assertError(call("app-unknown", "tok-1", "POST", "/api/v1/images", body), 400, "PARAMETER_ERROR", "not found appid");
        assertError(call("app-1", "wrong-token", "POST", "/api/v1/images", body), 401, "PARAMETER_ERROR", "sign error");
        assertError(call("app-1", "tok-1", "POST", "/api/v1/images", body.replace("\"model_name\":\"\"", "\"model_name\":\"nope\"")),
                404, "PARAMETER_ERROR", "model not found");
        sandbox.control().setFault(new FaultPlan("pai", "images", 1.0, null, null, null, null, null));
        assertError(call("app-1", "tok-1", "POST", "/api/v1/images", body), 422, "SEVER_ERROR", "");
    }

    @Test
    void the_signature_covers_the_exact_bytes_sent() throws Exception {
        String goStyle = "{\"action\":\"ImageQA\",\"image\":\"https://example.com/a.jpg\"}\n";
        HttpResponse<String> ok = call("app-1", "tok-1", "POST", "/api/v1/images", goStyle);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("OK", Json.readOrNull(ok.body()).path("code").asText());
    }

    @Test
    void a_video_job_has_an_integer_id_and_moves_through_the_states() throws Exception {
        HttpResponse<String> submitted = call("app-1", "tok-1", "POST", "/api/v1/videos",
                "{\"action\":\"VideoQA\",\"video_url\":\"https://example.com/v.mp4\",\"video_title\":\"\",\"model_name\":\"\",\"configure\":{}}");
        JsonNode data = Json.readOrNull(submitted.body()).path("data");
        assertTrue(data.path("job_id").isInt(), "integers only in submit data: " + submitted.body());
        String path = "/api/v1/async_jobs/" + data.path("job_id").asInt();
        assertEquals(0, Json.readOrNull(call("app-1", "tok-1", "POST", path, null).body()).path("data").path("job").path("state").asInt());
        clock.advance(Duration.ofMillis(700));
        JsonNode running = Json.readOrNull(call("app-1", "tok-1", "POST", path, null).body()).path("data").path("job");
        assertEquals(1, running.path("state").asInt(), running.toString());
        assertEquals("", running.path("Result").asText());
        clock.advance(Duration.ofMillis(1500));
        JsonNode done = Json.readOrNull(call("app-1", "tok-1", "POST", path, null).body()).path("data").path("job");
        assertEquals(2, done.path("state").asInt(), done.toString());
        assertTrue(done.path("Result").isTextual() && Json.readOrNull(done.path("Result").asText()) != null, "Result is a JSON string: " + done);
    }

    @Test
    void a_video_that_cannot_be_downloaded_ends_in_state_3_with_the_reason() throws Exception {
        String unreachable = sandbox.baseUrl("oss") + "/mediagate-sandbox/none.mp4";
        HttpResponse<String> submitted = call("app-1", "tok-1", "POST", "/api/v1/videos",
                "{\"action\":\"ClassifyLabelVideo\",\"video_url\":\"" + unreachable + "\"}");
        String path = "/api/v1/async_jobs/" + Json.readOrNull(submitted.body()).path("data").path("job_id").asInt();
        clock.advance(Duration.ofMillis(2100));
        JsonNode done = Json.readOrNull(call("app-1", "tok-1", "POST", path, null).body()).path("data").path("job");
        assertEquals(3, done.path("state").asInt(), done.toString());
        assertTrue(done.path("message").asText().startsWith("failed to download video, err=HTTP 403"), done.toString());
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String message) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = Json.readOrNull(response.body());
        assertEquals(code, body.path("code").asText(), response.body());
        assertTrue(body.path("message").asText().contains(message), response.body());
        assertTrue(body.hasNonNull("request_id"), response.body());
    }

    @Test
    void a_batch_has_an_integer_id_and_reports_every_video_with_its_own_state() throws Exception {
        String missing = sandbox.baseUrl("oss") + "/mediagate-sandbox/none.mp4";
        HttpResponse<String> submitted = call("app-1", "tok-1", "POST", "/api/v1/batch_videos",
                "{\"action\":\"ClassifyLabelVideo\",\"videos\":[{\"url\":\"https://example.com/1.mp4\",\"title\":\"one\"},"
                        + "{\"url\":\"" + missing + "\",\"title\":\"two\"}],\"model_name\":\"\",\"configure\":{}}");
        JsonNode data = Json.readOrNull(submitted.body()).path("data");
        assertTrue(data.path("batch_id").isInt(), submitted.body());
        String path = "/api/v1/batch_jobs/" + data.path("batch_id").asInt();
        JsonNode running = Json.readOrNull(call("app-1", "tok-1", "GET", path, null).body()).path("data").path("jobs");
        assertEquals(2, running.size(), running.toString());
        assertEquals(0, running.get(0).path("state").asInt());
        clock.advance(Duration.ofMillis(2100));
        JsonNode done = Json.readOrNull(call("app-1", "tok-1", "GET", path, null).body()).path("data").path("jobs");
        assertEquals(2, done.get(0).path("state").asInt(), done.toString());
        assertEquals("https://example.com/1.mp4", done.get(0).path("object").asText());
        assertEquals(3, done.get(1).path("state").asInt(), "the second video alone fails: " + done);
        assertEquals(data.path("batch_id").asInt(), done.get(1).path("batch_id").asInt());
        assertError(call("app-1", "tok-1", "GET", "/api/v1/batch_jobs/999", null), 404, "PARAMETER_ERROR", "batch not found");
    }
}
