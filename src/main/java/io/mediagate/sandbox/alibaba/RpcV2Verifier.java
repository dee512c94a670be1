package io.mediagate.sandbox.alibaba;

import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.Digests;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The Alibaba Cloud API gateway's check of a legacy RPC signature (V2, {@code SignatureVersion=1.0},
 * {@code SignatureMethod=HMAC-SHA1}, Alibaba's legacy RPC signature), which the ICE SDK 2.3.0 sends by default: the signature is
 * a parameter, computed over every other parameter of the query and the form body, sorted and RFC 3986-encoded,
 * with {@code AccessKeySecret + "&"} as the HMAC key. Refusals use the gateway's codes:
 * {@code Missing<Parameter>}, {@code IncompleteSignature}, {@code InvalidAccessKeyId.NotFound},
 * {@code MissingSecurityToken}/{@code InvalidSecurityToken.Mismatch}, {@code InvalidTimeStamp.Format}/{@code .Expired}
 * (15 minutes), {@code SignatureNonceUsed} and {@code SignatureDoesNotMatch}.
 */
public final class RpcV2Verifier {

    private static final Duration SKEW = Duration.ofMinutes(15);
    private static final List<String> REQUIRED = List.of("AccessKeyId", "SignatureMethod", "SignatureVersion", "Timestamp",
            "SignatureNonce", "Signature");

    private final Map<String, Acs3Verifier.Key> keys;
    private final Clock clock;
    private final Map<String, Instant> usedNonces = new ConcurrentHashMap<>();

    public RpcV2Verifier(Map<String, Acs3Verifier.Key> keys, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.clock = clock;
    }

    /** Whether the request is meant to carry a V2 signature (it has V2's signature parameters). */
    public static boolean isV2(SandboxRequest request) {
        Map<String, String> params = AlibabaGateway.rpcParameters(request);
        return params.containsKey("Signature") || params.containsKey("SignatureMethod") || params.containsKey("SignatureVersion");
    }

    /** @return null when the request is signed correctly, else the gateway's error answer */
    public SandboxResponse verify(SandboxRequest request) {
        Map<String, String> params = AlibabaGateway.rpcParameters(request);
        for (String name : REQUIRED) {
            if (params.get(name) == null || params.get(name).isEmpty()) {
                return Acs3Verifier.error(400, "Missing" + name, name + " is mandatory for this action.");
            }
        }
        if (!"HMAC-SHA1".equals(params.get("SignatureMethod")) || !"1.0".equals(params.get("SignatureVersion"))) {
            return Acs3Verifier.error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards."
                    + " (SignatureMethod HMAC-SHA1 with SignatureVersion 1.0, or the V3 signature ACS3-HMAC-SHA256)");
        }
        Acs3Verifier.Key key = keys.get(params.get("AccessKeyId"));
        if (key == null) {
            return Acs3Verifier.error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        String token = params.get("SecurityToken");
        if (key.securityToken() != null && !key.securityToken().equals(token)) {
            return Acs3Verifier.error(400, token == null ? "MissingSecurityToken" : "InvalidSecurityToken.Mismatch",
                    "Specified SecurityToken is invalid or missing.");
        }
        Instant at;
        try {
            at = Instant.parse(params.get("Timestamp"));
        } catch (DateTimeParseException e) {
            return Acs3Verifier.error(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if (Duration.between(at, clock.instant()).abs().compareTo(SKEW) > 0) {
            return Acs3Verifier.error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        if (!matches(request.method(), params, key.secret())) {
            return Acs3Verifier.error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
        }
        // a nonce only needs remembering while its timestamp is acceptable
        usedNonces.values().removeIf(seen -> Duration.between(seen, clock.instant()).compareTo(SKEW.multipliedBy(2)) > 0);
        if (usedNonces.putIfAbsent(params.get("SignatureNonce"), at) != null) {
            return Acs3Verifier.error(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        return null;
    }

    /**
     * The documented string to sign keeps parameters with empty values; Alibaba's SDKs leave them out
     * (openapiutil {@code getRPCSignature}). Both reach the live gateway, so both are accepted.
     */
    private static boolean matches(String method, Map<String, String> params, String secret) {
        byte[] received = params.get("Signature").getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(signature(method, params, secret).getBytes(StandardCharsets.UTF_8), received)) {
            return true;
        }
        Map<String, String> withoutEmpty = new TreeMap<>(params);
        withoutEmpty.values().removeIf(String::isEmpty);
        return withoutEmpty.size() < params.size()
                && MessageDigest.isEqual(signature(method, withoutEmpty, secret).getBytes(StandardCharsets.UTF_8), received);
    }

    /** Base64(HMAC-SHA1(secret + "&", string to sign)). */
    public static String signature(String method, Map<String, String> params, String secret) {
        return Base64.getEncoder().encodeToString(Digests.hmacSha1(secret + "&", stringToSign(method, params)));
    }

    /** {@code METHOD&%2F&percentEncode(sorted name=value pairs joined by &)}, without {@code Signature}. */
    static String stringToSign(String method, Map<String, String> params) {
        String canonical = new TreeMap<>(params).entrySet().stream()
                .filter(p -> !p.getKey().equals("Signature"))
                .map(p -> Acs3Signer.percentEncode(p.getKey()) + "=" + Acs3Signer.percentEncode(p.getValue()))
                .collect(Collectors.joining("&"));
        return method + "&" + Acs3Signer.percentEncode("/") + "&" + Acs3Signer.percentEncode(canonical);
    }
}
