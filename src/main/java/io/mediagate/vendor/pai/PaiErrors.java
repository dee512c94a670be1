package io.mediagate.vendor.pai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.JobError;
import io.mediagate.job.JobError.Kind;
import io.mediagate.job.Json;
import io.mediagate.vendor.VendorOutcome;
import io.mediagate.vendor.VendorResponse;

/**
 * PAI's error table (seed 000, vendor-contracts §1.5) as job errors: 400 {@code PARAMETER_ERROR} "not found appid"
 * and 401 "sign error" are {@code auth} naming the settings; 404 "model not found" is {@code input} naming the
 * model; 422 {@code SEVER_ERROR}, 429 and 5xx are retried with backoff.
 */
final class PaiErrors {

    private PaiErrors() {
    }

    static VendorOutcome outcomeOf(VendorResponse response, String model) {
        long now = System.currentTimeMillis();
        if (response.isNetworkError()) {
            return new VendorOutcome.Failed(new JobError(Kind.vendor, "NetworkError", null,
                    "could not reach PAI: " + response.networkError(), true), null, -1);
        }
        JsonNode body = Json.readOrNull(response.body());
        String code = body == null ? null : body.path("code").asText(null);
        String message = body == null ? String.valueOf(response.body()) : body.path("message").asText("");
        String requestId = body == null ? null : body.path("request_id").asText(null);
        int status = response.status();
        if (status == 422 || status == 429 || status >= 500) {
            return new VendorOutcome.Failed(new JobError(Kind.vendor, code, status,
                    "PAI could not serve the request (HTTP " + status + "): " + message, true), requestId, response.retryAfterMillis(now));
        }
        if (status == 400 && message.toLowerCase(java.util.Locale.ROOT).contains("appid")) {
            return new VendorOutcome.Failed(new JobError(Kind.auth, code, status, "PAI does not know the AppId (" + message
                    + "). Check PAI_APP_ID (setting mediagate.pai.app-id) and that it belongs to mediagate.pai.host", false), requestId, -1);
        }
        if (status == 401 || status == 403) {
            return new VendorOutcome.Failed(new JobError(Kind.auth, code, status, "PAI refused the signature (" + message
                    + "). Check PAI_TOKEN (mediagate.pai.token) and PAI_APP_ID (mediagate.pai.app-id): the token must be"
                    + " the one issued for that AppId", false), requestId, -1);
        }
        if (status == 404) {
            return new VendorOutcome.Failed(new JobError(Kind.input, code, status, "PAI has no model '" + model + "' ("
                    + message + "): check params.model_name, or ask for the custom model to be enabled for the AppId", false), requestId, -1);
        }
        return new VendorOutcome.Failed(new JobError(Kind.input, code, status,
                "PAI rejected the request (HTTP " + status + "): " + message, false), requestId, -1);
    }
}
