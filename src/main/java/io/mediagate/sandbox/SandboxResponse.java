package io.mediagate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An emulator's answer: status, headers and a JSON body; {@code cut} (normally null) says how the server breaks the
 * connection instead of sending it whole ({@link AnswerFault#RESET} or {@link AnswerFault#NO_ANSWER}).
 */
public record SandboxResponse(int status, Map<String, String> headers, byte[] body, AnswerFault cut) {

    public SandboxResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    public static SandboxResponse json(int status, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json;charset=utf-8");
        return new SandboxResponse(status, headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SandboxResponse(status, copy, body, cut);
    }

    /** This answer, to be cut off by the server the way {@code how} says. */
    public SandboxResponse cutOff(AnswerFault how) {
        return new SandboxResponse(status, headers, body, how);
    }
}
