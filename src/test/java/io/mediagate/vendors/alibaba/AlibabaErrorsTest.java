package io.mediagate.vendors.alibaba;

import io.mediagate.job.JobError.Kind;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alibaba's error body mapped into the error record (issue 4, item 6). */
class AlibabaErrorsTest {

    private static VendorOutcome.Failed map(int status, String code, String message) {
        String body = "{\"RequestId\":\"REQ-1\",\"HostId\":\"ice.cn-shanghai.aliyuncs.com\",\"Code\":\"" + code
                + "\",\"Message\":\"" + message + "\",\"Recommend\":\"https://api.aliyun.com/troubleshoot?q=" + code + "\"}";
        return (VendorOutcome.Failed) AlibabaErrors.outcomeOf(VendorResponse.of(status, body), "Alibaba Cloud ICE");
    }

    @Test
    void throttling_and_server_errors_are_retried() {
        for (var c : Map.of("Throttling.User", 400, "Throttling.Api", 503, "Throttling", 429, "InternalError", 500,
                "ServiceUnAvailable", 503).entrySet()) {
            VendorOutcome.Failed failed = map(c.getValue(), c.getKey(), "later");
            // over the rate limit: quota (when the retries run out), the service's own trouble: vendor
            assertEquals(c.getKey().startsWith("Throttling") ? Kind.quota : Kind.vendor, failed.error().kind(), c.getKey());
            assertTrue(failed.error().retryable(), c.getKey());
            assertEquals("REQ-1", failed.requestId());
        }
    }

    @Test
    void signature_key_and_permission_problems_fail_fast_as_auth_naming_what_to_check() {
        for (String code : new String[]{"SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive"}) {
            VendorOutcome.Failed failed = map(code.equals("InvalidAccessKeyId.NotFound") ? 404 : 400, code, "Specified access key is not found.");
            assertEquals(Kind.auth, failed.error().kind(), code);
            assertFalse(failed.error().retryable());
            assertTrue(failed.error().message().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), failed.error().message());
            assertTrue(failed.error().message().contains("REQ-1") && failed.error().message().contains("troubleshoot"), failed.error().message());
        }
        for (String code : new String[]{"Forbidden", "NoPermission", "Forbidden.RAM"}) {
            VendorOutcome.Failed failed = map(403, code, "User not authorized to operate on the specified resource.");
            assertEquals(Kind.auth, failed.error().kind(), code);
            assertTrue(failed.error().message().contains("permission"), failed.error().message());
        }
    }

    @Test
    void an_expired_timestamp_says_the_clock_is_off() {
        VendorOutcome.Failed failed = map(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        assertEquals(Kind.auth, failed.error().kind());
        assertTrue(failed.error().message().contains("clock"), failed.error().message());
    }

    @Test
    void a_rejected_request_is_an_input_error_with_the_vendors_words() {
        VendorOutcome.Failed failed = map(400, "InvalidParameter", "The specified parameter FunctionName is not valid.");
        assertEquals(Kind.input, failed.error().kind());
        assertEquals("InvalidParameter", failed.error().code());
        assertTrue(failed.error().message().contains("FunctionName is not valid"), failed.error().message());
        VendorOutcome.Failed lower = (VendorOutcome.Failed) AlibabaErrors.outcomeOf(VendorResponse.of(400,
                "{\"code\":\"MissingParameter\",\"message\":\"JobId is mandatory\",\"requestId\":\"r2\"}"), "Bailian");
        assertEquals("MissingParameter", lower.error().code());
        assertEquals("r2", lower.requestId());
    }
}
