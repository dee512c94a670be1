package io.mediagate.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP request to a vendor, built by a {@link VendorOperation} and signed by the vendor's signer.
 * The route sends it with Camel's HTTP endpoint; nothing here talks to the network.
 *
 * @param url  full URL without query, e.g. {@code https://host/v3/openapi/workspaces/default/…}
 * @param query raw query string without {@code ?}, or null
 * @param body the exact bytes sent (UTF-8 JSON here); signers that hash the body sign these bytes
 */
public record VendorRequest(String method, String url, String query, Map<String, String> headers, String body) {

    public VendorRequest {
        headers = new LinkedHashMap<>(headers);
    }

    public static VendorRequest postJson(String url, String json) {
        return new VendorRequest("POST", url, null, Map.of("Content-Type", "application/json"), json);
    }

    public static VendorRequest get(String url, String query) {
        return new VendorRequest("GET", url, query, Map.of(), null);
    }

    public VendorRequest withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int bodyBytes() {
        return body == null ? 0 : body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
