package io.mediagate.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as an emulator sees it: the path below the prefix it came in under ({@code mount}: {@code /ice} for
 * {@code /ice/…}, empty for a vendor path at the sandbox's root), the decoded query, the headers (case-insensitive)
 * and the exact body bytes (signatures are checked over these).
 */
public record SandboxRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body,
                             boolean bodyTooLarge, String mount) {

    public SandboxRequest {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = h;
        mount = mount == null ? "" : mount;
    }

    /** A request that came in at the root (no prefix). */
    public SandboxRequest(String method, String path, String rawQuery, Map<String, String> headers, byte[] body, boolean bodyTooLarge) {
        this(method, path, rawQuery, headers, body, bodyTooLarge, "");
    }

    /** The path as the client sent it, prefix included: what it signed. */
    public String clientPath() {
        return mount + path;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public Map<String, String> query() {
        return decodeParams(rawQuery);
    }

    /** {@code a=1&b=x%20y} as a map: a query string, or an {@code application/x-www-form-urlencoded} body. */
    public static Map<String, String> decodeParams(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
