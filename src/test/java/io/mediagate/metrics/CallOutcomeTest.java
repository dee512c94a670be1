package io.mediagate.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How each vendor answer is labelled in {@code mediagate_vendor_calls_total}. */
class CallOutcomeTest {

    @Test
    void answers_below_400_are_ok() {
        assertEquals("ok", CallOutcome.of(200, false).label());
        assertEquals("ok", CallOutcome.of(204, false).label());
        assertEquals("ok", CallOutcome.of(302, false).label());
    }

    @Test
    void a_429_is_told_apart_from_other_client_errors() {
        assertEquals("429", CallOutcome.of(429, false).label());
        assertEquals("4xx", CallOutcome.of(400, false).label());
        assertEquals("4xx", CallOutcome.of(403, false).label());
        assertEquals("4xx", CallOutcome.of(499, false).label());
    }

    @Test
    void server_errors_are_5xx() {
        assertEquals("5xx", CallOutcome.of(500, false).label());
        assertEquals("5xx", CallOutcome.of(503, false).label());
    }

    @Test
    void a_call_without_an_answer_is_network_whatever_status_was_left() {
        assertEquals("network", CallOutcome.of(0, true).label());
        assertEquals("network", CallOutcome.of(0, false).label());
        assertEquals("network", CallOutcome.of(200, true).label());
    }
}
