package io.mediagate.sandbox.oss;

import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.Digests;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * OSS's check of a V4 signature ({@code OSS4-HMAC-SHA256}), in the {@code Authorization} header or in a presigned
 * URL's query, recomputed over the request as received: canonical request (method, URI-encoded
 * {@code /bucket/key}, sorted query, {@code content-type}/{@code content-md5}/{@code x-oss-*} and additional
 * headers, payload hash), string to sign with the {@code date/region/oss/aliyun_v4_request} scope, and the
 * {@code aliyun_v4}-prefixed HMAC key chain. Refusals use OSS's own codes: {@code AccessDenied} (no signature,
 * expired URL), {@code InvalidAccessKeyId}, {@code RequestTimeTooSkewed} (15 minutes),
 * {@code InvalidSecurityToken}, {@code SignatureDoesNotMatch}.
 */
public final class OssV4Verifier {

    static final String ALGORITHM = "OSS4-HMAC-SHA256";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "^OSS4-HMAC-SHA256 Credential=([^/,]+)/(\\d{8})/([^/,]+)/oss/aliyun_v4_request"
                    + "(?:, ?AdditionalHeaders=([^,]*))?, ?Signature=([0-9a-f]{64})$");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofMinutes(15);
    private static final long MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

    /** An AccessKey OSS accepts; a non-null token makes it an STS key that needs that token. */
    public record Key(String secret, String securityToken) {
    }

    private final Map<String, Key> keys;
    private final String region;
    private final Clock clock;

    public OssV4Verifier(Map<String, Key> keys, String region, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.region = region;
        this.clock = clock;
    }

    /**
     * @param resourcePath the decoded {@code /bucket/key} the request is about (what the client signed)
     * @return null when the request is signed correctly, else OSS's error answer
     */
    public SandboxResponse verify(SandboxRequest request, String resourcePath) {
        Map<String, String> query = Acs3Signer.queryParameters(request.rawQuery());
        if (query.containsKey("x-oss-signature")) {
            return verifyPresigned(request, resourcePath, query);
        }
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return OssErrors.error(403, "AccessDenied", "You have no right to access this object because of bucket acl.");
        }
        Matcher m = AUTHORIZATION.matcher(authorization.trim());
        if (!m.matches()) {
            return OssErrors.error(400, "InvalidArgument", "Authorization header is invalid.");
        }
        String dateTime = request.header("x-oss-date");
        Instant at = parse(dateTime);
        if (at == null) {
            return OssErrors.error(403, "AccessDenied", "Invalid date format in x-oss-date header.");
        }
        if (Duration.between(at, clock.instant()).abs().compareTo(SKEW) > 0) {
            return OssErrors.error(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.");
        }
        SandboxResponse refused = checkKeyAndScope(m.group(1), m.group(2), m.group(3), dateTime,
                request.header("x-oss-security-token"));
        if (refused != null) {
            return refused;
        }
        Set<String> additional = names(m.group(4));
        String payloadHash = request.header("x-oss-content-sha256");
        String expected = signature(keys.get(m.group(1)).secret(), request.method(), resourcePath, query,
                signedHeaders(request, additional), additional, payloadHash == null ? "UNSIGNED-PAYLOAD" : payloadHash, dateTime);
        return matches(expected, m.group(5));
    }

    private SandboxResponse verifyPresigned(SandboxRequest request, String resourcePath, Map<String, String> query) {
        if (!ALGORITHM.equals(query.get("x-oss-signature-version"))) {
            return OssErrors.error(400, "InvalidArgument", "Unsupported signature version: " + query.get("x-oss-signature-version"));
        }
        String[] credential = query.getOrDefault("x-oss-credential", "").split("/");
        String dateTime = query.get("x-oss-date");
        Instant at = parse(dateTime);
        long expires;
        try {
            expires = Long.parseLong(query.getOrDefault("x-oss-expires", ""));
        } catch (NumberFormatException e) {
            return OssErrors.error(400, "InvalidArgument", "x-oss-expires is invalid.");
        }
        if (credential.length != 5 || !"oss".equals(credential[3]) || !"aliyun_v4_request".equals(credential[4]) || at == null) {
            return OssErrors.error(400, "InvalidArgument", "x-oss-credential or x-oss-date is invalid.");
        }
        if (expires <= 0 || expires > MAX_EXPIRES_SECONDS) {
            return OssErrors.error(400, "InvalidArgument", "x-oss-expires must be between 1 and 604800 seconds.");
        }
        if (clock.instant().isAfter(at.plusSeconds(expires))) {
            return OssErrors.error(403, "AccessDenied", "Request has expired.");
        }
        SandboxResponse refused = checkKeyAndScope(credential[0], credential[1], credential[2], dateTime, query.get("security-token"));
        if (refused != null) {
            return refused;
        }
        Map<String, String> signedQuery = new TreeMap<>(query);
        String provided = signedQuery.remove("x-oss-signature");
        Set<String> additional = names(query.get("x-oss-additional-headers"));
        String expected = signature(keys.get(credential[0]).secret(), request.method(), resourcePath, signedQuery,
                signedHeaders(request, additional), additional, "UNSIGNED-PAYLOAD", dateTime);
        return matches(expected, provided);
    }

    private SandboxResponse checkKeyAndScope(String accessKeyId, String date, String scopeRegion, String dateTime, String token) {
        Key key = keys.get(accessKeyId);
        if (key == null) {
            return OssErrors.error(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.");
        }
        if (key.securityToken() != null && !key.securityToken().equals(token)) {
            return OssErrors.error(403, "InvalidSecurityToken", "The security token you provided is invalid.");
        }
        if (!dateTime.startsWith(date)) {
            return OssErrors.error(400, "InvalidArgument", "Invalid signing date in Authorization header.");
        }
        if (!region.equals(scopeRegion)) {
            return OssErrors.error(400, "InvalidArgument", "Invalid signing region in Authorization header.");
        }
        return null;
    }

    private static SandboxResponse matches(String expected, String provided) {
        if (provided == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), provided.getBytes(StandardCharsets.US_ASCII))) {
            return OssErrors.error(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        }
        return null;
    }

    /** The hex signature OSS expects for these request parts. */
    String signature(String secret, String method, String resourcePath, Map<String, String> query, Map<String, String> headers,
                     Set<String> additional, String payloadHash, String dateTime) {
        String date = dateTime.substring(0, 8);
        String scope = date + "/" + region + "/oss/aliyun_v4_request";
        String canonical = canonicalRequest(method, resourcePath, query, headers, additional, payloadHash);
        String stringToSign = ALGORITHM + "\n" + dateTime + "\n" + scope + "\n" + HexFormat.of().formatHex(Digests.sha256(canonical));
        byte[] key = Digests.hmacSha256(("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = Digests.hmacSha256(key, region);
        key = Digests.hmacSha256(key, "oss");
        key = Digests.hmacSha256(key, "aliyun_v4_request");
        return HexFormat.of().formatHex(Digests.hmacSha256(key, stringToSign));
    }

    static String canonicalRequest(String method, String resourcePath, Map<String, String> query, Map<String, String> headers,
                                   Set<String> additional, String payloadHash) {
        StringBuilder c = new StringBuilder();
        c.append(method).append('\n');
        c.append(Arrays.stream(resourcePath.split("/", -1)).map(Acs3Signer::percentEncode).collect(Collectors.joining("/"))).append('\n');
        TreeMap<String, String> sorted = new TreeMap<>();
        query.forEach((k, v) -> sorted.put(Acs3Signer.percentEncode(k.trim()), Acs3Signer.percentEncode(v.trim())));
        c.append(sorted.entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"))).append('\n');
        headers.forEach((k, v) -> c.append(k).append(':').append(v.trim()).append('\n'));
        c.append('\n');
        c.append(String.join(";", additional)).append('\n');
        c.append(payloadHash);
        return c.toString();
    }

    /** The headers V4 signs: content-type, content-md5, every x-oss-* and the additional ones, by lower-case name. */
    private static Map<String, String> signedHeaders(SandboxRequest request, Set<String> additional) {
        TreeMap<String, String> signed = new TreeMap<>();
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("content-type") || lower.equals("content-md5") || lower.startsWith("x-oss-") || additional.contains(lower)) {
                signed.put(lower, value);
            }
        });
        return signed;
    }

    private static Set<String> names(String list) {
        Set<String> names = new TreeSet<>();
        if (list != null && !list.isBlank()) {
            for (String name : list.split(";")) {
                names.add(name.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    private static Instant parse(String dateTime) {
        try {
            return dateTime == null ? null : Instant.from(DATE_TIME.parse(dateTime));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String formatDateTime(Instant at) {
        return DATE_TIME.format(at);
    }

}
