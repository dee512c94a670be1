package io.mediagate.vendors.opensearch;

import io.mediagate.job.JobError;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.operation;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.polledJob;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.remoteJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Error answers of OpenSearch (OpenSearch's API doc: {@code {"request_id","latency","code","message"}} + HTTP status). */
class OpenSearchErrorsTest {

    private static String errorBody(String code, String message) {
        return "{\"request_id\":\"ERR-REQ-1\",\"latency\":0,\"code\":\"" + code + "\",\"message\":\"" + message + "\"}";
    }

    private static VendorOutcome.Failed submitAnswer(String operation, VendorResponse response) {
        VendorOutcome outcome = operation(operation).readSubmit(remoteJob(operation, "https://x/in.jpg", null), response);
        return assertInstanceOf(VendorOutcome.Failed.class, outcome);
    }

    private static VendorOutcome.Failed pollAnswer(String operation, VendorResponse response) {
        VendorOutcome outcome = operation(operation).readPoll(polledJob(operation, "t-1"), response);
        return assertInstanceOf(VendorOutcome.Failed.class, outcome);
    }

    @Test
    void unauthorized_is_an_auth_failure_that_points_at_the_api_key() {
        VendorOutcome.Failed failed = submitAnswer("object-detect",
                VendorResponse.of(401, errorBody("Unauthorized", "Invalid or missing API key")));

        assertEquals(JobError.Kind.auth, failed.error().kind());
        assertFalse(failed.error().retryable());
        assertEquals(401, failed.error().httpStatus());
        assertTrue(failed.error().message().contains("OPENSEARCH_API_KEY"), failed.error().message());
        assertEquals("ERR-REQ-1", failed.requestId());
    }

    @Test
    void unauthorized_without_a_body_is_still_an_auth_failure() {
        VendorOutcome.Failed failed = submitAnswer("image-analyze", VendorResponse.of(401, ""));

        assertEquals(JobError.Kind.auth, failed.error().kind());
        assertTrue(failed.error().message().contains("OPENSEARCH_API_KEY"), failed.error().message());
    }

    @Test
    void http_429_is_retryable_and_honours_retry_after() {
        VendorResponse response = new VendorResponse(429, errorBody("Throttling", "Request was denied due to request throttling."),
                Map.of("Retry-After", "3"), null);

        VendorOutcome.Failed failed = submitAnswer("object-detect", response);

        assertTrue(failed.error().retryable());
        assertEquals(JobError.Kind.quota, failed.error().kind());
        assertEquals("Throttling", failed.error().code());
        assertEquals(3_000, failed.retryAfterMillis());
    }

    @Test
    void http_429_without_retry_after_leaves_the_delay_to_the_retry_policy() {
        VendorOutcome.Failed failed = submitAnswer("object-detect",
                VendorResponse.of(429, errorBody("Throttling.RateQuota", "Request was denied due to user flow control.")));

        assertTrue(failed.error().retryable());
        assertEquals("Throttling.RateQuota", failed.error().code());
        assertTrue(failed.retryAfterMillis() < 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Throttling", "Throttling.RateQuota", "Throttling.AllocationQuota"})
    void a_throttling_code_is_retryable_whatever_the_http_status(String code) {
        VendorOutcome.Failed failed = submitAnswer("image-ocr", VendorResponse.of(400, errorBody(code, "quota")));

        assertTrue(failed.error().retryable(), code);
        assertEquals(code, failed.error().code());
    }

    @Test
    void throttling_of_a_status_poll_is_retryable_too() {
        VendorOutcome.Failed failed = pollAnswer("audio-asr", new VendorResponse(429, errorBody("Throttling", "slow down"),
                Map.of("Retry-After", "1"), null));

        assertTrue(failed.error().retryable());
        assertEquals(JobError.Kind.quota, failed.error().kind());
        assertEquals(1_000, failed.retryAfterMillis());
    }

    @Test
    void internal_server_error_is_retryable() {
        VendorOutcome.Failed failed = submitAnswer("image-analyze",
                VendorResponse.of(500, errorBody("InternalServerError", "An internal server error occurred.")));

        assertTrue(failed.error().retryable());
        assertEquals(JobError.Kind.vendor, failed.error().kind());
        assertEquals("InternalServerError", failed.error().code());
        assertEquals(500, failed.error().httpStatus());
    }

    @Test
    void a_5xx_page_that_is_not_json_is_retryable_and_quoted() {
        VendorOutcome.Failed failed = submitAnswer("image-analyze",
                VendorResponse.of(502, "<html><body><h1>502 Bad Gateway</h1></body></html>"));

        assertTrue(failed.error().retryable());
        assertTrue(failed.error().message().contains("502 Bad Gateway"), failed.error().message());
    }

    @Test
    void invalid_parameter_is_an_input_failure_that_is_not_retried() {
        VendorOutcome.Failed failed = submitAnswer("object-detect",
                VendorResponse.of(400, errorBody("InvalidParameter", "image.content is not valid base64")));

        assertEquals(JobError.Kind.input, failed.error().kind());
        assertFalse(failed.error().retryable());
        assertEquals("InvalidParameter", failed.error().code());
        assertTrue(failed.error().message().contains("image.content is not valid base64"), failed.error().message());
    }

    @Test
    void a_4xx_answer_that_is_not_json_is_an_input_failure_quoting_the_body() {
        VendorOutcome.Failed failed = submitAnswer("object-detect", VendorResponse.of(413, "Request Entity Too Large"));

        assertEquals(JobError.Kind.input, failed.error().kind());
        assertFalse(failed.error().retryable());
        assertTrue(failed.error().message().contains("Request Entity Too Large"), failed.error().message());
    }

    @Test
    void unknown_service_id_is_not_retried_and_names_the_service_id_setting() {
        VendorOutcome.Failed failed = submitAnswer("face-detect",
                VendorResponse.of(400, errorBody("ServiceIdNotExist", "service_id is not exist.")));

        assertFalse(failed.error().retryable());
        assertEquals("ServiceIdNotExist", failed.error().code());
        assertTrue(failed.error().message().contains("mediagate.opensearch.face-detect.service-id"), failed.error().message());
        assertTrue(failed.error().message().contains("ops-object-detect-face-001"), failed.error().message());
    }

    @Test
    void unknown_task_is_not_retried() {
        VendorOutcome.Failed failed = pollAnswer("video-snapshot",
                VendorResponse.of(400, errorBody("BadRequest.TaskNotExist", "The specified task does not exist.")));

        assertFalse(failed.error().retryable());
        assertEquals("BadRequest.TaskNotExist", failed.error().code());
        assertTrue(failed.error().message().contains("The specified task does not exist."), failed.error().message());
    }

    @Test
    void a_network_error_is_retryable() {
        VendorOutcome.Failed failed = submitAnswer("video-summarize", VendorResponse.networkFailure("Connection refused"));

        assertTrue(failed.error().retryable());
        assertEquals(JobError.Kind.vendor, failed.error().kind());
        assertTrue(failed.error().message().contains("Connection refused"), failed.error().message());
    }

    @Test
    void a_network_error_during_a_poll_is_retryable() {
        VendorOutcome.Failed failed = pollAnswer("video-summarize", VendorResponse.networkFailure("Read timed out"));

        assertTrue(failed.error().retryable());
    }

    @Test
    void an_unreadable_2xx_answer_to_a_submit_is_not_sent_again_since_a_task_may_exist() {
        VendorOutcome.Failed failed = submitAnswer("image-analyze", VendorResponse.of(200, "<html>gateway</html>"));

        assertFalse(failed.error().retryable(), "resubmitting could create a second billed task");
        assertTrue(failed.error().message().contains("Not sent again"), failed.error().message());
    }

    @Test
    void an_unreadable_2xx_answer_to_a_status_check_is_asked_again() {
        VendorOutcome.Failed failed = pollAnswer("image-analyze", VendorResponse.of(200, "not json"));

        assertTrue(failed.error().retryable());
    }
}
