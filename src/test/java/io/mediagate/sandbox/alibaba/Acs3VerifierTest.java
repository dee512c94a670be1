package io.mediagate.sandbox.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.auth.TestSigner;
import io.mediagate.json.Json;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sandbox's Alibaba gateway accepts what our signer signs and answers every fault with Alibaba's code. */
class Acs3VerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final Acs3Verifier gateway = new Acs3Verifier(Map.of(
            "LTAIsandbox", new Acs3Verifier.Key("sandbox-secret", null),
            "STS.sandbox", new Acs3Verifier.Key("sts-secret", "sts-token")), Clock.fixed(NOW, ZoneOffset.UTC));
    private int nonce;

    @Test
    void a_correctly_signed_rpc_and_roa_request_passes() {
        assertNull(gateway.verify(received(signed(rpc(), "LTAIsandbox", "sandbox-secret", null, NOW)), "/ice/"));
        assertNull(gateway.verify(received(signed(roa(), "LTAIsandbox", "sandbox-secret", null, NOW)), "/bailian/llm-x/videoAnalysis/submit"));
        assertNull(gateway.verify(received(signed(rpc(), "STS.sandbox", "sts-secret", "sts-token", NOW)), "/ice/"));
    }

    @Test
    void each_fault_gets_alibabas_code() {
        assertCode(400, "SignatureDoesNotMatch", gateway.verify(received(signed(rpc(), "LTAIsandbox", "wrong", null, NOW)), "/ice/"));
        assertCode(404, "InvalidAccessKeyId.NotFound", gateway.verify(received(signed(rpc(), "LTAIother", "x", null, NOW)), "/ice/"));
        assertCode(400, "InvalidTimeStamp.Expired",
                gateway.verify(received(signed(rpc(), "LTAIsandbox", "sandbox-secret", null, NOW.minus(Duration.ofMinutes(16)))), "/ice/"));
        assertCode(400, "MissingSecurityToken", gateway.verify(received(signed(rpc(), "STS.sandbox", "sts-secret", null, NOW)), "/ice/"));

        SandboxRequest once = received(signed(rpc(), "LTAIsandbox", "sandbox-secret", null, NOW));
        assertNull(gateway.verify(once, "/ice/"));
        assertCode(400, "SignatureNonceUsed", gateway.verify(once, "/ice/"));

        SandboxRequest tamperedQuery = received(signed(rpc(), "LTAIsandbox", "sandbox-secret", null, NOW));
        tamperedQuery = new SandboxRequest(tamperedQuery.method(), tamperedQuery.path(), tamperedQuery.rawQuery().replace("Cover", "VideoClip"),
                tamperedQuery.headers(), tamperedQuery.body(), false);
        assertCode(400, "SignatureDoesNotMatch", gateway.verify(tamperedQuery, "/ice/"));

        SandboxRequest tamperedBody = received(signed(roa(), "LTAIsandbox", "sandbox-secret", null, NOW));
        tamperedBody = new SandboxRequest(tamperedBody.method(), tamperedBody.path(), tamperedBody.rawQuery(), tamperedBody.headers(),
                "{\"videoUrl\":\"http://evil\"}".getBytes(StandardCharsets.UTF_8), false);
        assertCode(400, "SignatureDoesNotMatch", gateway.verify(tamperedBody, "/bailian/llm-x/videoAnalysis/submit"));

        assertCode(400, "IncompleteSignature", gateway.verify(new SandboxRequest("POST", "/", "", Map.of(), new byte[0], false), "/ice/"));
    }

    private static void assertCode(int status, String code, SandboxResponse answer) {
        JsonNode body = Json.readOrNull(new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals(status, answer.status(), String.valueOf(body));
        assertEquals(code, body.path("Code").asText(), String.valueOf(body));
        assertTrue(body.hasNonNull("RequestId") && body.hasNonNull("Message") && body.path("Recommend").asText().contains(code), body.toString());
    }

    private static VendorRequest rpc() {
        return new VendorRequest("POST", "http://127.0.0.1:8089/ice/",
                "FunctionName=Cover&Input=" + Acs3Signer.percentEncode("{\"Media\":\"oss://b/in.mp4\",\"Type\":\"OSS\"}"),
                Map.of("x-acs-action", "SubmitIProductionJob", "x-acs-version", "2020-11-09"), null);
    }

    private static VendorRequest roa() {
        return new VendorRequest("POST", "http://127.0.0.1:8089/bailian/llm-x/videoAnalysis/submit", null,
                Map.of("Content-Type", "application/json", "x-acs-action", "SubmitVideoAnalysisTask", "x-acs-version", "2024-08-01"),
                "{\"videoUrl\":\"http://example.com/a.mp4\"}");
    }

    private VendorRequest signed(VendorRequest request, String id, String secret, String token, Instant at) {
        String n = "nonce-" + (nonce++);
        new TestSigner(new AlibabaCredentials(id, secret, token), at, n).sign(request);
        return request;
    }

    /** What the sandbox server hands an emulator for this request. */
    private static SandboxRequest received(VendorRequest request) {
        URI uri = URI.create(request.url());
        Map<String, String> headers = new HashMap<>(request.headers());
        return new SandboxRequest(request.method(), uri.getRawPath(), request.query(), headers,
                request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8), false);
    }
}
