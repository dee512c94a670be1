package io.mediagate.auth;

import io.mediagate.http.VendorRequest;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * PAI multimedia analysis, signed as PAI's own SDK ({@code ai_service_python_sdk} 1.1.4) signs: {@code Authorization: <AppId>:<sign>} with
 * {@code sign = hex(HMAC-SHA256(token, METHOD \n md5hex(body) \n path[?sorted query]))} over exactly the body bytes
 * sent, and {@code X-Request-Time} (epoch seconds; sent by every SDK, not signed).
 */
public final class PaiSigner implements RequestSigner {

    private final String appId;
    private final String token;
    private final Clock clock;

    public PaiSigner(String appId, String token, Clock clock) {
        if (appId == null || appId.isBlank() || token == null || token.isBlank()) {
            throw new IllegalArgumentException("PAI needs an AppId and a token");
        }
        this.appId = appId.trim();
        this.token = token.trim();
        this.clock = clock;
    }

    @Override
    public void sign(VendorRequest request) {
        String path = URI.create(request.url()).getRawPath();
        byte[] body = request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8);
        request.withHeader("Authorization", appId + ":" + signature(token, request.method(), body, path,
                Acs3Signer.queryParameters(request.query())));
        request.withHeader("X-Request-Time", String.valueOf(clock.instant().getEpochSecond()));
    }

    /** The string PAI signs: {@code METHOD \n md5hex(body) \n path}, plus {@code ?k=v&…} (sorted, no {@code sign}) when there is a query. */
    public static String stringToSign(String method, byte[] body, String path, Map<String, String> query) {
        String signed = method.toUpperCase(java.util.Locale.ROOT) + "\n" + HexFormat.of().formatHex(Digests.md5(body)) + "\n" + path;
        TreeMap<String, String> sorted = new TreeMap<>(query);
        sorted.remove("sign");
        if (!sorted.isEmpty()) {
            signed += "?" + sorted.entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("&"));
        }
        return signed;
    }

    /** Lower-case hex HMAC-SHA256 of {@link #stringToSign} keyed with the token. */
    public static String signature(String token, String method, byte[] body, String path, Map<String, String> query) {
        return HexFormat.of().formatHex(Digests.hmacSha256(token, stringToSign(method, body, path, query)));
    }

    @Override
    public String toString() {
        return "PaiSigner[appId=" + appId + ", token=****]";
    }
}
