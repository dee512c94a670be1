package io.mediagate.http;


import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VendorResponseTest {

    private static VendorResponse withRetryAfter(String name, String value) {
        return new VendorResponse(429, "{}", Map.of(name, value), null);
    }

    @Test
    void retry_after_in_seconds_is_read_as_milliseconds() {
        assertEquals(7000, withRetryAfter("Retry-After", "7").retryAfterMillis(0));
    }

    @Test
    void retry_after_header_name_is_case_insensitive() {
        assertEquals(2000, withRetryAfter("retry-after", "2").retryAfterMillis(0));
    }

    @Test
    void retry_after_as_an_http_date_is_the_time_until_that_date() {
        Instant now = Instant.parse("2025-01-01T10:00:00Z");
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atZone(ZoneOffset.UTC));

        assertEquals(30_000, withRetryAfter("Retry-After", date).retryAfterMillis(now.toEpochMilli()));
    }

    @Test
    void missing_or_unreadable_retry_after_is_minus_one() {
        assertEquals(-1, VendorResponse.of(429, "{}").retryAfterMillis(0));
        assertEquals(-1, withRetryAfter("Retry-After", "soon").retryAfterMillis(0));
    }

    @Test
    void only_2xx_answers_are_successes() {
        assertTrue(VendorResponse.of(200, "{}").isSuccess());
        assertFalse(VendorResponse.of(400, "{}").isSuccess());
        assertFalse(VendorResponse.of(302, "").isSuccess());
        assertFalse(VendorResponse.networkFailure("connection refused").isSuccess());
        assertTrue(VendorResponse.networkFailure("connection refused").isNetworkError());
    }
}
