package io.mediagate.sandbox;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.PaiSigner;
import io.mediagate.json.Json;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.testsupport.LoopbackMedia;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sandbox's PAI answers have exactly the shape of PAI's documented examples (src/test/resources/seed-examples/pai):
 * every image API, and for the video APIs the submit, the running and finished job, the batch submit and the finished
 * batch, with the {@code Result} string parsed and compared too.
 *
 * <p>Optional fields: {@code classification_result}, {@code tag_result} and {@code embedding_result} are returned
 * only when {@code output_classification}, {@code output_tag} and {@code output_embedding} are on (all default on);
 * {@code embedding_result} of the image labels only with {@code output_embedding: True}. The requests here send the
 * documented example's own {@code configure}, so the example's field set is the one to match, exactly.
 */
class SeedShapePaiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Jobs end at once: the finished shapes. */
    private static SandboxServer finishing;
    /** Jobs stay queued for an hour: the running shapes. */
    private static SandboxServer running;
    private static LoopbackMedia media;
    private static String image;
    private static String video;
    private static String video2;

    @BeforeAll
    static void start() {
        finishing = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "0s")), Map.of("pai", "app-1:tok-1")).start();
        running = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "1h")), Map.of("pai", "app-1:tok-1")).start();
        media = new LoopbackMedia();
        image = media.serve("face.png", TestMedia.image("png", 398, 214));
        video = media.serve("clip.mp4", TestMedia.mp4Video(720, 1280, 30, 439));
        video2 = media.serve("clip2.mp4", TestMedia.mp4Video(320, 568, 25, 455));
    }

    @AfterAll
    static void stop() {
        finishing.close();
        running.close();
        media.close();
    }

    @Test
    void image_quality() throws Exception {
        assertImageShape("ImageQA", "", "{}", "pai/image-qa.response--000-image-quality-evaluation.json");
    }

    @Test
    void face_attributes() throws Exception {
        assertImageShape("FaceAttrImage", "", "{}", "pai/face-attributes.response--000-face-attribute-analysis.json");
    }

    @Test
    void age() throws Exception {
        assertImageShape("FaceAttrImage", "fairface", "{}", "pai/age.response--000-age-analysis.json");
    }

    @Test
    void image_labels() throws Exception {
        assertImageShape("MultiLabelImageV2", "", "{\"tag_top_k\":5,\"output_embedding\":false}",
                "pai/image-tags.response--000-multiple-image-labels.json");
    }

    @Test
    void ai_painting_labels() throws Exception {
        assertImageShape("MultiLabelImageV2", "tagger", "{\"threshold\":0.5,\"tagger_type\":\"SmilingWolf/wd-v1-4-convnextv2-tagger-v2\"}",
                "pai/ai-painting-tags.response--000-labeling-ai-paintings.json");
    }

    @Test
    void body_reshaping() throws Exception {
        assertImageShape("MultiLabelImageV2", "body_reshaping", "{\"degree\":-1.5}",
                "pai/body-reshape.response--000-portrait-figure-modification.json");
    }

    @Test
    void watermark_removal() throws Exception {
        assertImageShape("MultiLabelImageV2", "watermark_remover", "{}", "pai/watermark-remove.response--000-watermark-removal.json");
    }

    @Test
    void video_quality() throws Exception {
        String body = "{\"action\":\"VideoQA\",\"video_url\":\"" + video + "\",\"video_title\":\"\",\"model_name\":\"\",\"configure\":{}}";
        assertVideoShapes(body, "video-qa", "video-quality-evaluation");
    }

    @Test
    void video_classification() throws Exception {
        String body = "{\"action\":\"ClassifyLabelVideo\",\"video_url\":\"" + video + "\",\"video_title\":\"your_video_title\",\"model_name\":\"\","
                + "\"configure\":" + CLASSIFY_CONFIGURE + "}";
        assertVideoShapes(body, "video-classify", "video-classification-by-label");
    }

    @Test
    void post_classification() throws Exception {
        String body = "{\"action\":\"MultiModalClassify\",\"video_url\":\"" + video + "\",\"images\":[\"" + image + "\"],"
                + "\"text\":\"Text content\",\"model_name\":\"multi_modal_tag\",\"configure\":" + CLASSIFY_CONFIGURE + "}";
        String section = "post-categorization-and-labeling";
        for (SandboxServer sandbox : new SandboxServer[]{finishing, running}) {
            JsonNode submitted = call(sandbox, "POST", "/api/v1/videos", body);
            shape("multimodal-tags.submit", section).assertMatches(submitted, "the multimodal submit");
            JsonNode job = call(sandbox, "POST", "/api/v1/async_jobs/" + submitted.path("data").path("job_id").asInt(), null);
            String step = sandbox == finishing ? "job-done" : "job-running";
            shape("multimodal-tags." + step, section).assertMatches(job, "the multimodal job (" + step + ")");
        }
    }

    @Test
    void batches() throws Exception {
        for (String[] api : new String[][]{{"VideoQA", "{}", "video-qa", "video-quality-evaluation"},
                {"ClassifyLabelVideo", CLASSIFY_CONFIGURE, "video-classify", "video-classification-by-label"}}) {
            String body = "{\"action\":\"" + api[0] + "\",\"videos\":[{\"url\":\"" + video + "\",\"title\":\"\"},{\"url\":\"" + video2
                    + "\",\"title\":\"\"}],\"model_name\":\"\",\"configure\":" + api[1] + "}";
            JsonNode submitted = call(finishing, "POST", "/api/v1/batch_videos", body);
            shape(api[2] + ".batch-submit", api[3]).assertMatches(submitted, api[2] + " batch submit");
            JsonNode batch = call(finishing, "GET", "/api/v1/batch_jobs/" + submitted.path("data").path("batch_id").asInt(), null);
            assertEquals(2, batch.path("data").path("jobs").size(), batch.toString());
            shape(api[2] + ".batch-done", api[3]).assertMatches(batch, api[2] + " batch result");
        }
    }

    private static final String CLASSIFY_CONFIGURE = "{\"output_classification\":true,\"classification_top_k\":1,\"output_tag\":true,"
            + "\"tag_top_k\":5,\"output_embedding\":true}";

    private void assertVideoShapes(String body, String api, String section) throws Exception {
        JsonNode submitted = call(finishing, "POST", "/api/v1/videos", body);
        shape(api + ".submit", section).assertMatches(submitted, api + " submit");
        JsonNode done = call(finishing, "POST", "/api/v1/async_jobs/" + submitted.path("data").path("job_id").asInt(), null);
        assertEquals(2, done.path("data").path("job").path("state").asInt(), done.toString());
        shape(api + ".job-done", section).assertMatches(done, api + " finished job");
        JsonNode queued = call(running, "POST", "/api/v1/async_jobs/"
                + call(running, "POST", "/api/v1/videos", body).path("data").path("job_id").asInt(), null);
        shape(api + ".job-running", section).assertMatches(queued, api + " running job");
    }

    private void assertImageShape(String action, String model, String configure, String fixture) throws Exception {
        String body = "{\"action\":\"" + action + "\",\"image\":\"" + image + "\",\"model_name\":\"" + model + "\",\"configure\":" + configure + "}";
        JsonShape.ofFixture(fixture).assertMatches(call(finishing, "POST", "/api/v1/images", body), action + "/" + model);
    }

    private static JsonShape shape(String api, String section) {
        return JsonShape.ofFixture("pai/" + api + ".response--000-" + section + ".json").jsonIn("Result");
    }

    private static JsonNode call(SandboxServer sandbox, String method, String path, String body) throws Exception {
        VendorRequest request = new VendorRequest(method, sandbox.baseUrl("pai") + path, null, Map.of(), body);
        new PaiSigner("app-1", "tok-1", Clock.systemUTC()).sign(request);
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.url()))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        request.headers().forEach(http::header);
        HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.readOrNull(response.body());
    }
}
