package io.mediagate.calls;

import io.mediagate.vendors.VendorOutcome;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;

/**
 * Whether a failed submit call may still have made a task at the vendor, so that sending it again may make a
 * second one (and the job is marked {@code possibleDuplicateSubmission}).
 * <p>
 * Only answers that prove the vendor did no work clear it: a refusal in the vendor's own words with HTTP 4xx
 * (validation errors, a wrong key, 429 and Alibaba's {@code 400 Throttling.User}: refused before processing), an error
 * in the body of an HTTP 2xx (Baidu's {@code error_code} answers: no result was made), a vendor's "too fast"
 * signal, or a connection that was never made (refused, unknown host, connect timeout: nothing was sent).
 * Everything else may have made the task: HTTP 5xx (a load balancer's 502 page included), 408, a read timeout,
 * a connection reset or closed while the answer was awaited or read.
 */
final class SubmitEvidence {

    private SubmitEvidence() {
    }

    /**
     * @param networkError the exception that kept the answer from arriving (null when an answer came)
     */
    static boolean mayHaveMadeTask(VendorOutcome.Failed failed, Throwable networkError) {
        if (networkError != null) {
            return !neverSent(networkError);
        }
        if (failed.overRate()) {
            return false;
        }
        Integer status = failed.error().httpStatus();
        if (status == null) {
            // no HTTP status and no network error: a failure the gateway found in an answer it got (unreadable 2xx)
            return true;
        }
        return status >= 500 || status == 408 || status < 200;
    }

    /** True when the request never left: the connection could not be made. */
    static boolean neverSent(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
