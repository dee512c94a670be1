package io.mediagate.sandbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * The ways real networks and load balancers break a vendor's answer, after the vendor did the work. In fault
 * plans (JSON) they are written in lower case: {@code "reset"}, {@code "no-answer"}, ….
 */
public enum AnswerFault {
    /** Status line, headers and half the body are sent, then the connection is dropped: the client's read fails mid-body. */
    RESET,
    /** The connection is closed without a byte of answer (a server or proxy that died after reading the request). */
    NO_ANSWER,
    /** A complete HTTP answer whose JSON body is cut in half (a proxy that truncated it): not readable as JSON. */
    TRUNCATED,
    /** A load balancer's own {@code 502 Bad Gateway} HTML page instead of the vendor's JSON. */
    HTML_502,
    /** HTTP 200 with the vendor's request id and none of the fields the answer should carry (result, task id, status). */
    MISSING_FIELDS,
    /** The answer is held {@code answerDelayMs} (default 60 s) before it is sent: slower than a client's read timeout. */
    SLOW;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static AnswerFault of(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName().equals(name.trim().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown answer fault '" + name + "'; one of "
                        + Arrays.stream(values()).map(AnswerFault::wireName).toList()));
    }
}
