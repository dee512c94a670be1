package io.mediagate.flow;

import io.mediagate.config.Settings;
import io.mediagate.auth.RequestSigner;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.RetryPolicy;
import io.mediagate.media.LocalMedia;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An exception in a vendor step that is not a network error (a URL the HTTP client refuses, a request that cannot be
 * built, an answer that cannot be read) ends the job with a classified error record, never as {@code internal}.
 */
class VendorStepErrorsTest {

    private static final String ENDPOINT = "http://127.0.0.1:1/thing";

    /** A vendor whose one async operation builds and reads requests with the given functions. */
    private static VendorCalls callsWith(Function<Job, VendorRequest> submit, Function<VendorResponse, VendorOutcome> read) {
        OperationSpec spec = new OperationSpec("thing", "do", true, Set.of("png"), "api",
                Settings.of(Map.of()).pollPolicy("thing", "do"));
        VendorOperation operation = new VendorOperation() {
            @Override
            public OperationSpec spec() {
                return spec;
            }

            @Override
            public VendorRequest submit(Job job, LocalMedia media) {
                return submit.apply(job);
            }

            @Override
            public VendorOutcome readSubmit(Job job, VendorResponse response) {
                return read.apply(response);
            }
        };
        Vendor vendor = new Vendor() {
            public String name() {
                return "thing";
            }

            public List<VendorOperation> operations() {
                return List.of(operation);
            }

            public RequestSigner signer() {
                return request -> { };
            }

            public Map<String, Double> rateLimits() {
                return Map.of("api", 10.0);
            }

            public String endpoint() {
                return ENDPOINT;
            }

            public boolean sandbox() {
                return false;
            }
        };
        return new VendorCalls(new VendorRegistry(List.of(vendor)), new RateLimiter(),
                new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5));
    }

    private static Exchange exchangeWith(Job job) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        StageMessages.write(exchange.getMessage(), job);
        return exchange;
    }

    private static Job job() {
        Job job = new Job();
        job.setId("j1");
        job.setVendor("thing");
        job.setOperation("do");
        job.setStage(Job.Stage.submit);
        job.getSource().name = "a.png";
        return job;
    }

    @Test
    void a_request_the_http_client_refuses_to_send_fails_the_job_as_vendor_naming_the_url_without_its_query() {
        VendorCalls calls = callsWith(j -> VendorRequest.get(ENDPOINT + "/x", "access_token=secret-token"),
                r -> { throw new AssertionError("no answer to read"); });
        Exchange exchange = exchangeWith(job());
        calls.prepareSubmit(exchange);
        // what the route's doCatch keeps of an exception that is not an IOException
        exchange.setProperty(VendorCalls.UNSENT_ERROR, new URISyntaxException(ENDPOINT + "/x?access_token=secret-token",
                "Illegal character in path"));

        calls.readSubmit(exchange);

        Job failed = StageMessages.jobOf(exchange);
        assertEquals(Job.Status.failed, failed.getStatus());
        assertEquals(JobError.Kind.vendor, failed.getError().kind());
        assertEquals("RequestNotSent", failed.getError().code());
        assertFalse(failed.getError().retryable());
        assertTrue(failed.getError().message().contains(ENDPOINT + "/x"), failed.getError().message());
        assertTrue(failed.getError().message().contains("check"), failed.getError().message());
        assertFalse(failed.getError().message().contains("secret-token"), "no query (Baidu's token) in the record");
    }

    @Test
    void a_request_that_cannot_be_built_for_the_job_is_an_input_failure() {
        VendorCalls calls = callsWith(j -> { throw new IllegalArgumentException("Illegal character in path at index 7"); },
                r -> null);
        Exchange exchange = exchangeWith(job());

        JobFailure failure = assertThrows(JobFailure.class, () -> calls.prepareSubmit(exchange));

        assertEquals(JobError.Kind.input, failure.error().kind());
        assertTrue(failure.error().message().contains("Illegal character"), failure.error().message());
    }

    @Test
    void an_answer_that_cannot_be_read_is_a_vendor_failure_with_its_http_status() {
        VendorCalls calls = callsWith(j -> VendorRequest.get(ENDPOINT + "/x", null),
                r -> { throw new NullPointerException("no field 'result'"); });
        Exchange exchange = exchangeWith(job());
        calls.prepareSubmit(exchange);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setBody("{\"unexpected\": true}");

        calls.readSubmit(exchange);

        Job failed = StageMessages.jobOf(exchange);
        assertEquals(JobError.Kind.vendor, failed.getError().kind());
        assertEquals(200, failed.getError().httpStatus());
        assertNotEquals(JobError.Kind.internal, failed.getError().kind());
    }
}
