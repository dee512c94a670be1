package io.mediagate.sandbox.oss;

import io.mediagate.sandbox.SandboxResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** OSS's answers: XML bodies and the {@code x-oss-request-id} header, as the real service sends them. */
final class OssErrors {

    private OssErrors() {
    }

    /** OSS's error body: {@code <Error><Code/><Message/><RequestId/><HostId/></Error>}. */
    static SandboxResponse error(int status, String code, String message) {
        String requestId = requestId();
        return xml(status, "<Error>\n  <Code>" + escape(code) + "</Code>\n  <Message>" + escape(message) + "</Message>\n"
                + "  <RequestId>" + requestId + "</RequestId>\n  <HostId>oss-sandbox.aliyuncs.com</HostId>\n</Error>\n", requestId);
    }

    static SandboxResponse xml(int status, String body) {
        return xml(status, body, requestId());
    }

    private static SandboxResponse xml(int status, String body, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/xml");
        headers.put("x-oss-request-id", requestId);
        return new SandboxResponse(status, headers, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    static SandboxResponse empty(int status) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-oss-request-id", requestId());
        return new SandboxResponse(status, headers, new byte[0]);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String requestId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
    }
}
