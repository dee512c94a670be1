package io.mediagate.sandbox.baidu;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's Baidu against Baidu's API doc with hand-built requests: the token endpoint in the ways Baidu's own
 * clients call it, and the classification errors as HTTP 200 bodies with Baidu's documented codes.
 */
class BaiduSandboxContractTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private SandboxServer sandbox;
    /** The sandbox's time, moved by hand; it starts now, so requests signed with the real time are within its skew. */
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.baidu.token-ttl", "2s")),
                Map.of("baidu", "ak-1:sk-1"), clock).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String base() {
        return sandbox.baseUrl("baidu");
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String token() throws Exception {
        return Json.readOrNull(send(HttpRequest.newBuilder(URI.create(base()
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=ak-1&client_secret=sk-1")).GET().build()).body())
                .path("access_token").asText();
    }

    private JsonNode classify(String token, String contentType, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base()
                        + "/rpc/2.0/ai_custom/v1/classification/flowers" + (token == null ? "" : "?access_token=" + token)))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, response.statusCode(), "Baidu answers errors with HTTP 200 too: " + response.body());
        return Json.readOrNull(response.body());
    }

    private static String imageJson(byte[] image, Object topNum) {
        return "{\"image\":\"" + Base64.getEncoder().encodeToString(image) + "\"" + (topNum == null ? "" : ",\"top_num\":" + topNum) + "}";
    }

    private static byte[] solid(Color color, int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void the_token_endpoint_answers_get_with_query_and_post_with_form_or_query_as_the_sdks_call_it() throws Exception {
        JsonNode get = Json.readOrNull(send(HttpRequest.newBuilder(URI.create(base()
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=ak-1&client_secret=sk-1")).GET().build()).body());
        assertTrue(get.path("access_token").asText().startsWith("24."), get.toString());
        assertEquals(2, get.path("expires_in").asInt());
        assertTrue(get.path("scope").asText().contains("brain_all_scope"), "Baidu's Java SDK needs an AI scope: " + get);
        for (String field : new String[]{"refresh_token", "session_key", "session_secret"}) {
            assertTrue(get.path(field).isTextual(), field + " in " + get);
        }
        HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(base() + "/oauth/2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=ak-1&client_secret=sk-1")).build());
        assertTrue(Json.readOrNull(form.body()).path("access_token").isTextual(), form.body());
        HttpResponse<String> query = send(HttpRequest.newBuilder(URI.create(base()
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=ak-1&client_secret=sk-1")).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(Json.readOrNull(query.body()).path("access_token").isTextual(), query.body());
    }

    @Test
    void the_token_endpoint_refuses_wrong_clients_with_oauth_errors() throws Exception {
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(base()
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=nobody&client_secret=sk-1")).GET().build());
        assertEquals(401, unknown.statusCode());
        assertEquals("invalid_client", Json.readOrNull(unknown.body()).path("error").asText());
        assertEquals("unknown client id", Json.readOrNull(unknown.body()).path("error_description").asText());
        HttpResponse<String> secret = send(HttpRequest.newBuilder(URI.create(base()
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=ak-1&client_secret=nope")).GET().build());
        assertEquals("Client authentication failed", Json.readOrNull(secret.body()).path("error_description").asText());
        HttpResponse<String> grant = send(HttpRequest.newBuilder(URI.create(base()
                + "/oauth/2.0/token?grant_type=password&client_id=ak-1&client_secret=sk-1")).GET().build());
        assertEquals("unsupported_grant_type", Json.readOrNull(grant.body()).path("error").asText());
    }

    @Test
    void classification_labels_come_from_the_image_and_top_num_limits_them() throws Exception {
        String token = token();
        JsonNode red = classify(token, "application/json", imageJson(solid(Color.RED, 40, 30), 3));
        assertTrue(red.path("log_id").isNumber(), red.toString());
        assertEquals(3, red.path("results").size());
        assertEquals("red", red.path("results").get(0).path("name").asText(), red.toString());
        JsonNode blue = classify(token, "application/json", imageJson(solid(Color.BLUE, 40, 30), "\"5\""));
        assertEquals("blue", blue.path("results").get(0).path("name").asText(), "top_num as a string, as the vendor's samples send it");
        assertEquals(5, blue.path("results").size());
        assertEquals(6, classify(token, "application/json", imageJson(solid(Color.GREEN, 40, 30), null)).path("results").size(), "6 by default");
    }

    @Test
    void request_errors_have_the_seeds_codes() throws Exception {
        String token = token();
        byte[] png = solid(Color.RED, 40, 30);
        assertEquals(100, classify(null, "application/json", imageJson(png, null)).path("error_code").asInt());
        assertEquals(110, classify("24.not-a-token", "application/json", imageJson(png, null)).path("error_code").asInt());
        assertEquals(336001, classify(token, "application/x-www-form-urlencoded", "image=abc").path("error_code").asInt());
        assertEquals(336002, classify(token, "application/json", "{not json").path("error_code").asInt());
        assertEquals(336006, classify(token, "application/json", "{\"top_num\":2}").path("error_code").asInt());
        assertEquals(336003, classify(token, "application/json", "{\"image\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(png) + "\"}").path("error_code").asInt(), "the header must be removed");
        assertEquals(336005, classify(token, "application/json", imageJson("not an image".getBytes(), null)).path("error_code").asInt());
        assertEquals(336001, classify(token, "application/json", imageJson(TestMedia.image("png", 10, 200), null)).path("error_code").asInt(),
                "shortest side under 15 px");
        JsonNode error = classify(token, "application/json", "{not json");
        assertTrue(error.path("error_msg").isTextual(), error.toString());
    }

    /** Baidu's error table (https://ai.baidu.com/ai-doc/EASYDL/Sk38n3baq): each code's error message as listed there. */
    private static final JsonNode ERROR_TABLE = io.mediagate.testsupport.JsonShape.fixture("baidu/error-table--001-error-codes.json");

    private static void assertDocumented(int code, JsonNode error) {
        assertEquals(code, error.path("error_code").asInt(), error.toString());
        assertTrue(ERROR_TABLE.has(String.valueOf(code)), "in the table: " + code);
        assertEquals(ERROR_TABLE.path(String.valueOf(code)).asText(), error.path("error_msg").asText(), "error_msg of " + code);
    }

    @Test
    void every_error_carries_the_error_msg_of_baidus_error_table() throws Exception {
        String token = token();
        byte[] png = solid(Color.RED, 40, 30);
        assertDocumented(100, classify(null, "application/json", imageJson(png, null)));
        assertDocumented(110, classify("24.not-a-token", "application/json", imageJson(png, null)));
        assertDocumented(336001, classify(token, "application/x-www-form-urlencoded", "image=abc"));
        assertDocumented(336001, classify(token, "application/json", imageJson(TestMedia.image("png", 10, 200), null)));
        assertDocumented(336001, classify(token, "application/json", imageJson(png, "\"none\"")));
        assertDocumented(336002, classify(token, "application/json", "{not json"));
        assertDocumented(336003, classify(token, "application/json", "{\"image\":\"data:image/png;base64,abc\"}"));
        assertDocumented(336004, classify(token, "application/json", "{\"image\":\"" + "A".repeat(4 * 1024 * 1024 + 4) + "\"}"));
        assertDocumented(336005, classify(token, "application/json", imageJson("not an image".getBytes(), null)));
        assertDocumented(336006, classify(token, "application/json", "{\"top_num\":2}"));
        HttpResponse<String> unknownApi = send(HttpRequest.newBuilder(URI.create(base() + "/rpc/2.0/nothing-here"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertDocumented(3, Json.readOrNull(unknownApi.body()));
        for (int code : new int[]{1, 2, 4, 6, 13, 14, 15, 17, 19, 336000, 336100}) {
            sandbox.control().setFault(new FaultPlan("baidu", "*", null, null, String.valueOf(code), null, null, null));
            assertDocumented(code, classify(token, "application/json", imageJson(png, null)));
        }
        sandbox.control().setFault(new FaultPlan("baidu", "*", null, null, null, 1, null, null));
        assertDocumented(18, classify(token, "application/json", imageJson(png, null)));
        sandbox.control().clearFaults();
        clock.advance(Duration.ofMillis(2100));
        assertDocumented(111, classify(token, "application/json", imageJson(png, null)));
    }

    @Test
    void an_expired_token_is_111_and_a_revoked_one_110() throws Exception {
        String token = token();
        byte[] png = solid(Color.RED, 40, 30);
        sandbox.emulator(BaiduEmulator.VENDOR, BaiduEmulator.class).revokeTokens();
        assertEquals(110, classify(token, "application/json", imageJson(png, null)).path("error_code").asInt());
        String fresh = token();
        assertTrue(classify(fresh, "application/json", imageJson(png, null)).has("results"));
        clock.advance(Duration.ofMillis(2100));
        assertEquals(111, classify(fresh, "application/json", imageJson(png, null)).path("error_code").asInt());
    }

    @Test
    void faults_reach_every_error_code() throws Exception {
        String token = token();
        byte[] png = solid(Color.RED, 40, 30);
        for (int code : new int[]{1, 2, 4, 6, 13, 14, 15, 17, 19, 336000, 336100}) {
            sandbox.control().setFault(new FaultPlan("baidu", "*", null, null, String.valueOf(code), null, null, null));
            assertEquals(code, classify(token, "application/json", imageJson(png, null)).path("error_code").asInt());
        }
        sandbox.control().setFault(new FaultPlan("baidu", "*", null, null, null, 2, null, null));
        assertEquals(18, classify(token, "application/json", imageJson(png, null)).path("error_code").asInt());
        assertEquals(18, classify(token, "application/json", imageJson(png, null)).path("error_code").asInt());
        assertTrue(classify(token, "application/json", imageJson(png, null)).has("results"), "only the burst");
        sandbox.control().setFault(new FaultPlan("baidu", "*", 0.5, null, null, null, null, null));
        int internal = 0;
        for (int i = 0; i < 4; i++) {
            internal += classify(token, "application/json", imageJson(png, null)).path("error_code").asInt() == 336000 ? 1 : 0;
        }
        assertEquals(2, internal, "every second call fails with 336000");
    }
}
