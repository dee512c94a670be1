package io.mediagate.auth;

import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** PAI's AppId/token signature against vectors computed with the PAI SDKs' signing algorithm (token {@code test-token}). */
class PaiSignerTest {

    private static final String IMAGE_BODY = "{\"action\":\"ImageQA\",\"image\":\"https://example.com/a.jpg\",\"model_name\":\"\",\"configure\":{}}";

    @Test
    void the_three_published_vectors_byte_for_byte() {
        assertEquals("POST\n98d935e2c06f8790362b2f8b37fe0f58\n/api/v1/images",
                PaiSigner.stringToSign("POST", IMAGE_BODY.getBytes(StandardCharsets.UTF_8), "/api/v1/images", Map.of()));
        assertEquals("50021ab2412ba91a59ce2aee3d92f4ab259871e3a8043940da3ec2228e699439",
                PaiSigner.signature("test-token", "POST", IMAGE_BODY.getBytes(StandardCharsets.UTF_8), "/api/v1/images", Map.of()));
        assertEquals("ced19e73eda7b7b53915c8f1cec7d80fcfbf2f4a600fd5bfbf349ff4e6675136",
                PaiSigner.signature("test-token", "GET", new byte[0], "/api/v1/batch_jobs/14", Map.of()));
        assertEquals("64d5e3debb53dae8e6f1213e394da1fe598c1e8ed09f5cdcf2d2fa0392b9dee9",
                PaiSigner.signature("test-token", "POST", new byte[0], "/api/v1/async_jobs/5", Map.of()));
    }

    @Test
    void a_signed_request_carries_appid_signature_and_request_time_but_not_the_token() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
        VendorRequest request = new VendorRequest("POST", "http://pai.example.com/api/v1/images", null,
                Map.of("Content-Type", "application/json"), IMAGE_BODY);
        new PaiSigner("app-7", "test-token", clock).sign(request);
        assertEquals("app-7:50021ab2412ba91a59ce2aee3d92f4ab259871e3a8043940da3ec2228e699439", request.headers().get("Authorization"));
        assertEquals("1700000000", request.headers().get("X-Request-Time"));
        assertFalse(request.headers().toString().contains("test-token"));
        assertFalse(new PaiSigner("app-7", "test-token", clock).toString().contains("test-token"));
    }

    @Test
    void a_query_is_signed_sorted_without_its_sign_parameter() {
        assertEquals("GET\nd41d8cd98f00b204e9800998ecf8427e\n/api/v1/x?a=1&b&c=3",
                PaiSigner.stringToSign("GET", new byte[0], "/api/v1/x", Map.of("c", "3", "a", "1", "b", "", "sign", "zz")));
    }
}
