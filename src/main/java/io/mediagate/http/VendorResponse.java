package io.mediagate.http;

import java.util.Map;
import java.util.TreeMap;

/**
 * What came back from one vendor call: an HTTP status and body, or the network error that prevented one.
 */
public record VendorResponse(int status, String body, Map<String, String> headers, String networkError) {

    public VendorResponse {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            caseInsensitive.putAll(headers);
        }
        headers = caseInsensitive;
    }

    public static VendorResponse of(int status, String body) {
        return new VendorResponse(status, body, Map.of(), null);
    }

    public static VendorResponse networkFailure(String message) {
        return new VendorResponse(0, null, Map.of(), message);
    }

    public boolean isNetworkError() {
        return networkError != null;
    }

    public boolean isSuccess() {
        return !isNetworkError() && status >= 200 && status < 300;
    }

    /**
     * The vendor's {@code Retry-After} in milliseconds (delta-seconds form), or -1 when absent or unreadable.
     * The HTTP-date form is accepted too.
     */
    public long retryAfterMillis(long nowMillis) {
        String value = headers.get("Retry-After");
        if (value == null || value.isBlank()) {
            return -1;
        }
        value = value.trim();
        try {
            return Math.max(0, (long) (Double.parseDouble(value) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                long at = java.time.ZonedDateTime.parse(value, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant().toEpochMilli();
                return Math.max(0, at - nowMillis);
            } catch (RuntimeException notADate) {
                return -1;
            }
        }
    }
}
