package io.mediagate.auth;

import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ACS3-HMAC-SHA256 against the vectors of Alibaba's V3 signature doc
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature), byte for byte. */
class Acs3SignerTest {

    private static final String EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void published_vector_run_instances() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "ecs.cn-shanghai.aliyuncs.com");
        headers.put("x-acs-action", "RunInstances");
        headers.put("x-acs-version", "2014-05-26");
        headers.put("x-acs-date", "2023-10-26T10:22:32Z");
        headers.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
        headers.put("x-acs-content-sha256", EMPTY_HASH);
        Map<String, String> query = Map.of("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd", "RegionId", "cn-shanghai");

        String canonical = Acs3Signer.canonicalRequest("POST", "/", query, headers, EMPTY_HASH);
        assertEquals("""
                POST
                /
                ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai
                host:ecs.cn-shanghai.aliyuncs.com
                x-acs-action:RunInstances
                x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                x-acs-date:2023-10-26T10:22:32Z
                x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d
                x-acs-version:2014-05-26

                host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""", canonical);
        assertEquals("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
                Acs3Signer.hex(io.mediagate.auth.Digests.sha256(canonical.getBytes(StandardCharsets.UTF_8))));
        assertEquals("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;"
                        + "x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
                Acs3Signer.authorization("POST", "/", query, headers, EMPTY_HASH, "YourAccessKeyId", "YourAccessKeySecret"));
    }

    @Test
    void sdk_unit_test_vector_with_duplicate_header_names_and_an_empty_value() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-acs-test", "http");
        headers.put("x-acs-TEST", "https");
        Map<String, String> query = new LinkedHashMap<>();
        query.put("test", "ok");
        query.put("empty", "");
        String payload = "55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23";
        assertEquals("\n/\nempty=&test=ok\nx-acs-test:http,https\n\nx-acs-test\n" + payload,
                Acs3Signer.canonicalRequest("", "", query, headers, payload));
        assertEquals("ACS3-HMAC-SHA256 Credential=acesskey,SignedHeaders=x-acs-test,"
                        + "Signature=4ab59fffe3c5738ff8a2729f90cc04fe18b02a4b15b2102cbaf92f9ff3df2ea3",
                Acs3Signer.authorization("", "", query, headers, payload, "acesskey", "secret"));
    }

    @Test
    void ice_submit_rpc_request_signed_as_sent() {
        String query = "FunctionName=Cover"
                + "&Input=" + Acs3Signer.percentEncode("{\"Media\":\"oss://bucket/in.mp4\",\"Type\":\"OSS\"}")
                + "&Output=" + Acs3Signer.percentEncode("{\"Media\":\"oss://bucket/out/\",\"Type\":\"OSS\"}");
        VendorRequest request = new VendorRequest("POST", "https://ice.cn-shanghai.aliyuncs.com/", query,
                Map.of("x-acs-action", "SubmitIProductionJob", "x-acs-version", "2020-11-09"), null);
        signer("nonce-0001").sign(request);
        assertEquals("FunctionName=Cover&Input=%7B%22Media%22%3A%22oss%3A%2F%2Fbucket%2Fin.mp4%22%2C%22Type%22%3A%22OSS%22%7D"
                + "&Output=%7B%22Media%22%3A%22oss%3A%2F%2Fbucket%2Fout%2F%22%2C%22Type%22%3A%22OSS%22%7D",
                Acs3Signer.canonicalQuery(Acs3Signer.queryParameters(request.query())));
        assertTrue(request.headers().get("Authorization").endsWith(
                ",Signature=34d847d886f32bb2b8a9bd94ce39770a81a35dd2014072d3b0f51add1464c70f"), request.headers().toString());
        assertEquals("2024-01-01T00:00:00Z", request.headers().get("x-acs-date"));
        assertEquals(EMPTY_HASH, request.headers().get("x-acs-content-sha256"));
    }

    @Test
    void bailian_get_roa_request() {
        VendorRequest request = new VendorRequest("GET",
                "https://quanmiaolightapp.cn-beijing.aliyuncs.com/llm-xxx/quanmiao/lightapp/videoAnalysis/getVideoAnalysisTask",
                "taskId=3feb69ed02d9b1a17d0f1a942675d300",
                Map.of("x-acs-action", "GetVideoAnalysisTask", "x-acs-version", "2024-08-01"), null);
        signer("nonce-0002").sign(request);
        assertTrue(request.headers().get("Authorization").endsWith(
                ",Signature=f2dd10e8be548dd54c0df037c22f30a239558ca42e16a7998372e2321fe744ba"), request.headers().toString());
    }

    @Test
    void bailian_submit_with_a_json_body_signs_the_body_and_its_content_type() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        headers.put("x-acs-action", "SubmitVideoAnalysisTask");
        headers.put("x-acs-version", "2024-08-01");
        VendorRequest request = new VendorRequest("POST",
                "https://quanmiaolightapp.cn-beijing.aliyuncs.com/llm-xxx/quanmiao/lightapp/videoAnalysis/submitVideoAnalysisTask",
                null, headers, "{\"videoUrl\":\"http://example.com/a.mp4\"}");
        signer("nonce-0003").sign(request);
        assertEquals("6c660215d4643833b75ddc77214bab6ddb0f6fd4b757c1ff5248b8d567ff468c", request.headers().get("x-acs-content-sha256"));
        assertEquals("ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;"
                        + "x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=c5349b258edd26a3d0c1240bb2e7b0b4a277b49d81da8c51a73ba9b657f5d7b3",
                request.headers().get("Authorization"));
    }

    @Test
    void sts_credentials_add_the_security_token_to_the_signed_headers() {
        VendorRequest request = new VendorRequest("POST", "https://ice.cn-shanghai.aliyuncs.com/", "FunctionName=Cover",
                Map.of("x-acs-action", "SubmitIProductionJob", "x-acs-version", "2020-11-09"), null);
        new Acs3Signer(() -> new AlibabaCredentials("STS.id", "secret", "token-123"),
                Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC), () -> "n").sign(request);
        assertEquals("token-123", request.headers().get("x-acs-security-token"));
        assertTrue(request.headers().get("Authorization").contains("x-acs-security-token"), request.headers().get("Authorization"));
    }

    @Test
    void nonces_differ_and_secrets_never_show() {
        assertFalse(Acs3Signer.randomNonce().equals(Acs3Signer.randomNonce()));
        assertEquals(32, Acs3Signer.randomNonce().length());
        String shown = new AlibabaCredentials("LTAIid", "very-secret", "tok").toString();
        assertFalse(shown.contains("very-secret") || shown.contains("tok"), shown);
    }

    @Test
    void percent_encoding_is_rfc3986() {
        assertEquals("a%20b%2A~%2B%2F%E4%B8%AD", Acs3Signer.percentEncode("a b*~+/中"));
        assertEquals("/a%20b/c", Acs3Signer.canonicalPath("/a%20b/c"));
        assertEquals("/", Acs3Signer.canonicalPath(""));
    }

    private static Acs3Signer signer(String nonce) {
        return new Acs3Signer(() -> new AlibabaCredentials("testid", "testsecret", null),
                Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC), () -> nonce);
    }
}
