package io.mediagate.vendors.opensearch;

import io.mediagate.job.JobError;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.operation;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.polledJob;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.remoteJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each OpenSearch response example (OpenSearch's doc) read by our client. */
class OpenSearchSeedExamplesTest {

    private static VendorResponse example(int status, String fixture) {
        return VendorResponse.of(status, JsonShape.fixtureText("opensearch/" + fixture));
    }

    @Test
    void a_created_task_is_pending_with_its_id() {
        VendorOutcome.Pending pending = assertInstanceOf(VendorOutcome.Pending.class, operation("image-analyze")
                .readSubmit(remoteJob("image-analyze", "https://x/a.png", null), example(200, "async.response--contracts-5.4.json")));
        assertEquals("image-analyze-1-3f2a9c1e", pending.taskId());
        assertEquals("4DB1F8B2-1C9A-4C5E-9C52-2F1E0A8C1D3B", pending.requestId());
    }

    @ParameterizedTest
    @CsvSource({
            "image-analyze, image-analyze.task-status.response--contracts-5.4.json",
            "video-snapshot, video-snapshot.task-status.response--contracts-5.4.json",
            "video-segment, video-segmentation.task-status.response--contracts-5.4.json",
            "video-summarize, video-summarization.task-status.response--004-response-format.json",
            "audio-asr, audio-asr.task-status.response--contracts-5.4.json"})
    void a_finished_task_is_the_envelope_result_with_its_usage(String operation, String fixture) {
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class,
                operation(operation).readPoll(polledJob(operation, "t-1"), example(200, fixture)));
        var example = JsonShape.fixture("opensearch/" + fixture);
        assertEquals(example.path("usage"), done.usage(), "usage: " + done);
        assertEquals(example.path("result"), done.result(), "the task's result, data included");
    }

    @Test
    void pending_and_failed_statuses() {
        assertInstanceOf(VendorOutcome.Pending.class, operation("audio-asr").readPoll(polledJob("audio-asr", "t-1"),
                example(200, "task-status-pending.response--contracts-5.4.json")));
        VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, operation("audio-asr")
                .readPoll(polledJob("audio-asr", "t-1"), example(200, "task-status-failed.response--contracts-5.4.json")));
        assertEquals(JobError.Kind.vendor, failed.error().kind());
        assertEquals("FAILED", failed.error().code());
        assertTrue(failed.error().message().contains("input file is not readable"), failed.error().message());
    }

    @Test
    void a_detection_is_the_envelope_result() {
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class, operation("object-detect")
                .readSubmit(remoteJob("object-detect", "https://x/a.jpg", null), example(200, "image-object-detection.response--contracts-5.4.json")));
        assertEquals(JsonShape.fixture("opensearch/image-object-detection.response--contracts-5.4.json").path("result"), done.result());
        assertEquals(1, done.usage().path("image").asInt());
    }

    @Test
    void the_error_table() {
        VendorOutcome.Failed invalid = (VendorOutcome.Failed) operation("image-analyze").readSubmit(
                remoteJob("image-analyze", "https://x/a.png", null), example(400, "error.response--contracts-5.4-400-invalid-parameter.json"));
        assertEquals(JobError.Kind.input, invalid.error().kind());
        assertEquals("InvalidParameter", invalid.error().code());
        VendorOutcome.Failed gone = (VendorOutcome.Failed) operation("audio-asr").readPoll(polledJob("audio-asr", "t-1"),
                example(400, "error.response--contracts-5.4-400-task-not-exist.json"));
        assertEquals("BadRequest.TaskNotExist", gone.error().code());
        assertFalse(gone.error().retryable());
        VendorOutcome.Failed service = (VendorOutcome.Failed) operation("image-analyze").readSubmit(
                remoteJob("image-analyze", "https://x/a.png", null), example(400, "error.response--contracts-5.4-400-service-id-not-exist.json"));
        assertTrue(service.error().message().contains("service-id"), service.error().message());
        assertTrue(((VendorOutcome.Failed) operation("image-analyze").readSubmit(remoteJob("image-analyze", "https://x/a.png", null),
                example(429, "error.response--contracts-5.4-429-throttling.json"))).error().retryable());
        assertTrue(((VendorOutcome.Failed) operation("image-analyze").readSubmit(remoteJob("image-analyze", "https://x/a.png", null),
                example(500, "error.response--contracts-5.4-500-internal-server-error.json"))).error().retryable());
    }

    @Test
    void an_unknown_workspace_names_the_setting() {
        VendorOutcome.Failed workspace = (VendorOutcome.Failed) operation("image-analyze").readSubmit(
                remoteJob("image-analyze", "https://x/a.png", null), VendorResponse.of(400,
                        "{\"request_id\":\"r\",\"latency\":0,\"code\":\"InvalidParameter\",\"message\":\"The workspace 'nope' does not exist.\"}"));
        assertEquals(JobError.Kind.input, workspace.error().kind());
        assertTrue(workspace.error().message().contains("mediagate.opensearch.workspace"), workspace.error().message());
    }
}
