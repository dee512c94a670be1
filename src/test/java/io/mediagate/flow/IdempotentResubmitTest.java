package io.mediagate.flow;

import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.RetryPolicy;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.ice.IceVendor;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A submit repeated after the gateway stopped between sending it and recording the answer: marked
 * {@code possibleDuplicateSubmission}, for ICE too: its repeat carries the same {@code ClientToken}, but whether ICE
 * honours it on submit is unconfirmed. And what a url or a dropped file for ICE needs.
 */
class IdempotentResubmitTest {

    @TempDir
    Path data;
    private LiveInstances instances;
    private WorkArea workArea;
    private static final DefaultCamelContext camel = new DefaultCamelContext();
    private final AlibabaCredentials key = new AlibabaCredentials("id", "secret", null);
    private final RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5);

    @BeforeEach
    void workArea() {
        instances = new LiveInstances(data.resolve("work"));
        workArea = new WorkArea(data.resolve("work"), instances);
    }

    @AfterEach
    void close() {
        instances.close();
    }

    private OssStores sandboxOss() {
        return new OssStores(null, new OssStore(new OssStore.Config("http://127.0.0.1:9", "cn-shanghai", "stage", "mediagate/",
                true, 1 << 20, 1 << 20, Duration.ofHours(1), false), () -> key));
    }

    /** The auth step on the vendors of the last {@link #calls}. */
    private VendorAuth auth;

    private VendorCalls calls(OssStores oss) {
        VendorRegistry registry = new VendorRegistry(List.of(
                new IceVendor(Settings.of(Map.of()), "http://127.0.0.1:9/ice", key, oss),
                new OpenSearchVendor(Settings.of(Map.of()), "http://127.0.0.1:9/opensearch", "k")));
        auth = new VendorAuth(registry);
        return new VendorCalls(registry, new RateLimiter(), retry, workArea);
    }

    private static Job job(String vendor, String operation, String id) {
        Job job = new Job();
        job.setId(id);
        job.setVendor(vendor);
        job.setOperation(operation);
        job.setAcceptedAt(1_700_000_000_000L);
        job.getSource().name = "a.job.json";
        job.getSource().jobFile = true;
        return job;
    }

    private static Exchange exchange(Job job) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(StageMessages.JOB, job);
        return exchange;
    }

    /** The submit request as the stage builds and authenticates it before its HTTP call. */
    private void built(VendorCalls calls, Exchange exchange) {
        calls.prepareSubmit(exchange);
        auth.authenticate(exchange);
    }

    private static String clientToken(Exchange exchange) {
        return Acs3Signer.queryParameters(exchange.getMessage().getHeader(Exchange.HTTP_QUERY, String.class)).get("ClientToken");
    }

    @Test
    void an_ice_submit_repeated_after_a_crash_sends_the_same_client_token_and_is_still_marked() {
        VendorCalls calls = calls(sandboxOss());
        Job job = job("ice", "cover", "0123456789abcdef0123456789abcdef");
        job.getSource().oss = "oss://in/a.mp4";
        // the job as the broker keeps it: the state before the call
        Job again = io.mediagate.json.Json.read(io.mediagate.json.Json.write(job), Job.class);
        Exchange first = exchange(job);
        built(calls, first);
        assertFalse(job.isPossibleDuplicateSubmission());

        // the gateway stopped after sending that call: the job comes back in that state and submits again
        Exchange repeat = exchange(again);
        built(calls, repeat);

        assertEquals(clientToken(first), clientToken(repeat), "the repeat reaches the same ICE job");
        // Alibaba's SDK models have no ClientToken on SubmitIProductionJob (only on Query/Cancel): that ICE honours it on
        // submit is unconfirmed, so the repeat is still marked for the user to reconcile
        assertTrue(again.isPossibleDuplicateSubmission(), "a repeat ICE may not deduplicate is marked");
    }

    @Test
    void a_vendor_without_an_idempotency_token_is_still_marked() {
        VendorCalls calls = calls(sandboxOss());
        Job job = job("opensearch", "image-analyze", "fedcba9876543210fedcba9876543210");
        job.getSource().url = "https://example.com/cat.png";
        Job again = io.mediagate.json.Json.read(io.mediagate.json.Json.write(job), Job.class);
        built(calls, exchange(job));
        built(calls, exchange(again));
        assertTrue(again.isPossibleDuplicateSubmission());
    }

    /** A submit of an OpenSearch async job that the vendor answers with {@code status}/{@code body}; returns the job. */
    private Job submittedAndAnswered(VendorCalls calls, java.util.function.Consumer<Exchange> answer) {
        Job job = job("opensearch", "image-analyze", "0011223344556677889900aabbccddee");
        job.getSource().url = "https://example.com/cat.png";
        Exchange call = exchange(job);
        built(calls, call);
        answer.accept(call);
        calls.readSubmit(call);
        return StageMessages.jobOf(call);
    }

    private static java.util.function.Consumer<Exchange> status(int status, String body) {
        return call -> {
            call.getMessage().getHeaders().clear();
            call.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            call.getMessage().setBody(body);
        };
    }

    private static java.util.function.Consumer<Exchange> networkError(Exception error) {
        return call -> {
            // what the route's doCatch leaves: the message, and Camel's caught exception
            call.setProperty(VendorCalls.NETWORK_ERROR, error.getMessage());
            call.setProperty(Exchange.EXCEPTION_CAUGHT, error);
        };
    }

    /** Sends the job's next submit, as the submit stage does when the retry is due. */
    private Job resubmitted(VendorCalls calls, Job afterFirst) {
        assertEquals(Job.Stage.submit, afterFirst.getStage(), "the submit is retried");
        Job again = io.mediagate.json.Json.read(io.mediagate.json.Json.write(afterFirst), Job.class);
        built(calls, exchange(again));
        return again;
    }

    @Test
    void a_submit_sent_again_after_a_server_error_is_marked() {
        VendorCalls calls = calls(sandboxOss());
        Job first = submittedAndAnswered(calls, status(500,
                "{\"request_id\":\"R\",\"latency\":1,\"code\":\"InternalServerError\",\"message\":\"boom\"}"));
        assertTrue(resubmitted(calls, first).isPossibleDuplicateSubmission(), "the first call may have created the task");
    }

    @Test
    void a_submit_sent_again_after_a_load_balancers_html_502_is_marked() {
        VendorCalls calls = calls(sandboxOss());
        Job first = submittedAndAnswered(calls, status(502, "<html><title>502 Bad Gateway</title></html>"));
        assertTrue(resubmitted(calls, first).isPossibleDuplicateSubmission());
    }

    @Test
    void a_submit_sent_again_after_a_read_timeout_or_a_reset_is_marked() {
        VendorCalls calls = calls(sandboxOss());
        Job afterTimeout = submittedAndAnswered(calls, networkError(new java.net.SocketTimeoutException("Read timed out")));
        assertTrue(resubmitted(calls, afterTimeout).isPossibleDuplicateSubmission(), "after a read timeout");
        Job afterReset = submittedAndAnswered(calls, networkError(new java.net.SocketException("Connection reset")));
        assertTrue(resubmitted(calls, afterReset).isPossibleDuplicateSubmission(), "after a reset");
        Job afterNoAnswer = submittedAndAnswered(calls, networkError(
                new org.apache.hc.core5.http.NoHttpResponseException("127.0.0.1:1 failed to respond")));
        assertTrue(resubmitted(calls, afterNoAnswer).isPossibleDuplicateSubmission(), "after no answer");
    }

    @Test
    void a_submit_sent_again_after_answers_that_prove_no_task_was_made_is_not_marked() {
        VendorCalls calls = calls(sandboxOss());
        Job throttled = submittedAndAnswered(calls, status(429,
                "{\"request_id\":\"R\",\"latency\":1,\"code\":\"Throttling\",\"message\":\"slow down\"}"));
        assertFalse(resubmitted(calls, throttled).isPossibleDuplicateSubmission(), "a 429 is refused before any work");
        Job refused = submittedAndAnswered(calls, networkError(
                new org.apache.hc.client5.http.HttpHostConnectException("Connect to http://127.0.0.1:1 failed: Connection refused")));
        assertFalse(resubmitted(calls, refused).isPossibleDuplicateSubmission(), "nothing reached the vendor");
    }

    @Test
    void a_url_for_ice_without_a_bucket_fails_as_input_saying_what_to_set() {
        Job job = job("ice", "cover", "aa");
        job.getSource().url = "https://example.com/launch.mp4";
        JobFailure failure = assertThrows(JobFailure.class, () -> calls(OssStores.none()).prepareSubmit(exchange(job)));
        assertEquals(JobError.Kind.input, failure.error().kind());
        String message = failure.getMessage();
        assertTrue(message.contains("mediagate.oss.bucket") && message.contains("mediagate.oss.region"), message);
        assertTrue(message.contains("launch.mp4") || message.contains("example.com"), message);
    }

    @Test
    void a_dropped_file_for_ice_without_a_bucket_is_not_told_to_use_a_url() throws Exception {
        Path file = Files.writeString(data.resolve("launch.mp4"), "not really a video");
        Job job = job("ice", "cover", "bb");
        job.getSource().jobFile = false;
        job.getSource().name = "launch.mp4";
        job.getSource().workFile = file.toString();
        JobFailure failure = assertThrows(JobFailure.class, () -> calls(OssStores.none()).prepareSubmit(exchange(job)));
        assertEquals(JobError.Kind.input, failure.error().kind());
        assertTrue(failure.getMessage().contains("mediagate.oss.bucket"), failure.getMessage());
        assertFalse(failure.getMessage().contains("\"url\""), "a url needs the bucket just as much: " + failure.getMessage());
    }
}
