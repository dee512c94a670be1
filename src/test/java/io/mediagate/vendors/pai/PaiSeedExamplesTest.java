package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssStores;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each response example of PAI's SDK doc (src/test/resources/seed-examples/pai) read by our PAI client. */
class PaiSeedExamplesTest {

    private final PaiVendor vendor = new PaiVendor(Settings.of(Map.of("mediagate.pai.app-id", "app", "mediagate.pai.token", "t",
            "mediagate.pai.host", "ai-service.example.com")), null, null, OssStores.none(), null);

    private VendorOperation op(String folder) {
        return vendor.operations().stream().filter(o -> o.spec().name().equals(folder)).findFirst().orElseThrow();
    }

    private static Job job(String taskId) {
        Job job = new Job();
        job.setId("j1");
        job.setTaskId(taskId);
        job.getSource().name = "a.jpg";
        job.getSource().url = "https://example.com/a.jpg";
        return job;
    }

    private static VendorResponse example(int status, String fixture) {
        return VendorResponse.of(status, JsonShape.fixtureText("pai/" + fixture));
    }

    @ParameterizedTest
    @CsvSource({
            "image-qa, image-qa.response--000-image-quality-evaluation.json, iqa_result",
            "face-attributes, face-attributes.response--000-face-attribute-analysis.json, attr",
            "age, age.response--000-age-analysis.json, age_range",
            "image-tags, image-tags.response--000-multiple-image-labels.json, tag_result",
            "ai-painting-tags, ai-painting-tags.response--000-labeling-ai-paintings.json, probs",
            "body-reshape, body-reshape.response--000-portrait-figure-modification.json, image",
            "watermark-remove, watermark-remove.response--000-watermark-removal.json, image"})
    void an_image_answer_is_the_envelope_result(String operation, String fixture, String field) {
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class, op(operation).readSubmit(job(null), example(200, fixture)));
        JsonNode data = JsonShape.fixture("pai/" + fixture).path("data");
        assertTrue(done.result().has(field), done.result().toString());
        assertEquals(JsonShape.fixture("pai/" + fixture).path("request_id").asText(), done.requestId());
        if (data.isTextual()) {
            assertEquals(data.asText(), done.result().path("image").asText(), "the base64 image, delivered as a file");
        } else {
            assertEquals(data, done.result());
        }
    }

    @ParameterizedTest
    @CsvSource({
            "video-qa, video-quality-evaluation, 1000",
            "video-classify, video-classification-by-label, 5",
            "multimodal-tags, post-categorization-and-labeling, 1134000"})
    void a_video_submit_gives_the_job_id_then_running_and_finished_jobs(String operation, String section, String jobId) {
        VendorOutcome.Pending submitted = assertInstanceOf(VendorOutcome.Pending.class,
                op(operation).readSubmit(job(null), example(200, operation + ".submit.response--000-" + section + ".json")));
        assertEquals(jobId, submitted.taskId());
        assertInstanceOf(VendorOutcome.Pending.class,
                op(operation).readPoll(job(jobId), example(200, operation + ".job-running.response--000-" + section + ".json")));
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class,
                op(operation).readPoll(job(jobId), example(200, operation + ".job-done.response--000-" + section + ".json")));
        JsonNode result = done.result().path("Result");
        assertTrue(result.isObject(), "the Result string is parsed: " + done.result());
        assertTrue(result.path("duration").isNumber(), result.toString());
        if (!operation.equals("video-qa")) {
            assertTrue(result.path("embedding_result").isArray(), "embeddings as numbers: " + result);
            assertTrue(result.path("video_width").isInt() && result.path("video_height").isInt(), result.toString());
        } else {
            assertTrue(result.path("video_score").isNumber() && result.path("avg_fps").isInt(), result.toString());
        }
    }

    @ParameterizedTest
    @CsvSource({"video-qa, video-quality-evaluation, 14", "video-classify, video-classification-by-label, 1"})
    void a_batch_gives_its_id_then_every_video_with_its_parsed_result(String operation, String section, String batchId) {
        Job batch = job(null);
        batch.getSource().url = null;
        batch.getSource().urls = java.util.List.of("https://your_video_1_url.mp4", "https://your_video_2_url.mp4");
        VendorOutcome.Pending submitted = assertInstanceOf(VendorOutcome.Pending.class,
                op(operation).readSubmit(batch, example(200, operation + ".batch-submit.response--000-" + section + ".json")));
        assertEquals("batch-" + batchId, submitted.taskId());
        batch.setTaskId(submitted.taskId());
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class,
                op(operation).readPoll(batch, example(200, operation + ".batch-done.response--000-" + section + ".json")));
        assertEquals(2, done.result().path("jobs").size(), done.result().toString());
        for (JsonNode video : done.result().path("jobs")) {
            assertTrue(video.path("Result").path("duration").isNumber(), video.toString());
        }
    }

    @Test
    void the_error_table_gives_the_documented_error_records() {
        VendorOutcome.Failed appId = (VendorOutcome.Failed) op("image-qa").readSubmit(job(null), example(400, "error.response--contracts-1.5-400-not-found-appid.json"));
        assertEquals(JobError.Kind.auth, appId.error().kind());
        assertTrue(appId.error().message().contains("mediagate.pai.app-id"), appId.error().message());
        VendorOutcome.Failed sign = (VendorOutcome.Failed) op("image-qa").readSubmit(job(null), example(401, "error.response--contracts-1.5-401-sign-error.json"));
        assertEquals(JobError.Kind.auth, sign.error().kind());
        assertTrue(sign.error().message().contains("mediagate.pai.token"), sign.error().message());
        VendorOutcome.Failed model = (VendorOutcome.Failed) op("age").readSubmit(job(null), example(404, "error.response--contracts-1.5-404-model-not-found.json"));
        assertEquals(JobError.Kind.input, model.error().kind());
        assertTrue(model.error().message().contains("fairface"), model.error().message());
        VendorOutcome.Failed lost = (VendorOutcome.Failed) op("video-qa").readPoll(job("1012"), example(404, "error.response--contracts-1.5-404-model-not-found.json"));
        assertEquals(JobError.Kind.vendor, lost.error().kind());
        assertTrue(lost.error().message().contains("job 1012"), lost.error().message());
        VendorOutcome.Failed server = (VendorOutcome.Failed) op("image-qa").readSubmit(job(null), example(422, "error.response--contracts-1.5-422-sever-error.json"));
        assertEquals("SEVER_ERROR", server.error().code());
        assertTrue(server.error().retryable());
        Job retried = job(null);
        retried.setAttempt(PaiErrors.SERVER_ERROR_RETRIES);
        assertFalse(((VendorOutcome.Failed) op("image-qa").readSubmit(retried,
                example(422, "error.response--contracts-1.5-422-sever-error.json"))).error().retryable());
    }
}
