package io.mediagate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An emulator's answer: status, headers and a JSON body. */
public record SandboxResponse(int status, Map<String, String> headers, byte[] body) {

    public static SandboxResponse json(int status, JsonNode body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json;charset=utf-8");
        return new SandboxResponse(status, headers, Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public SandboxResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new SandboxResponse(status, copy, body);
    }
}
