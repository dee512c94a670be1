package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.JobError;
import io.mediagate.job.JobError.Kind;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;

/**
 * PAI's error table (in its SDK doc) as job errors: 400 {@code PARAMETER_ERROR} "not found appid"
 * and 401 "sign error" are {@code auth} naming the settings; 404 "model not found" is {@code input} naming the
 * model at submit, and the job (or batch) not found while polling; 429 and 5xx are retried with backoff; 422
 * {@code SEVER_ERROR} (the model failed on this input) is retried at most {@link #SERVER_ERROR_RETRIES} time(s) at
 * submit: each call is billed and the error usually recurs.
 */
final class PaiErrors {

    /**
     * How often a submit answered 422 is sent again. A constant, not a setting: the general retry settings
     * (mediagate.retry.*) are about transient answers, and a 422 is the model failing on this very input.
     */
    static final int SERVER_ERROR_RETRIES = 1;

    private PaiErrors() {
    }

    /**
     * An error answer to a submit ({@code failedAttempts}: how many times this call has failed before, for the 422
     * bound).
     */
    static VendorOutcome submitOutcomeOf(VendorResponse response, String model, int failedAttempts) {
        if (response.status() == 422 && failedAttempts >= SERVER_ERROR_RETRIES) {
            JsonNode body = Json.readOrNull(response.body());
            return new VendorOutcome.Failed(new JobError(Kind.vendor, body == null ? null : body.path("code").asText(null), 422,
                    "PAI's model failed on this input (HTTP 422): " + (body == null ? response.body() : body.path("message").asText(""))
                            + ". Not sent again after " + SERVER_ERROR_RETRIES + " retry: each call is billed and this error"
                            + " usually recurs; check the media, or drop the file again later", false),
                    body == null ? null : body.path("request_id").asText(null), -1);
        }
        return outcomeOf(response, model);
    }

    /**
     * An error answer to a status query of job (or batch) {@code taskId}: a 404 here means PAI does not know the job,
     * not the model (which it accepted at submit).
     */
    static VendorOutcome pollOutcomeOf(VendorResponse response, String model, String what) {
        if (response.status() == 404) {
            JsonNode body = Json.readOrNull(response.body());
            return new VendorOutcome.Failed(new JobError(Kind.vendor, body == null ? null : body.path("code").asText(null), 404,
                    "PAI does not know " + what + " (HTTP 404: " + (body == null ? response.body() : body.path("message").asText(""))
                            + "), although it gave that id at submit: it may have expired, or mediagate.pai.app-id or"
                            + " mediagate.pai.host changed since. The status is no longer asked; drop the file again to"
                            + " resubmit", false), body == null ? null : body.path("request_id").asText(null), -1);
        }
        return outcomeOf(response, model);
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
            return new VendorOutcome.Failed(new JobError(status == 429 ? Kind.quota : Kind.vendor, code, status,
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
