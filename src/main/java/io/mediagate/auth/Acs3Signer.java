package io.mediagate.auth;

import io.mediagate.http.VendorRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Alibaba Cloud OpenAPI signature V3, {@code ACS3-HMAC-SHA256}
 * (https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature), for RPC requests
 * (ICE: parameters in the query, empty body) and ROA requests (Bailian: a path and a JSON or form body).
 * The operation sets {@code x-acs-action} and {@code x-acs-version}; this adds {@code host}, {@code x-acs-date},
 * {@code x-acs-signature-nonce}, {@code x-acs-content-sha256}, the STS token when there is one, and
 * {@code Authorization}, signing exactly the bytes that will be sent.
 */
public final class Acs3Signer implements RequestSigner {

    public static final String ALGORITHM = "ACS3-HMAC-SHA256";
    private static final DateTimeFormatter ACS_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Supplier<AlibabaCredentials> credentials;
    private final Clock clock;
    private final Supplier<String> nonces;

    /** @param credentials asked on every request, so rotated STS tokens are picked up */
    public Acs3Signer(Supplier<AlibabaCredentials> credentials) {
        this(credentials, Clock.systemUTC(), Acs3Signer::randomNonce);
    }

    Acs3Signer(Supplier<AlibabaCredentials> credentials, Clock clock, Supplier<String> nonces) {
        this.credentials = credentials;
        this.clock = clock;
        this.nonces = nonces;
    }

    @Override
    public void sign(VendorRequest request) {
        AlibabaCredentials key = credentials.get();
        URI uri = URI.create(request.url());
        String payloadHash = payloadHash(request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8));
        request.withHeader("host", uri.getAuthority());
        request.withHeader("x-acs-date", ACS_DATE.format(clock.instant().truncatedTo(ChronoUnit.SECONDS)));
        request.withHeader("x-acs-signature-nonce", nonces.get());
        request.withHeader("x-acs-content-sha256", payloadHash);
        if (key.securityToken() != null) {
            request.withHeader("x-acs-security-token", key.securityToken());
            request.withHeader("x-acs-accesskey-id", key.accessKeyId());
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        request.withHeader("Authorization", authorization(request.method(), path, queryParameters(request.query()),
                request.headers(), payloadHash, key.accessKeyId(), key.accessKeySecret()));
    }

    /**
     * The {@code Authorization} value for a request described by its parts (the SDK's {@code GetAuthorization}).
     * @param path          the request path as sent (percent-encoded), {@code /} for RPC
     * @param query         decoded query parameters
     * @param headers       all request headers; the signed ones are picked here
     * @param payloadHash   lowercase hex SHA-256 of the body bytes
     */
    public static String authorization(String method, String path, Map<String, String> query, Map<String, String> headers,
                                       String payloadHash, String accessKeyId, String accessKeySecret) {
        TreeMap<String, List<String>> signed = signedHeaders(headers);
        String signedNames = String.join(";", signed.keySet());
        String canonical = canonicalRequest(method, path, query, signed, payloadHash);
        String stringToSign = ALGORITHM + "\n" + hex(Digests.sha256(canonical));
        String signature = hex(Digests.hmacSha256(accessKeySecret, stringToSign));
        return ALGORITHM + " Credential=" + accessKeyId + ",SignedHeaders=" + signedNames + ",Signature=" + signature;
    }

    /** {@code METHOD \n URI \n query \n headers \n signed names \n payload hash}: V3's canonical request. */
    static String canonicalRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                                   String payloadHash) {
        return canonicalRequest(method, path, query, signedHeaders(headers), payloadHash);
    }

    private static String canonicalRequest(String method, String path, Map<String, String> query,
                                           TreeMap<String, List<String>> signed, String payloadHash) {
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((name, values) -> canonicalHeaders.append(name).append(':')
                .append(String.join(",", values.stream().sorted().toList())).append('\n'));
        return (method == null ? "" : method.toUpperCase(Locale.ROOT)) + "\n"
                + canonicalPath(path) + "\n"
                + canonicalQuery(query) + "\n"
                + canonicalHeaders + "\n"
                + String.join(";", signed.keySet()) + "\n"
                + payloadHash;
    }

    /** {@code x-acs-*}, {@code host} and {@code content-type}, lower-cased and sorted, values trimmed. */
    private static TreeMap<String, List<String>> signedHeaders(Map<String, String> headers) {
        TreeMap<String, List<String>> signed = new TreeMap<>();
        headers.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-acs-") || lower.equals("host") || lower.equals("content-type")) {
                signed.computeIfAbsent(lower, k -> new ArrayList<>()).add(value == null ? "" : value.trim());
            }
        });
        return signed;
    }

    /** Each path segment RFC 3986 encoded; an already encoded path keeps its escapes. */
    static String canonicalPath(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(percentEncode(decode(segment)));
        }
        return String.join("/", segments);
    }

    /** Parameters sorted by name, {@code name=value} RFC 3986 encoded, joined by {@code &}. */
    static String canonicalQuery(Map<String, String> query) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(query).forEach((name, value) -> {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(percentEncode(name)).append('=').append(value == null ? "" : percentEncode(value));
        });
        return out.toString();
    }

    /** Parameters as a query string or form body, {@code name=value} RFC 3986 encoded, in the given order. */
    public static String formEncode(Map<String, String> parameters) {
        StringBuilder out = new StringBuilder();
        parameters.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&")
                .append(percentEncode(name)).append('=').append(percentEncode(value)));
        return out.toString();
    }

    /** A raw query string ({@code a=1&b=x%20y}) as decoded parameters (a literal {@code +} stays a plus, as the SDKs mean it). */
    public static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> params = new TreeMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(decode(name), decode(value));
        }
        return params;
    }

    private static String decode(String text) {
        // a literal + in a query is a space only in forms; Alibaba's SDKs send %20, so keep + as +
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986: {@code A-Z a-z 0-9 - _ . ~} kept, every other UTF-8 byte as upper-case {@code %XX}. */
    public static String percentEncode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** {@code x-acs-content-sha256}: lowercase hex SHA-256 of the body bytes (of nothing for no body). */
    public static String payloadHash(byte[] body) {
        return hex(Digests.sha256(body == null ? new byte[0] : body));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** 32 hex characters, like the SDKs' nonce; never reused, so the gateway never sees {@code SignatureNonceUsed}. */
    static String randomNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return hex(bytes);
    }

    @Override
    public String toString() {
        return "Acs3Signer[" + ALGORITHM + "]";
    }
}
