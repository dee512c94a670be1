package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PAI requests as the PAI SDKs' wire format describes them, and answers read per the same. */
class PaiOperationTest {

    private final PaiVendor vendor = new PaiVendor(Settings.of(Map.of("mediagate.pai.app-id", "app", "mediagate.pai.token", "t",
            "mediagate.pai.host", "ai-service.example.com/")), null, null, OssStores.none(), null);

    private VendorOperation op(String folder) {
        return vendor.operations().stream().filter(o -> o.spec().name().equals(folder)).findFirst().orElseThrow();
    }

    private static Job job(String params) {
        Job job = new Job();
        job.setId("j1");
        job.setTaskId("42");
        job.getSource().name = "a.job.json";
        job.getSource().url = "https://example.com/a.jpg";
        job.setParams((com.fasterxml.jackson.databind.node.ObjectNode) Json.readOrNull(params));
        return job;
    }

    @Test
    void the_catalog_has_every_operation_with_its_action_and_model() {
        assertEquals("http://ai-service.example.com", vendor.endpoint(), "the SDKs' host normalisation");
        VendorRequest age = op("age").submit(job("{}"), null);
        assertEquals("http://ai-service.example.com/api/v1/images", age.url());
        JsonNode body = Json.readOrNull(age.body());
        assertEquals("FaceAttrImage", body.path("action").asText());
        assertEquals("fairface", body.path("model_name").asText());
        assertEquals("https://example.com/a.jpg", body.path("image").asText());
        assertTrue(body.path("configure").isObject());
        assertEquals("watermark_remover", Json.readOrNull(op("watermark-remove").submit(job("{}"), null).body()).path("model_name").asText());
        JsonNode video = Json.readOrNull(op("video-classify").submit(job("{\"video_title\":\"t1\"}"), null).body());
        assertEquals("ClassifyLabelVideo", video.path("action").asText());
        assertEquals("t1", video.path("video_title").asText());
        assertEquals("https://example.com/a.jpg", video.path("video_url").asText());
        assertTrue(op("video-qa").spec().async() && !op("image-qa").spec().async());
    }

    @Test
    void the_status_call_is_a_post_without_body_and_states_map_to_outcomes() {
        VendorRequest poll = op("video-qa").poll(job("{}"));
        assertEquals("POST", poll.method());
        assertEquals("http://ai-service.example.com/api/v1/async_jobs/42", poll.url());
        assertNull(poll.body());
        for (int running : new int[]{0, 1}) {
            assertInstanceOf(VendorOutcome.Pending.class, op("video-qa").readPoll(job("{}"), VendorResponse.of(200,
                    "{\"code\":\"OK\",\"data\":{\"job\":{\"id\":42,\"state\":" + running + ",\"Result\":\"\"}}}")));
        }
        VendorOutcome.Done done = (VendorOutcome.Done) op("video-classify").readPoll(job("{}"), VendorResponse.of(200,
                "{\"code\":\"OK\",\"data\":{\"job\":{\"id\":42,\"state\":2,\"Result\":\"{\\\"embedding_result\\\":\\\"0.5,-1\\\"}\"}}}"));
        assertEquals(-1.0, done.result().path("Result").path("embedding_result").get(1).asDouble());
        VendorOutcome.Failed failed = (VendorOutcome.Failed) op("video-qa").readPoll(job("{}"), VendorResponse.of(200,
                "{\"code\":\"OK\",\"data\":{\"job\":{\"id\":42,\"state\":3,\"message\":\"failed to download video, err=404\"}}}"));
        assertTrue(failed.error().message().contains("failed to download video"));
        assertFalse(failed.error().retryable());
    }

    @Test
    void the_error_table_becomes_auth_input_or_a_retry() {
        VendorOperation op = op("image-qa");
        assertEquals(JobError.Kind.auth, ((VendorOutcome.Failed) op.readSubmit(job("{}"), VendorResponse.of(400,
                "{\"code\":\"PARAMETER_ERROR\",\"message\":\"not found appid\"}"))).error().kind());
        VendorOutcome.Failed sign = (VendorOutcome.Failed) op.readSubmit(job("{}"), VendorResponse.of(401,
                "{\"code\":\"PARAMETER_ERROR\",\"message\":\"sign error\"}"));
        assertTrue(sign.error().message().contains("PAI_TOKEN"), sign.error().message());
        VendorOutcome.Failed model = (VendorOutcome.Failed) op.readSubmit(job("{\"model_name\":\"x-model\"}"), VendorResponse.of(404,
                "{\"code\":\"PARAMETER_ERROR\",\"message\":\"model not found\"}"));
        assertEquals(JobError.Kind.input, model.error().kind());
        assertTrue(model.error().message().contains("x-model"));
        assertTrue(((VendorOutcome.Failed) op.readSubmit(job("{}"), VendorResponse.of(422,
                "{\"code\":\"SEVER_ERROR\",\"message\":\"server error\"}"))).error().retryable());
    }

    @Test
    void configure_rules_of_the_seed_are_checked_with_the_value_named() {
        JobFailure topK = assertThrows(JobFailure.class, () -> op("video-classify").submit(job("{\"configure\":{\"classification_top_k\":0}}"), null));
        assertTrue(topK.getMessage().contains("classification_top_k must be an integer from 1 to 10, not 0"), topK.getMessage());
        JobFailure threshold = assertThrows(JobFailure.class, () -> op("ai-painting-tags").submit(job("{\"configure\":{\"threshold\":\"high\"}}"), null));
        assertTrue(threshold.getMessage().contains("threshold must be a number from 0 to 1"), threshold.getMessage());
        JobFailure noUrl = assertThrows(JobFailure.class, () -> {
            Job j = job("{}");
            j.getSource().url = null;
            j.getSource().oss = "oss://b/a.jpg";
            op("image-qa").submit(j, null);
        });
        assertTrue(noUrl.getMessage().contains("mediagate.oss"), noUrl.getMessage());
    }

    @Test
    void base64_images_are_recognised_by_their_first_bytes() {
        assertEquals("jpg", PaiResults.imageExtension("/9j/4AAQSkZJRgABAQ"));
        assertEquals("png", PaiResults.imageExtension("iVBORw0KGgoAAAANSUhEUg"));
        assertEquals("img", PaiResults.imageExtension("imByev+I3vrryTGN"));
    }

    @Test
    void several_videos_go_in_one_batch_call_and_are_polled_on_the_batch_endpoint() {
        Job job = job("{\"titles\":[\"first\"]}");
        job.getSource().url = null;
        job.getSource().urls = java.util.List.of("https://example.com/1.mp4", "https://example.com/2.mp4");
        VendorRequest batch = op("video-qa").submit(job, null);
        assertEquals("http://ai-service.example.com/api/v1/batch_videos", batch.url());
        JsonNode body = Json.readOrNull(batch.body());
        assertEquals("VideoQA", body.path("action").asText());
        assertEquals("https://example.com/2.mp4", body.path("videos").get(1).path("url").asText());
        assertEquals("first", body.path("videos").get(0).path("title").asText());
        assertEquals("", body.path("videos").get(1).path("title").asText());
        VendorOutcome.Pending pending = (VendorOutcome.Pending) op("video-qa").readSubmit(job, VendorResponse.of(200,
                "{\"code\":\"OK\",\"data\":{\"batch_id\":14}}"));
        job.setTaskId(pending.taskId());
        VendorRequest poll = op("video-qa").poll(job);
        assertEquals("GET", poll.method());
        assertEquals("http://ai-service.example.com/api/v1/batch_jobs/14", poll.url());
        assertInstanceOf(VendorOutcome.Pending.class, op("video-qa").readPoll(job, VendorResponse.of(200,
                "{\"code\":\"OK\",\"data\":{\"jobs\":[{\"id\":1,\"state\":2,\"Result\":\"{}\"},{\"id\":2,\"state\":1}]}}")),
                "pending while any video runs");
        assertFalse(op("image-qa").takesBatches());
        assertFalse(op("multimodal-tags").takesBatches());
    }

    @Test
    void only_videos_with_the_same_model_and_configure_share_a_batch_key() {
        VendorOperation classify = op("video-classify");
        String key = classify.batchKey(job("{\"configure\": {\"tag_top_k\": 3, \"output_tag\": true}}"));
        assertEquals(key, classify.batchKey(job("{\"video_title\": \"other\", \"configure\": {\"output_tag\": true, \"tag_top_k\": 3}}")),
                "key order and titles do not matter");
        assertFalse(key.equals(classify.batchKey(job("{\"configure\": {\"tag_top_k\": 4, \"output_tag\": true}}"))));
        assertFalse(key.equals(op("video-qa").batchKey(job("{\"configure\": {\"tag_top_k\": 3, \"output_tag\": true}}"))));
        assertNull(classify.batchKey(job("{\"configure\": {\"tag_top_k\": 20}}")), "an invalid job fails on its own, never a batch");
        Job listed = job("{}");
        listed.getSource().urls = java.util.List.of("https://example.com/1.mp4", "https://example.com/2.mp4");
        assertNull(classify.batchKey(listed), "a job file's own batch is not gathered again");
        assertNull(op("image-qa").batchKey(job("{}")));
        assertFalse(op("multimodal-tags").batchWindow().gathers());
        assertTrue(classify.batchWindow().gathers(), "on by default");
    }

    @Test
    void an_automatic_batch_sends_each_members_url_and_title_and_gives_each_member_its_own_answer() {
        Job first = job("{\"video_title\": \"first\"}");
        first.getSource().url = "https://example.com/1.mp4";
        Job second = job("{}");
        second.setId("j2");
        second.getSource().url = "https://example.com/2.mp4";
        Job batch = Job.batchOf(java.util.List.of(first, second));
        VendorOperation qa = op("video-qa");
        VendorRequest request = qa.submit(batch, null);
        assertEquals("http://ai-service.example.com/api/v1/batch_videos", request.url());
        JsonNode videos = Json.readOrNull(request.body()).path("videos");
        assertEquals("https://example.com/1.mp4", videos.get(0).path("url").asText());
        assertEquals("first", videos.get(0).path("title").asText());
        assertEquals("", videos.get(1).path("title").asText());

        VendorOutcome.Pending pending = (VendorOutcome.Pending) qa.readSubmit(batch, VendorResponse.of(200,
                "{\"code\":\"OK\",\"data\":{\"batch_id\":7}}"));
        batch.setTaskId(pending.taskId());
        VendorOutcome.Done done = (VendorOutcome.Done) qa.readPoll(batch, VendorResponse.of(200, "{\"code\":\"OK\",\"data\":{\"jobs\":["
                + "{\"id\":1,\"state\":2,\"Result\":\"{\\\"duration\\\":4}\"},"
                + "{\"id\":2,\"state\":3,\"message\":\"failed to download video, err=404\"}]}}"));
        batch.succeed(done.result(), null, 1000L);
        java.util.List<Job> members = qa.parts(batch);
        assertEquals("j1", members.get(0).getId());
        assertEquals(Job.Status.succeeded, members.get(0).getStatus());
        assertEquals(4, members.get(0).getResult().path("Result").path("duration").asInt());
        assertEquals(new Job.BatchPlace(1, 2), members.get(0).getBatch());
        assertEquals("j2", members.get(1).getId());
        assertEquals(Job.Status.failed, members.get(1).getStatus());
        assertTrue(members.get(1).getError().message().contains("video 2 of batch 7: failed to download video"));
    }

    @Test
    void when_the_batch_call_itself_fails_every_member_fails_with_its_error() {
        Job first = job("{}");
        Job second = job("{}");
        second.setId("j2");
        Job batch = Job.batchOf(java.util.List.of(first, second));
        batch.fail(JobError.auth("401 sign error: check mediagate.pai.token"), 1000L);
        java.util.List<Job> members = op("video-qa").parts(batch);
        assertEquals(2, members.size());
        for (Job member : members) {
            assertEquals(Job.Status.failed, member.getStatus());
            assertEquals(JobError.Kind.auth, member.getError().kind());
        }
        assertEquals(java.util.List.of("j1", "j2"), members.stream().map(Job::getId).toList());
    }

    @Test
    void batch_records_listed_out_of_order_still_reach_their_own_files() {
        Job first = job("{}");
        first.getSource().url = "https://example.com/1.mp4";
        Job second = job("{}");
        second.setId("j2");
        second.getSource().url = null;
        second.getSource().name = "two words.mp4";
        Job batch = Job.batchOf(java.util.List.of(first, second));
        batch.setTaskId("batch-9");
        VendorOutcome.Done done = (VendorOutcome.Done) op("video-qa").readPoll(batch, VendorResponse.of(200, "{\"code\":\"OK\",\"data\":{\"jobs\":["
                + "{\"id\":2,\"state\":2,\"object\":\"http://127.0.0.1:8087/media/tok.sig/two%20words.mp4\",\"Result\":\"{\\\"duration\\\":2}\"},"
                + "{\"id\":1,\"state\":2,\"object\":\"https://example.com/1.mp4\",\"Result\":\"{\\\"duration\\\":1}\"}]}}"));
        batch.succeed(done.result(), null, 1000L);
        java.util.List<Job> members = op("video-qa").parts(batch);
        assertEquals(1, members.get(0).getResult().path("Result").path("duration").asInt(), "j1 gets the record for its URL");
        assertEquals(2, members.get(1).getResult().path("Result").path("duration").asInt(), "j2 the one for its file");
    }
    @Test
    void a_404_while_polling_is_the_job_not_found_not_a_missing_model() {
        VendorOutcome.Failed lost = (VendorOutcome.Failed) op("video-qa").readPoll(job("{}"), VendorResponse.of(404,
                "{\"request_id\":\"r\",\"code\":\"PARAMETER_ERROR\",\"message\":\"job not found\"}"));
        assertEquals(JobError.Kind.vendor, lost.error().kind(), lost.error().toString());
        assertTrue(lost.error().message().contains("job 42"), lost.error().message());
        assertFalse(lost.error().message().contains("model"), lost.error().message());
        assertFalse(lost.error().retryable());

        Job batch = job("{}");
        batch.setTaskId("batch-7");
        VendorOutcome.Failed lostBatch = (VendorOutcome.Failed) op("video-qa").readPoll(batch, VendorResponse.of(404,
                "{\"request_id\":\"r\",\"code\":\"PARAMETER_ERROR\",\"message\":\"batch not found\"}"));
        assertTrue(lostBatch.error().message().contains("batch 7"), lostBatch.error().message());

        // at submit, a 404 still means the model (PAI's SDK doc: "model not found")
        VendorOutcome.Failed model = (VendorOutcome.Failed) op("video-qa").readSubmit(job("{}"), VendorResponse.of(404,
                "{\"request_id\":\"r\",\"code\":\"PARAMETER_ERROR\",\"message\":\"model not found\"}"));
        assertEquals(JobError.Kind.input, model.error().kind());
        assertTrue(model.error().message().contains("no model"), model.error().message());
    }

    @Test
    void a_422_at_submit_is_retried_once_then_ends_as_a_vendor_error_saying_why() {
        String serverError = "{\"request_id\":\"r\",\"code\":\"SEVER_ERROR\",\"message\":\"model service error\"}";
        Job first = job("{}");
        VendorOutcome.Failed once = (VendorOutcome.Failed) op("image-qa").readSubmit(first, VendorResponse.of(422, serverError));
        assertTrue(once.error().retryable(), "the first 422 is tried again");

        Job again = job("{}");
        again.setAttempt(PaiErrors.SERVER_ERROR_RETRIES);
        VendorOutcome.Failed last = (VendorOutcome.Failed) op("image-qa").readSubmit(again, VendorResponse.of(422, serverError));
        assertFalse(last.error().retryable(), "a 422 is billed and usually recurs: not sent again");
        assertEquals(JobError.Kind.vendor, last.error().kind());
        assertEquals("SEVER_ERROR", last.error().code());
        assertTrue(last.error().message().contains("Not sent again"), last.error().message());

        // other transient answers keep the general retry policy
        VendorOutcome.Failed throttled = (VendorOutcome.Failed) op("image-qa").readSubmit(again, VendorResponse.of(429, serverError));
        assertTrue(throttled.error().retryable());
        assertEquals(JobError.Kind.quota, throttled.error().kind(), "over PAI's rate limit: quota when the retries run out");
    }
}
