package io.mediagate.sandbox.alibaba;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox gateway's check of Alibaba's legacy RPC signature (V2, HMAC-SHA1): the published vectors of
 * Alibaba's request signature doc, parameters in the query and in a form body, and each fault answered with the gateway's code
 * in Alibaba's error body.
 */
class RpcV2VerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final RpcV2Verifier gateway = new RpcV2Verifier(Map.of(
            "LTAIsandbox", new Acs3Verifier.Key("sandbox-secret", null),
            "STS.sandbox", new Acs3Verifier.Key("sts-secret", "sts-token")), Clock.fixed(NOW, ZoneOffset.UTC));
    private int nonce;

    @Test
    void the_published_vectors_come_out() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Timestamp", "2016-02-23T12:46:24Z");
        params.put("Format", "XML");
        params.put("AccessKeyId", "testid");
        params.put("Action", "DescribeRegions");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        params.put("Version", "2014-05-26");
        params.put("SignatureVersion", "1.0");
        assertEquals("GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1"
                        + "%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0"
                        + "%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
                RpcV2Verifier.stringToSign("GET", params));
        assertEquals("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", RpcV2Verifier.signature("GET", params, "testsecret"));
        assertEquals("MxbnVAM4w6sft9xjVpe/GCKueuk=", RpcV2Verifier.signature("POST", params, "testsecret"));
        params.put("Signature", "anything");
        assertEquals("OLeaidS1JvxuMvnyHOwuJ+uX5qY=", RpcV2Verifier.signature("GET", params, "testsecret"), "Signature itself is not signed");
        // the SDK's own unit-test vector (darabonba-openapi Test_GetRPCSignature)
        assertEquals("&%2F&test%3Dok", RpcV2Verifier.stringToSign("", Map.of("test", "ok")));
        assertEquals("jHx/oHoHNrbVfhncHEvPdHXZwHU=", RpcV2Verifier.signature("", Map.of("test", "ok"), "accessKeySecret"));
    }

    @Test
    void a_signed_request_passes_with_its_parameters_in_the_query_or_in_a_form_body() {
        assertNull(gateway.verify(inQuery("POST", signed("LTAIsandbox", "sandbox-secret", null, NOW))));
        assertNull(gateway.verify(inQuery("GET", signed("LTAIsandbox", "sandbox-secret", null, NOW, "GET"))));
        assertNull(gateway.verify(inFormBody(signed("LTAIsandbox", "sandbox-secret", null, NOW))));
        assertNull(gateway.verify(inQuery("POST", signed("STS.sandbox", "sts-secret", "sts-token", NOW))));
    }

    @Test
    void each_fault_gets_alibabas_code() {
        assertCode(400, "SignatureDoesNotMatch", gateway.verify(inQuery("POST", signed("LTAIsandbox", "wrong", null, NOW))));
        assertCode(404, "InvalidAccessKeyId.NotFound", gateway.verify(inQuery("POST", signed("LTAIother", "x", null, NOW))));
        assertCode(400, "InvalidTimeStamp.Expired",
                gateway.verify(inQuery("POST", signed("LTAIsandbox", "sandbox-secret", null, NOW.minus(Duration.ofMinutes(16))))));
        assertCode(400, "MissingSecurityToken", gateway.verify(inQuery("POST", signed("STS.sandbox", "sts-secret", null, NOW))));

        Map<String, String> once = signed("LTAIsandbox", "sandbox-secret", null, NOW);
        assertNull(gateway.verify(inQuery("POST", once)));
        assertCode(400, "SignatureNonceUsed", gateway.verify(inQuery("POST", once)));

        Map<String, String> tampered = signed("LTAIsandbox", "sandbox-secret", null, NOW);
        tampered.put("FunctionName", "VideoClip");
        assertCode(400, "SignatureDoesNotMatch", gateway.verify(inQuery("POST", tampered)));
        assertCode(400, "SignatureDoesNotMatch", gateway.verify(inQuery("GET", signed("LTAIsandbox", "sandbox-secret", null, NOW, "POST"))),
                "the method is signed");

        Map<String, String> badTime = signed("LTAIsandbox", "sandbox-secret", null, NOW);
        badTime.put("Timestamp", "23 Nov 2026");
        assertCode(400, "InvalidTimeStamp.Format", gateway.verify(inQuery("POST", badTime)));

        Map<String, String> sha256 = signed("LTAIsandbox", "sandbox-secret", null, NOW);
        sha256.put("SignatureMethod", "HMAC-SHA256");
        assertCode(400, "IncompleteSignature", gateway.verify(inQuery("POST", sha256)));

        for (String required : new String[]{"Signature", "AccessKeyId", "Timestamp", "SignatureNonce", "SignatureMethod", "SignatureVersion"}) {
            Map<String, String> missing = signed("LTAIsandbox", "sandbox-secret", null, NOW);
            missing.remove(required);
            assertCode(400, "Missing" + required, gateway.verify(inQuery("POST", missing)));
        }
    }

    @Test
    void the_sdks_habit_of_leaving_empty_values_out_of_the_signature_is_accepted_as_is_the_documented_form() {
        Map<String, String> params = unsigned("LTAIsandbox", null, NOW);
        params.put("UserData", "");
        Map<String, String> withoutEmpty = new TreeMap<>(params);
        withoutEmpty.remove("UserData");
        Map<String, String> sdkStyle = new TreeMap<>(params);
        sdkStyle.put("Signature", RpcV2Verifier.signature("POST", withoutEmpty, "sandbox-secret"));
        assertNull(gateway.verify(inQuery("POST", sdkStyle)));
        Map<String, String> documented = unsigned("LTAIsandbox", null, NOW);
        documented.put("UserData", "");
        documented.put("Signature", RpcV2Verifier.signature("POST", documented, "sandbox-secret"));
        assertNull(gateway.verify(inQuery("POST", documented)));
    }

    private Map<String, String> signed(String id, String secret, String token, Instant at) {
        return signed(id, secret, token, at, "POST");
    }

    private Map<String, String> signed(String id, String secret, String token, Instant at, String method) {
        Map<String, String> params = unsigned(id, token, at);
        params.put("Signature", RpcV2Verifier.signature(method, params, secret));
        return params;
    }

    private Map<String, String> unsigned(String id, String token, Instant at) {
        Map<String, String> params = new TreeMap<>();
        params.put("Action", "SubmitIProductionJob");
        params.put("Version", "2020-11-09");
        params.put("Format", "json");
        params.put("Timestamp", at.toString());
        params.put("SignatureNonce", "nonce-" + (nonce++));
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureVersion", "1.0");
        params.put("AccessKeyId", id);
        if (token != null) {
            params.put("SecurityToken", token);
        }
        params.put("FunctionName", "Cover");
        params.put("Input", "{\"Media\":\"oss://b/in.mp4\",\"Type\":\"OSS\"}");
        return params;
    }

    private static SandboxRequest inQuery(String method, Map<String, String> params) {
        return new SandboxRequest(method, "/", Acs3Signer.formEncode(params), Map.of(), new byte[0], false);
    }

    /** The common parameters in the query, the API's in a form body (both are signed). */
    private static SandboxRequest inFormBody(Map<String, String> params) {
        Map<String, String> query = new TreeMap<>(params);
        Map<String, String> form = new TreeMap<>();
        form.put("FunctionName", query.remove("FunctionName"));
        form.put("Input", query.remove("Input"));
        return new SandboxRequest("POST", "/", Acs3Signer.formEncode(query), Map.of("Content-Type", "application/x-www-form-urlencoded"),
                Acs3Signer.formEncode(form).getBytes(StandardCharsets.UTF_8), false);
    }

    private static void assertCode(int status, String code, SandboxResponse answer) {
        assertCode(status, code, answer, "");
    }

    private static void assertCode(int status, String code, SandboxResponse answer, String why) {
        assertTrue(answer != null, "refused: " + code + " " + why);
        JsonNode body = Json.readOrNull(new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals(status, answer.status(), String.valueOf(body));
        assertEquals(code, body.path("Code").asText(), why + " " + body);
        for (String field : new String[]{"RequestId", "HostId", "Message", "Recommend"}) {
            assertTrue(body.hasNonNull(field), field + " in " + body);
        }
    }
}
