package io.mediagate.vendors.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.JobError;
import io.mediagate.job.JobError.Kind;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;

/**
 * Maps OpenSearch error answers ({@code {"request_id","latency","code","message"}} with an HTTP status,
 * https://help.aliyun.com/zh/open-search/status-code-description) to error records: what is retried, and what a person must fix.
 */
final class OpenSearchErrors {

    private OpenSearchErrors() {
    }

    static VendorOutcome outcomeOf(VendorResponse response, OpenSearchOperation operation) {
        long now = System.currentTimeMillis();
        if (response.isNetworkError()) {
            return new VendorOutcome.Failed(new JobError(Kind.vendor, "NetworkError", null,
                    "could not reach OpenSearch: " + response.networkError(), true), null, -1);
        }
        JsonNode body = Json.readOrNull(response.body());
        String code = body == null ? null : body.path("code").asText(null);
        String message = body == null ? abbreviate(response.body()) : body.path("message").asText("");
        String requestId = body == null ? null : body.path("request_id").asText(null);
        int status = response.status();

        if (status == 429 || (code != null && code.startsWith("Throttling"))) {
            return new VendorOutcome.Failed(new JobError(Kind.quota, code == null ? "Throttling" : code, status,
                    "OpenSearch throttled the request (over the QPS limit): " + message, true),
                    requestId, response.retryAfterMillis(now));
        }
        if (status >= 500) {
            return new VendorOutcome.Failed(new JobError(Kind.vendor, code, status,
                    "OpenSearch had an internal error: " + message, true), requestId, response.retryAfterMillis(now));
        }
        if (status == 401 || status == 403) {
            return new VendorOutcome.Failed(new JobError(Kind.auth, code, status,
                    "OpenSearch rejected the API key (HTTP " + status + "). Check the OPENSEARCH_API_KEY environment"
                            + " variable (setting mediagate.opensearch.api-key) and that the key belongs to the"
                            + " workspace's endpoint (mediagate.opensearch.endpoint)", false), requestId, -1);
        }
        if ("ServiceIdNotExist".equals(code)) {
            return new VendorOutcome.Failed(new JobError(Kind.vendor, code, status,
                    "OpenSearch does not know the service id '" + operation.serviceId() + "' (" + message
                            + "). Check mediagate.opensearch." + operation.spec().name() + ".service-id", false),
                    requestId, -1);
        }
        if ("BadRequest.TaskNotExist".equals(code)) {
            return new VendorOutcome.Failed(new JobError(Kind.vendor, code, status,
                    "OpenSearch no longer knows the task: " + message, false), requestId, -1);
        }
        if ("InvalidParameter".equals(code) && message.toLowerCase(java.util.Locale.ROOT).contains("workspace")) {
            return new VendorOutcome.Failed(new JobError(Kind.input, code, status, "OpenSearch does not know the workspace ("
                    + message + "). Check mediagate.opensearch.workspace (default \"default\") and that it belongs to"
                    + " mediagate.opensearch.endpoint", false), requestId, -1);
        }
        // InvalidParameter, the 8 MB body limit and other 4xx: the request itself is wrong; retrying cannot help.
        return new VendorOutcome.Failed(new JobError(Kind.input, code, status,
                "OpenSearch rejected the request: " + (message.isEmpty() ? "HTTP " + status : message), false),
                requestId, -1);
    }

    static VendorOutcome taskFailed(String status, JsonNode result, String requestId) {
        String error = result.path("error").isTextual() ? result.path("error").asText()
                : result.path("error").isMissingNode() ? "" : result.path("error").toString();
        return new VendorOutcome.Failed(new JobError(Kind.vendor, status.isEmpty() ? "UnknownStatus" : status, 200,
                "the OpenSearch task ended with status " + (status.isEmpty() ? "(none)" : status)
                        + (error.isEmpty() ? "" : ": " + error), false), requestId, -1);
    }

    /**
     * A 2xx answer we cannot read. A status check may be asked again; a submit may not, since the vendor may
     * have created (and will bill) a task whose id we did not get.
     */
    static VendorOutcome unreadable(VendorResponse response, boolean submit) {
        String message = "OpenSearch sent an answer that is not the documented JSON: " + abbreviate(response.body());
        if (submit) {
            message += ". Not sent again: the vendor may have accepted the request; check its console before re-dropping the file";
        }
        return new VendorOutcome.Failed(new JobError(Kind.vendor, null, response.status(), message, !submit), null, -1);
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "(empty body)";
        }
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }
}
