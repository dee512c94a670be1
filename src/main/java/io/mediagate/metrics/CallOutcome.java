package io.mediagate.metrics;

/**
 * What one vendor HTTP call came to, as the {@code outcome} label of {@code mediagate_vendor_calls_total}: an answer
 * below 400 ({@code ok}, even when its body reports a failure the job reads), throttled ({@code 429}), another client
 * error ({@code 4xx}), a server error ({@code 5xx}), or no answer at all ({@code network}: refused, reset, timed out).
 */
public enum CallOutcome {
    OK("ok"), THROTTLED("429"), CLIENT_ERROR("4xx"), SERVER_ERROR("5xx"), NETWORK("network");

    private final String label;

    CallOutcome(String label) {
        this.label = label;
    }

    /** The label value users select by. */
    public String label() {
        return label;
    }

    /**
     * @param status       the answer's HTTP status (0 or less: none came)
     * @param networkError whether the call ended without an answer
     */
    public static CallOutcome of(int status, boolean networkError) {
        if (networkError || status <= 0) {
            return NETWORK;
        }
        if (status == 429) {
            return THROTTLED;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        return status >= 400 ? CLIENT_ERROR : OK;
    }
}
