package io.mediagate.auth;

import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BearerTokenSignerTest {

    @Test
    void signing_adds_exactly_an_authorization_bearer_header() {
        VendorRequest request = VendorRequest.postJson("http://127.0.0.1/v3/openapi/workspaces/default/image-object-detection/ops-object-detect-001", "{}");

        new BearerTokenSigner("OS-d1x2a").sign(request);

        assertEquals(Map.of("Content-Type", "application/json", "Authorization", "Bearer OS-d1x2a"), request.headers());
        assertEquals("{}", request.body());
    }

    @Test
    void signing_a_get_request_adds_only_the_authorization_header() {
        VendorRequest request = VendorRequest.get("http://127.0.0.1/x/async/task-status", "task_id=t1");

        new BearerTokenSigner("key-1").sign(request);

        assertEquals(Map.of("Authorization", "Bearer key-1"), request.headers());
    }

    @Test
    void surrounding_whitespace_of_the_key_is_not_sent() {
        VendorRequest request = VendorRequest.get("http://127.0.0.1/", null);

        new BearerTokenSigner("  key-2\n").sign(request);

        assertEquals("Bearer key-2", request.headers().get("Authorization"));
    }

    @Test
    void to_string_does_not_reveal_the_key() {
        String text = new BearerTokenSigner("OS-secret-value-123").toString();

        assertFalse(text.contains("OS-secret-value-123"), text);
        assertFalse(text.contains("secret"), text);
    }

    @Test
    void a_missing_or_blank_key_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new BearerTokenSigner(null));
        assertThrows(IllegalArgumentException.class, () -> new BearerTokenSigner("  "));
    }
}
