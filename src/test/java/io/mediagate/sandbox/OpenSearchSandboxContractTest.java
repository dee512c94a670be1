package io.mediagate.sandbox;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sandbox's OpenSearch emulator against the wire contract (OpenSearch's API doc), over real HTTP on
 * loopback. Each test gets a fresh sandbox, so QPS buckets, tasks, faults and counts never leak between tests.
 */
class OpenSearchSandboxContractTest {

    private static final String KEY = "k";
    private static final String WORKSPACE = "/v3/openapi/workspaces/default";
    private static final String DETECT = WORKSPACE + "/image-object-detection/ops-object-detect-001";
    private static final String FACE = WORKSPACE + "/image-object-detection/ops-object-detect-face-001";
    private static final String ANALYZE = WORKSPACE + "/image-analyze/ops-image-analyze-vlm-001/async";
    private static final String SNAPSHOT = WORKSPACE + "/video-snapshot/ops-video-snapshot-001/async";
    private static final String SEGMENT = WORKSPACE + "/video-segmentation/ops-video-segment-001/async";
    private static final String ASR = WORKSPACE + "/audio-asr/ops-audio-asr-001/async";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private SandboxServer sandbox;
    private static final Duration TASK_DURATION = Duration.ofMillis(300);
    /** The sandbox's time, moved by hand past a task's duration instead of waiting for it. */
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void startSandbox() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", TASK_DURATION.toMillis() + "ms")),
                Map.of("opensearch", KEY), clock).start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    // --- HTTP helpers ------------------------------------------------------------------------------

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.baseUrl("opensearch") + path))
                .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private HttpResponse<String> post(String path, String authorization, String json) throws Exception {
        return HTTP.send(request(path, authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return post(path, "Bearer " + KEY, json);
    }

    private HttpResponse<String> get(String path, String query) throws Exception {
        return HTTP.send(request(path + "?" + query, "Bearer " + KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String command, String json) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/" + command));
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void setFault(String json) throws Exception {
        HttpResponse<String> response = admin("POST", "faults", json);
        assertEquals(200, response.statusCode(), response.body());
    }

    private static JsonNode json(HttpResponse<String> response) {
        JsonNode node = Json.readOrNull(response.body());
        if (node == null) {
            fail("not JSON (HTTP " + response.statusCode() + "): " + response.body());
        }
        return node;
    }

    private static String imageBody(byte[] image) {
        ObjectNode body = Json.object();
        body.putObject("image").put("content", Base64.getEncoder().encodeToString(image));
        return Json.write(body);
    }

    private static String documentBody(byte[] image, String name, String type) {
        ObjectNode body = Json.object();
        body.putObject("document").put("content", Base64.getEncoder().encodeToString(image))
                .put("file_name", name).put("file_type", type);
        return Json.write(body);
    }

    private static final String SMALL_PNG_BODY = imageBody(TestMedia.image("png", 16, 16));

    /** The documented error body: request_id, latency, code, message (OpenSearch's API doc). */
    private static JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertTrue(body.path("request_id").isTextual() && !body.path("request_id").asText().isBlank(), response.body());
        assertTrue(body.path("latency").isNumber(), response.body());
        assertEquals(code, body.path("code").asText(), response.body());
        assertTrue(body.path("message").isTextual() && !body.path("message").asText().isBlank(), response.body());
        return body;
    }

    private String createTask(String path, String body) throws Exception {
        HttpResponse<String> created = post(path, body);
        assertEquals(200, created.statusCode(), created.body());
        String taskId = json(created).path("result").path("task_id").asText();
        assertFalse(taskId.isBlank(), created.body());
        return taskId;
    }

    /** The task's status once its duration has passed on the sandbox's clock. */
    private JsonNode statusAfterTheTaskDuration(String path, String taskId) throws Exception {
        clock.advance(TASK_DURATION);
        HttpResponse<String> status = get(path + "/task-status", "task_id=" + taskId);
        assertEquals(200, status.statusCode(), status.body());
        return json(status);
    }

    // --- tests ---------------------------------------------------------------------------------------

    @Nested
    class Authentication {

        @Test
        void a_missing_bearer_key_is_401_with_the_documented_error_body() throws Exception {
            assertError(post(DETECT, null, SMALL_PNG_BODY), 401, "Unauthorized");
        }

        @Test
        void a_wrong_bearer_key_is_401() throws Exception {
            assertError(post(DETECT, "Bearer not-the-key", SMALL_PNG_BODY), 401, "Unauthorized");
        }

        @Test
        void the_key_without_the_bearer_scheme_is_401() throws Exception {
            assertError(post(DETECT, KEY, SMALL_PNG_BODY), 401, "Unauthorized");
        }

        @Test
        void status_polls_need_the_key_too() throws Exception {
            HttpResponse<String> response = HTTP.send(request(ANALYZE + "/task-status?task_id=x", null).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertError(response, 401, "Unauthorized");
        }

        @Test
        void the_right_bearer_key_is_accepted() throws Exception {
            assertEquals(200, post(DETECT, "Bearer " + KEY, SMALL_PNG_BODY).statusCode());
        }
    }

    @Nested
    class RequestValidation {

        /** OpenSearch's doc lists no workspace error: an unknown path parameter is its {@code InvalidParameter} (HTTP 400). */
        @Test
        void an_unknown_workspace_is_400_invalid_parameter_naming_it() throws Exception {
            String other = "/v3/openapi/workspaces/nope";
            JsonNode detect = assertError(post(other + "/image-object-detection/ops-object-detect-001", SMALL_PNG_BODY), 400, "InvalidParameter");
            assertTrue(detect.path("message").asText().contains("nope"), detect.toString());
            assertError(post(other + "/image-analyze/ops-image-analyze-vlm-001/async", SMALL_PNG_BODY), 400, "InvalidParameter");
            String taskId = createTask(ANALYZE, documentBody(TestMedia.image("png", 16, 16), "a.png", "png"));
            assertError(get(other + "/image-analyze/ops-image-analyze-vlm-001/async/task-status", "task_id=" + taskId), 400, "InvalidParameter");
            assertError(post(other + "/image-object-detection/ops-object-detect-001", "Bearer wrong", SMALL_PNG_BODY), 401, "Unauthorized");
        }

        /** A valid detection request padded with an extra option to about {@code bytes} bytes. */
        private String paddedDetection(int bytes) {
            ObjectNode body = (ObjectNode) Json.readOrNull(SMALL_PNG_BODY);
            body.putObject("options").put("padding", "x".repeat(bytes - SMALL_PNG_BODY.length() - 30));
            return Json.write(body);
        }

        @Test
        void a_valid_request_just_under_8_mb_is_accepted() throws Exception {
            assertEquals(200, post(DETECT, paddedDetection(8 * 1024 * 1024 - 100)).statusCode());
        }

        @Test
        void a_body_over_8_mb_is_400_invalid_parameter() throws Exception {
            assertError(post(DETECT, paddedDetection(8 * 1024 * 1024 + 100)), 400, "InvalidParameter");
        }

        @Test
        void a_request_without_image_is_400_invalid_parameter() throws Exception {
            assertError(post(DETECT, "{\"options\":{}}"), 400, "InvalidParameter");
        }

        @Test
        void a_body_that_is_not_json_is_400_invalid_parameter() throws Exception {
            assertError(post(DETECT, "image=abc"), 400, "InvalidParameter");
        }

        @Test
        void corrupt_base64_image_content_is_400_invalid_parameter() throws Exception {
            assertError(post(DETECT, "{\"image\":{\"content\":\"%%%not*base64%%%\"}}"), 400, "InvalidParameter");
        }

        @Test
        void base64_of_bytes_that_are_no_image_is_400_invalid_parameter() throws Exception {
            String content = Base64.getEncoder().encodeToString("plain text, not a picture".getBytes());

            assertError(post(DETECT, "{\"image\":{\"content\":\"" + content + "\"}}"), 400, "InvalidParameter");
        }

        @Test
        void a_truncated_jpeg_is_400_invalid_parameter() throws Exception {
            byte[] jpeg = TestMedia.image("jpg", 200, 150);

            assertError(post(DETECT, imageBody(Arrays.copyOf(jpeg, jpeg.length * 2 / 3))), 400, "InvalidParameter");
        }

        @Test
        void an_unknown_service_id_is_400_service_id_not_exist() throws Exception {
            JsonNode body = assertError(post(WORKSPACE + "/image-object-detection/ops-object-detect-999", SMALL_PNG_BODY),
                    400, "ServiceIdNotExist");

            assertEquals("service_id is not exist.", body.path("message").asText());
        }

        @Test
        void an_unknown_service_id_of_a_task_api_is_400_service_id_not_exist() throws Exception {
            String body = documentBody(TestMedia.image("png", 8, 8), "a.png", "png");

            assertError(post(WORKSPACE + "/image-analyze/ops-image-analyze-nope/async", body), 400, "ServiceIdNotExist");
        }

        @Test
        void an_unknown_task_id_is_bad_request_task_not_exist() throws Exception {
            HttpResponse<String> response = get(ANALYZE + "/task-status", "task_id=no-such-task");

            assertError(response, 400, "BadRequest.TaskNotExist");
        }

        @Test
        void a_task_id_of_another_service_is_not_found_there() throws Exception {
            String taskId = createTask(ANALYZE, documentBody(TestMedia.image("png", 8, 8), "a.png", "png"));

            assertError(get(WORKSPACE + "/image-analyze/ops-image-analyze-ocr-001/async/task-status", "task_id=" + taskId),
                    400, "BadRequest.TaskNotExist");
        }

        @Test
        void image_analysis_refuses_an_undocumented_file_type() throws Exception {
            assertError(post(ANALYZE, documentBody(TestMedia.image("png", 8, 8), "a.gif", "gif")), 400, "InvalidParameter");
        }
    }

    @Nested
    class InputRules {

        private final String mp4 = Base64.getEncoder().encodeToString(TestMedia.mp4(0, 1000, 20_000));

        @Test
        void video_segmentation_accepts_an_oss_input_with_an_oss_output() throws Exception {
            String taskId = createTask(SEGMENT,
                    "{\"input\":{\"oss\":\"oss://b/in.mp4\"},\"output\":{\"type\":\"oss\",\"oss\":\"oss://b/out\"}}");

            assertFalse(taskId.isBlank());
        }

        @Test
        void video_segmentation_refuses_input_content() throws Exception {
            JsonNode error = assertError(post(SEGMENT, "{\"input\":{\"content\":\"" + mp4 + "\",\"file_name\":\"a.mp4\"},"
                    + "\"output\":{\"type\":\"oss\",\"oss\":\"oss://b/out\"}}"), 400, "InvalidParameter");

            assertTrue(error.path("message").asText().contains("input.content"), error.toString());
        }

        @Test
        void video_segmentation_requires_output_oss() throws Exception {
            JsonNode error = assertError(post(SEGMENT, "{\"input\":{\"oss\":\"oss://b/in.mp4\"},\"output\":{\"type\":\"oss\"}}"),
                    400, "InvalidParameter");

            assertTrue(error.path("message").asText().contains("output.oss"), error.toString());
        }

        @Test
        void audio_asr_accepts_inline_content_alone() throws Exception {
            String wav = Base64.getEncoder().encodeToString(TestMedia.wav(8000f, 8000));

            createTask(ASR, "{\"input\":{\"content\":\"" + wav + "\",\"file_name\":\"a.wav\"},\"output\":{\"type\":\"text\"}}");
        }

        @Test
        void audio_asr_output_defaults_to_oss_and_then_needs_an_oss_path() throws Exception {
            String wav = Base64.getEncoder().encodeToString(TestMedia.wav(8000f, 8000));

            JsonNode error = assertError(post(ASR, "{\"input\":{\"content\":\"" + wav + "\",\"file_name\":\"a.wav\"}}"),
                    400, "InvalidParameter");

            assertTrue(error.path("message").asText().contains("output.oss"), error.toString());
        }

        @Test
        void audio_asr_refuses_content_and_oss_together() throws Exception {
            String wav = Base64.getEncoder().encodeToString(TestMedia.wav(8000f, 8000));

            JsonNode error = assertError(post(ASR, "{\"input\":{\"content\":\"" + wav + "\",\"oss\":\"oss://b/a.wav\"},"
                    + "\"output\":{\"type\":\"text\"}}"), 400, "InvalidParameter");

            assertTrue(error.path("message").asText().contains("mutually exclusive"), error.toString());
        }

        @Test
        void video_snapshot_accepts_base64_output() throws Exception {
            createTask(SNAPSHOT, "{\"input\":{\"content\":\"data:video/mp4;base64," + mp4 + "\",\"file_name\":\"a.mp4\"},"
                    + "\"output\":{\"type\":\"base64\"}}");
        }

        @Test
        void video_snapshot_output_type_must_be_oss_or_base64() throws Exception {
            JsonNode error = assertError(post(SNAPSHOT, "{\"input\":{\"content\":\"data:video/mp4;base64," + mp4 + "\"},"
                    + "\"output\":{\"type\":\"text\"}}"), 400, "InvalidParameter");

            assertTrue(error.path("message").asText().contains("output.type"), error.toString());
        }
    }

    @Nested
    class Results {

        @Test
        void detection_answers_synchronously_with_boxes_inside_the_real_image() throws Exception {
            HttpResponse<String> response = post(DETECT, imageBody(TestMedia.image("png", 120, 80)));

            assertEquals(200, response.statusCode(), response.body());
            JsonNode answer = json(response);
            assertFalse(answer.path("request_id").asText().isBlank());
            assertEquals(1, answer.path("usage").path("image").asInt());
            JsonNode objects = answer.path("result").path("objects");
            assertTrue(objects.isArray() && objects.size() > 0, answer.toString());
            for (JsonNode object : objects) {
                assertTrue(object.path("confidence").isNumber(), object.toString());
                JsonNode box = object.path("location");
                // upper-case X and Y, lower-case width and height (OpenSearch's API doc)
                int x = box.path("X").asInt(-1);
                int y = box.path("Y").asInt(-1);
                int w = box.path("width").asInt(-1);
                int h = box.path("height").asInt(-1);
                assertTrue(x >= 0 && y >= 0 && w > 0 && h > 0, box.toString());
                assertTrue(x + w <= 120 && y + h <= 80, "box outside the 120x80 image: " + box);
            }
        }

        @Test
        void a_task_is_pending_first_and_then_succeeds_with_data_computed_from_the_real_image() throws Exception {
            String taskId = createTask(ANALYZE, documentBody(TestMedia.image("png", 120, 80), "photo.png", "png"));

            HttpResponse<String> first = get(ANALYZE + "/task-status", "task_id=" + taskId);
            assertEquals(200, first.statusCode(), first.body());
            assertEquals("PENDING", json(first).path("result").path("status").asText(), first.body());
            assertEquals(taskId, json(first).path("result").path("task_id").asText());

            JsonNode done = statusAfterTheTaskDuration(ANALYZE, taskId);

            assertEquals("SUCCESS", done.path("result").path("status").asText(), done.toString());
            String content = done.path("result").path("data").path("content").asText();
            assertTrue(content.contains("120x80"), content);
            assertEquals(1, done.path("usage").path("pv_count").asInt(), done.toString());
        }

        @Test
        void a_snapshot_task_lists_frames_over_the_real_video_duration() throws Exception {
            // 4.5 s video, one frame per second: frames at 0, 1, 2, 3 and 4 s
            String mp4 = Base64.getEncoder().encodeToString(TestMedia.mp4(0, 1000, 4_500));
            String taskId = createTask(SNAPSHOT, "{\"input\":{\"content\":\"data:video/mp4;base64," + mp4 + "\",\"file_name\":\"a.mp4\"},"
                    + "\"parameters\":{\"interval\":1},\"output\":{\"type\":\"oss\",\"oss\":\"oss://b/frames\"}}");

            JsonNode done = statusAfterTheTaskDuration(SNAPSHOT, taskId);

            assertEquals("SUCCESS", done.path("result").path("status").asText(), done.toString());
            JsonNode frames = done.path("result").path("data");
            assertEquals(5, frames.size(), frames.toString());
            assertEquals(4000, frames.get(4).path("frame_time").asLong());
            assertTrue(frames.get(0).path("path").asText().startsWith("oss://b/frames/"), frames.toString());
            assertEquals(5, done.path("usage").path("image_count").asInt());
        }
    }

    @Nested
    class Throttling {

        @Test
        void a_burst_above_20_qps_to_object_detection_gets_some_throttling_answers() throws Exception {
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                burst.add(HTTP.sendAsync(request(DETECT, "Bearer " + KEY).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(SMALL_PNG_BODY)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            int throttled = 0;
            int ok = 0;
            for (CompletableFuture<HttpResponse<String>> call : burst) {
                HttpResponse<String> response = call.join();
                if (response.statusCode() == 429) {
                    throttled++;
                    JsonNode body = assertError(response, 429, json(response).path("code").asText());
                    assertTrue(body.path("code").asText().startsWith("Throttling"), response.body());
                } else {
                    assertEquals(200, response.statusCode(), response.body());
                    ok++;
                }
            }
            assertTrue(throttled > 0, "no call of a 60-call burst was throttled");
            assertTrue(ok > 0, "every call of the burst was throttled");
            assertEquals(throttled, json(admin("GET", "calls", null)).path("opensearch/ops-object-detect-001").path("throttled").asInt());
        }

        @Test
        void calls_paced_at_no_more_than_20_qps_are_never_throttled() throws Exception {
            // 25 calls, more than the bucket holds, each sent 55 ms (sandbox time) after the previous answer
            for (int i = 0; i < 25; i++) {
                HttpResponse<String> response = post(i % 2 == 0 ? DETECT : FACE, SMALL_PNG_BODY);
                assertEquals(200, response.statusCode(), "call " + i + ": " + response.body());
                clock.advance(Duration.ofMillis(55));
            }
        }
    }

    @Nested
    class Faults {

        @Test
        void force_status_failed_makes_new_tasks_end_failed_with_an_error() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-image-analyze-vlm-001\",\"forceStatus\":\"FAILED\"}");
            String taskId = createTask(ANALYZE, documentBody(TestMedia.image("png", 20, 20), "a.png", "png"));

            JsonNode done = statusAfterTheTaskDuration(ANALYZE, taskId);

            assertEquals("FAILED", done.path("result").path("status").asText(), done.toString());
            assertFalse(done.path("result").path("error").asText("").isBlank(), done.toString());
            assertTrue(done.path("result").path("data").isMissingNode(), done.toString());
        }

        @Test
        void throttle_burst_makes_exactly_the_next_n_calls_429_with_retry_after() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-object-detect-001\",\"throttleBurst\":3,\"retryAfterSeconds\":2}");

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = post(DETECT, SMALL_PNG_BODY);
                JsonNode body = assertError(response, 429, json(response).path("code").asText());
                assertTrue(body.path("code").asText().startsWith("Throttling"), response.body());
                assertEquals("2", response.headers().firstValue("Retry-After").orElse(null), "call " + i);
            }
            HttpResponse<String> fourth = post(DETECT, SMALL_PNG_BODY);

            assertEquals(200, fourth.statusCode(), fourth.body());
        }

        @Test
        void throttle_burst_without_retry_after_sends_no_retry_after_header() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-object-detect-001\",\"throttleBurst\":1}");

            HttpResponse<String> response = post(DETECT, SMALL_PNG_BODY);

            assertEquals(429, response.statusCode());
            assertTrue(response.headers().firstValue("Retry-After").isEmpty());
        }

        @Test
        void a_fault_for_one_service_id_leaves_the_others_alone() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-object-detect-001\",\"throttleBurst\":5}");

            assertEquals(200, post(FACE, SMALL_PNG_BODY).statusCode());
            assertEquals(429, post(DETECT, SMALL_PNG_BODY).statusCode());
        }

        @Test
        void error_rate_one_half_fails_every_second_call_with_internal_server_error() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-object-detect-001\",\"errorRate\":0.5}");

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = post(DETECT, SMALL_PNG_BODY);
                statuses.add(response.statusCode());
                if (response.statusCode() == 500) {
                    assertError(response, 500, "InternalServerError");
                }
            }

            assertEquals(List.of(200, 500, 200, 500, 200, 500), statuses);
        }

        @Test
        void a_fault_plan_with_an_unknown_field_is_refused() throws Exception {
            HttpResponse<String> response = admin("POST", "faults", "{\"vendor\":\"opensearch\",\"throttle\":3}");

            assertEquals(400, response.statusCode(), response.body());
        }
    }

    @Nested
    class Admin {

        @Test
        void calls_are_counted_per_service_id_with_the_throttled_ones() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-object-detect-face-001\",\"throttleBurst\":1}");
            post(DETECT, SMALL_PNG_BODY);
            post(DETECT, SMALL_PNG_BODY);
            post(FACE, SMALL_PNG_BODY);
            post(FACE, SMALL_PNG_BODY);
            post(DETECT, "{}");

            JsonNode counts = json(admin("GET", "calls", null));

            JsonNode detect = counts.path("opensearch/ops-object-detect-001");
            JsonNode face = counts.path("opensearch/ops-object-detect-face-001");
            assertEquals(3, detect.path("calls").asInt(), counts.toString());
            assertEquals(0, detect.path("throttled").asInt(), counts.toString());
            assertEquals(1, detect.path("clientErrors").asInt(), counts.toString());
            assertEquals(2, face.path("calls").asInt(), counts.toString());
            assertEquals(1, face.path("throttled").asInt(), counts.toString());
        }

        @Test
        void reset_clears_the_counts_and_the_faults() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-object-detect-001\",\"throttleBurst\":10}");
            assertEquals(429, post(DETECT, SMALL_PNG_BODY).statusCode());
            assertNotEquals(0, json(admin("GET", "calls", null)).size());

            assertEquals(200, admin("POST", "reset", null).statusCode());

            assertEquals(0, json(admin("GET", "calls", null)).size());
            assertEquals(200, post(DETECT, SMALL_PNG_BODY).statusCode());
        }

        @Test
        void deleting_the_faults_keeps_the_counts() throws Exception {
            setFault("{\"vendor\":\"opensearch\",\"target\":\"ops-object-detect-001\",\"throttleBurst\":10}");
            assertEquals(429, post(DETECT, SMALL_PNG_BODY).statusCode());

            assertEquals(200, admin("DELETE", "faults", null).statusCode());

            assertEquals(200, post(DETECT, SMALL_PNG_BODY).statusCode());
            assertEquals(2, json(admin("GET", "calls", null)).path("opensearch/ops-object-detect-001").path("calls").asInt());
        }
    }
}
