package io.mediagate.vendors.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.JobError;
import io.mediagate.job.JobError.Kind;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;

/**
 * Maps the error answers of Alibaba Cloud OpenAPI products (ICE, Bailian) to error records. The body is the
 * gateway's {@code {"RequestId","HostId","Code","Message","Recommend"}} (https://www.alibabacloud.com/help/en/imm/developer-reference/error-handling-1); the SDKs
 * also accept lower-case keys, so do we. Throttling and 5xx are retried; a signature, key or permission problem
 * fails fast as {@code auth} naming the settings to check; a request the product rejects fails as {@code input}.
 */
public final class AlibabaErrors {

    private AlibabaErrors() {
    }

    /**
     * @param product a person's name for the product, e.g. {@code "Alibaba Cloud ICE"}
     */
    public static VendorOutcome outcomeOf(VendorResponse response, String product) {
        if (response.isNetworkError()) {
            return new VendorOutcome.Failed(new JobError(Kind.vendor, "NetworkError", null,
                    "could not reach " + product + ": " + response.networkError(), true), null, -1);
        }
        JsonNode body = Json.readOrNull(response.body());
        String code = field(body, "Code", "code");
        String message = body == null ? abbreviate(response.body()) : nullToEmpty(field(body, "Message", "message"));
        String requestId = field(body, "RequestId", "requestId");
        String recommend = field(body, "Recommend", "recommend");
        int status = response.status();
        String detail = (code == null ? "HTTP " + status : code) + (message.isEmpty() ? "" : ": " + message)
                + (requestId == null ? "" : " (RequestId " + requestId + ")")
                + (recommend == null ? "" : " — " + recommend);
        long retryAfter = response.retryAfterMillis(System.currentTimeMillis());

        if (status == 429 || (code != null && code.startsWith("Throttling"))) {
            return failed(Kind.quota, code == null ? "Throttling" : code, status,
                    product + " throttled the request (over its rate limit): " + detail, true, requestId, retryAfter);
        }
        if (status >= 500 || "ServiceUnavailable".equals(code) || "ServiceUnAvailable".equals(code) || "InternalError".equals(code)) {
            return failed(Kind.vendor, code, status, product + " had an internal error: " + detail, true, requestId, retryAfter);
        }
        if (code != null && code.startsWith("InvalidTimeStamp")) {
            return failed(Kind.auth, code, status, product + " refused the request time: " + detail
                    + ". This machine's clock is off by more than 15 minutes: fix the clock (NTP)", false, requestId, -1);
        }
        if (code != null && (code.equals("SignatureDoesNotMatch") || code.startsWith("InvalidAccessKeyId")
                || code.equals("IncompleteSignature") || code.contains("SecurityToken"))) {
            return failed(Kind.auth, code, status, product + " rejected the credentials: " + detail
                    + ". Check ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (and"
                    + " ALIBABA_CLOUD_SECURITY_TOKEN for STS keys) or the aliyun CLI profile in use", false, requestId, -1);
        }
        if (status == 401 || status == 403 || (code != null && (code.equals("Forbidden") || code.startsWith("Forbidden.")
                || code.equals("NoPermission") || code.equals("OperationDenied") || code.startsWith("NoPermission")))) {
            return failed(Kind.auth, code, status, product + " denied the call: " + detail
                    + ". Grant the RAM user or role of these credentials permission for this product", false, requestId, -1);
        }
        return failed(Kind.input, code, status, product + " rejected the request: " + detail, false, requestId, -1);
    }

    private static VendorOutcome failed(Kind kind, String code, int status, String message, boolean retryable,
                                        String requestId, long retryAfter) {
        return new VendorOutcome.Failed(new JobError(kind, code, status, message, retryable), requestId, retryAfter);
    }

    private static String field(JsonNode body, String name, String alternative) {
        if (body == null) {
            return null;
        }
        JsonNode value = body.hasNonNull(name) ? body.get(name) : body.get(alternative);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }

    private static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
