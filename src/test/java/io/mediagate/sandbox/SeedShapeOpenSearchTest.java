package io.mediagate.sandbox;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.testsupport.LoopbackMedia;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sandbox's OpenSearch answers have the shape of OpenSearch's documented examples (the video summarization status) and, where
 * the vendor doc has none, of OpenSearch's API doc's: task creation, each task's finished status, object detection, the
 * pending and failed statuses and the error body. Requests are the vendor doc's own bodies (its curl samples), with the
 * media made reachable to the sandbox.
 *
 * <p>Optional fields: {@code result.error} appears only when a task did not succeed, {@code usage} and
 * {@code result.data} only when it did (OpenSearch's documented SDK sample reads {@code data} on SUCCESS, {@code error} otherwise).
 */
class SeedShapeOpenSearchTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String WORKSPACE = "/v3/openapi/workspaces/default";
    private static SandboxServer sandbox;
    private static LoopbackMedia media;
    private static String video;
    private static final String PNG = Base64.getEncoder().encodeToString(TestMedia.image("png", 64, 48));

    @BeforeAll
    static void start() {
        // the vendor doc's QPS limits are tested elsewhere (OpenSearchSandboxContractTest); here calls come back to back
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "0s",
                "mediagate.sandbox.opensearch.qps.video-audio", "1000", "mediagate.sandbox.opensearch.qps.image-analysis", "1000")),
                Map.of("opensearch", "k")).start();
        media = new LoopbackMedia();
        video = media.serve("test.mp4", TestMedia.mp4Video(640, 360, 25, 250));
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        media.close();
    }

    @Test
    void object_detection() throws Exception {
        JsonNode answer = call("POST", WORKSPACE + "/image-object-detection/ops-object-detect-001", "{\"image\":{\"content\":\"" + PNG + "\"}}");
        JsonShape.ofFixture("opensearch/image-object-detection.response--contracts-5.4.json").assertMatches(answer, "object detection");
    }

    @Test
    void image_analysis() throws Exception {
        assertTask("image-analyze/ops-image-analyze-vlm-001",
                "{\"document\":{\"content\":\"" + PNG + "\",\"file_name\":\"a.png\",\"file_type\":\"png\"}}",
                "opensearch/image-analyze.task-status.response--contracts-5.4.json");
    }

    @Test
    void video_snapshot() throws Exception {
        assertTask("video-snapshot/ops-video-snapshot-001",
                seedBody("opensearch/video-snapshot.request--004-bash-video-snapshot.json"),
                "opensearch/video-snapshot.task-status.response--contracts-5.4.json");
    }

    @Test
    void video_segmentation() throws Exception {
        assertTask("video-segmentation/ops-video-segment-001",
                seedBody("opensearch/video-segmentation.request--004-curl-video-segmentation.json"),
                "opensearch/video-segmentation.task-status.response--contracts-5.4.json");
    }

    @Test
    void video_summarization() throws Exception {
        assertTask("video-summarization/ops-video-summarize-001",
                seedBody("opensearch/video-summarization.request--004-curl-video-summarization.json"),
                "opensearch/video-summarization.task-status.response--004-response-format.json");
    }

    @Test
    void audio_asr() throws Exception {
        assertTask("audio-asr/ops-audio-asr-001",
                seedBody("opensearch/audio-asr.request--004-bash-audio-asr.json"),
                "opensearch/audio-asr.task-status.response--contracts-5.4.json");
    }

    @Test
    void errors() throws Exception {
        HttpResponse<String> missing = send("GET", WORKSPACE + "/audio-asr/ops-audio-asr-001/async/task-status?task_id=nope", null);
        assertEquals(400, missing.statusCode());
        JsonShape.ofFixture("opensearch/error.response--contracts-5.4-400-task-not-exist.json")
                .assertMatches(Json.readOrNull(missing.body()), "task not found");
    }

    /** The vendor doc's request body with its input (an OSS path of the vendor doc's account) as a URL the sandbox can fetch. */
    private static String seedBody(String fixture) {
        JsonNode body = JsonShape.fixture(fixture);
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("input")).remove("oss");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("input")).put("url", video);
        return Json.write(body);
    }

    private void assertTask(String api, String body, String statusFixture) throws Exception {
        JsonNode created = call("POST", WORKSPACE + "/" + api + "/async", body);
        JsonShape.ofFixture("opensearch/async.response--contracts-5.4.json").assertMatches(created, api + " create");
        JsonNode status = call("GET", WORKSPACE + "/" + api + "/async/task-status?task_id=" + created.path("result").path("task_id").asText(), null);
        assertEquals("SUCCESS", status.path("result").path("status").asText(), status.toString());
        JsonShape.ofFixture(statusFixture).optional("$.result.error").assertMatches(status, api + " status");
    }

    private static JsonNode call(String method, String path, String body) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        assertEquals(200, response.statusCode(), response.body());
        return Json.readOrNull(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl("opensearch") + path))
                .header("Authorization", "Bearer k").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
