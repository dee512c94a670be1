package io.mediagate.vendors.baidu;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.JobError;
import io.mediagate.job.JobError.Kind;
import io.mediagate.vendors.VendorOutcome;

import java.util.Set;

/**
 * Baidu's documented error codes, which it sends with HTTP 200, as what the gateway does about them. The token codes
 * (100, 110, 111) and the quota codes that stop calls (17, 19) need the operation's state and are decided there.
 */
final class BaiduErrors {

    /** Baidu's own trouble: retried with backoff. */
    static final Set<Integer> TRANSIENT = Set.of(1, 2, 336000);
    /** Something about this request (or its URL) is wrong: fixing the input is the only cure. */
    static final Set<Integer> INPUT = Set.of(3, 336001, 336002, 336003, 336004, 336005, 336006);
    /** The app may not use this model or API: a console setting. */
    static final Set<Integer> AUTH = Set.of(6, 13, 14, 15);
    /** The access token was refused: 100 an invalid access_token parameter, 110 invalid or revoked, 111 expired. */
    static final Set<Integer> TOKEN = Set.of(100, 110, 111);
    static final int CLUSTER_LIMIT = 4;
    static final int DAILY_LIMIT = 17;
    static final int QPS_LIMIT = 18;
    static final int TOTAL_LIMIT = 19;
    static final int MODEL_UNAVAILABLE = 336100;

    private BaiduErrors() {
    }

    /**
     * @param modelUnavailableWait how long to wait after 336100 ("wait a minute and try again")
     */
    static VendorOutcome outcomeOf(JsonNode answer, BaiduModel model, long modelUnavailableWait) {
        int code = answer.path("error_code").asInt();
        String message = answer.path("error_msg").asText("");
        String requestId = answer.path("log_id").asText(null);
        String said = "Baidu error " + code + " (" + message + ")";
        if (TRANSIENT.contains(code)) {
            return failed(Kind.vendor, code, said + " on model " + model.name() + "; retried with backoff", true, requestId, -1);
        }
        if (code == CLUSTER_LIMIT) {
            return failed(Kind.vendor, code, said + ": Baidu's cluster is over its limit; retried with backoff", true, requestId, -1);
        }
        if (code == QPS_LIMIT) {
            return new VendorOutcome.Failed(new JobError(Kind.quota, String.valueOf(code), 200, said
                    + ": more calls per second than the app's QPS quota allows; the gateway slows down (mediagate.baidu.rate.api)"
                    + " and retries", true), requestId, -1, true);
        }
        if (code == MODEL_UNAVAILABLE) {
            return failed(Kind.vendor, code, said + ": the model " + model.name() + " is temporarily unavailable; retried after "
                    + modelUnavailableWait / 1000 + " s", true, requestId, modelUnavailableWait);
        }
        if (INPUT.contains(code)) {
            String hint = code == 3
                    ? "; check the model's API URL (mediagate.baidu.models." + model.name() + ".url)" : "";
            return failed(Kind.input, code, said + " for model " + model.name() + hint, false, requestId, -1);
        }
        if (AUTH.contains(code)) {
            return failed(Kind.auth, code, said + ": the app of " + model.credentials().settings() + " may not use model "
                    + model.name() + "; check that the model is published to that app in the BML console", false, requestId, -1);
        }
        return failed(Kind.vendor, code, said + " on model " + model.name(), false, requestId, -1);
    }

    static VendorOutcome.Failed failed(Kind kind, int code, String message, boolean retryable, String requestId, long retryAfter) {
        return new VendorOutcome.Failed(new JobError(kind, String.valueOf(code), 200, message, retryable), requestId, retryAfter);
    }
}
