package io.mediagate.sandbox;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.PaiSigner;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.media.oss.OssStore;
import io.mediagate.sandbox.alibaba.RpcV2Verifier;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standalone sandbox answers each vendor's own paths at its root address, as the vendors' hosts do, so a client
 * given only {@code http://127.0.0.1:<port>} as its endpoint reaches the right emulator (the official SDKs: see
 * IceSdkContractTest, BailianSdkContractTest, BaiduSdkContractTest). Keys: the sandbox command's defaults.
 */
class SandboxRootAddressTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxServer sandbox;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sandbox = VendorModules.sandbox("127.0.0.1", 0, Settings.of(Map.of()), Sandbox.standaloneKeys(Map.of())).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void opensearch_answers_at_v3_openapi() throws Exception {
        String detect = "/v3/openapi/workspaces/default/image-object-detection/ops-object-detect-001";
        HttpResponse<String> wrongKey = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + detect))
                .header("Authorization", "Bearer not-the-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(401, wrongKey.statusCode(), wrongKey.body());
        assertEquals("Unauthorized", Json.readOrNull(wrongKey.body()).path("code").asText(), "OpenSearch's own refusal");
        HttpResponse<String> rightKey = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + detect))
                .header("Authorization", "Bearer sandbox-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(400, rightKey.statusCode(), "past the key check, the empty request is refused: " + rightKey.body());
    }

    @Test
    void pai_answers_at_api_v1_and_the_path_it_signs_is_the_root_path() throws Exception {
        HttpResponse<String> signedAtRoot = pai("/api/v1/async_jobs/424242", "/api/v1/async_jobs/424242");
        assertTrue(signedAtRoot.statusCode() != 401 && !signedAtRoot.body().contains("sign error"), signedAtRoot.body());
        HttpResponse<String> signedWithPrefix = pai("/api/v1/async_jobs/424242", "/pai/api/v1/async_jobs/424242");
        assertEquals(401, signedWithPrefix.statusCode(), "PAI signs the path it is sent to: " + signedWithPrefix.body());
    }

    @Test
    void baidu_hands_out_tokens_at_oauth() throws Exception {
        HttpResponse<String> token = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=sandbox-api-key&client_secret=sandbox-secret-key")).GET());
        assertEquals(200, token.statusCode(), token.body());
        assertTrue(Json.readOrNull(token.body()).path("access_token").isTextual(), token.body());
    }

    @Test
    void ice_takes_a_v2_signed_get_at_the_root() throws Exception {
        Map<String, String> params = new TreeMap<>();
        params.put("Action", "QueryIProductionJob");
        params.put("Version", "2020-11-09");
        params.put("Format", "json");
        params.put("Timestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        params.put("SignatureNonce", "root-get-" + System.nanoTime());
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureVersion", "1.0");
        params.put("AccessKeyId", "sandbox-id");
        params.put("JobId", "no-such-job");
        params.put("Signature", RpcV2Verifier.signature("GET", params, "sandbox-secret"));
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/?" + Acs3Signer.formEncode(params))).GET());
        assertEquals(404, answer.statusCode(), answer.body());
        assertEquals("ResourceNotFound", Json.readOrNull(answer.body()).path("Code").asText(), "past the gateway, ICE looked for the job");
    }

    @Test
    void oss_answers_path_style_at_the_root_and_virtual_hosted_by_bucket_host() throws Exception {
        byte[] content = new byte[20_000];
        Arrays.fill(content, (byte) 7);
        Path file = Files.write(dir.resolve("clip.mp4"), content);
        try (OssStore store = new OssStore(OssSettings.sandbox(Settings.of(Map.of()), sandbox.baseUrl(), Sandbox.OSS_REGION,
                Sandbox.OSS_BUCKET), () -> Sandbox.alibabaKey("sandbox-id:sandbox-secret"))) {
            OssLocation target = store.stagingLocation("root-job", "clip.mp4");
            store.upload(file, target);
            URL presigned = store.presign(target);
            assertTrue(presigned.getPath().startsWith("/" + Sandbox.OSS_BUCKET + "/"), "path style at the root: " + presigned);
            assertArrayEquals(content, send(HttpRequest.newBuilder(presigned.toURI()).GET(), HttpResponse.BodyHandlers.ofByteArray()).body());

            String virtualHost = Sandbox.OSS_BUCKET + ".oss-" + Sandbox.OSS_REGION + ".aliyuncs.com";
            String objectPath = presigned.getPath().substring(Sandbox.OSS_BUCKET.length() + 1);
            byte[] viaHost = rawGet(virtualHost, objectPath + "?" + presigned.getQuery());
            assertArrayEquals(content, viaHost, "the same object, addressed by bucket host");
        }
    }

    @Test
    void an_unknown_path_gets_a_404_in_alibabas_error_body() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/no/such/api")).GET());
        assertEquals(404, answer.statusCode(), answer.body());
        JsonNode body = Json.readOrNull(answer.body());
        assertEquals("InvalidApi.NotFound", body.path("Code").asText(), answer.body());
        for (String field : new String[]{"RequestId", "HostId", "Message", "Recommend"}) {
            assertTrue(body.hasNonNull(field), field + " in " + answer.body());
        }
    }

    private HttpResponse<String> pai(String path, String signedPath) throws Exception {
        VendorRequest signed = new VendorRequest("GET", sandbox.baseUrl() + signedPath, null, Map.of(), null);
        new PaiSigner("sandbox-app", "sandbox-token", Clock.systemUTC()).sign(signed);
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).GET();
        signed.headers().forEach(http::header);
        return send(http);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws Exception {
        return HTTP.send(request.build(), body);
    }

    /** A GET with a Host header of our choosing (the JDK's client does not let one set it), answered 200: its body. */
    private static byte[] rawGet(String host, String pathAndQuery) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", sandbox.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host + ":" + sandbox.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] response = in.readAllBytes();
            String head = new String(response, 0, Math.min(response.length, 2000), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(response, end + 4, response.length - end - 4);
            return body.toByteArray();
        }
    }
}
