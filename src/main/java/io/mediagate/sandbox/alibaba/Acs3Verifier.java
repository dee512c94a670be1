package io.mediagate.sandbox.alibaba;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Alibaba Cloud API gateway's check of a V3 signature, as the sandbox's ICE and Bailian emulators apply it
 * (through {@link AlibabaGateway}, beside the legacy {@link RpcV2Verifier}):
 * it recomputes {@code ACS3-HMAC-SHA256} over the received bytes with the secret of the AccessKey named in
 * the request and answers with the gateway's own error codes: {@code IncompleteSignature},
 * {@code InvalidAccessKeyId.NotFound}, {@code InvalidTimeStamp.Format}/{@code .Expired} (15 minutes),
 * {@code SignatureNonceUsed}, {@code InvalidSecurityToken.*} and {@code SignatureDoesNotMatch}.
 */
public final class Acs3Verifier {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$");
    private static final Duration SKEW = Duration.ofMinutes(15);

    /** An AccessKey the sandbox accepts; a non-null token makes it an STS key that needs that token. */
    public record Key(String secret, String securityToken) {
    }

    private final Map<String, Key> keys;
    private final Clock clock;
    private final Map<String, Instant> usedNonces = new ConcurrentHashMap<>();

    public Acs3Verifier(Map<String, Key> keys, Clock clock) {
        this.keys = Map.copyOf(keys);
        this.clock = clock;
    }

    /**
     * @param signedPath the path as the client sent it, vendor prefix included (what the client signed)
     * @return null when the request is signed correctly, else the gateway's error answer
     */
    public SandboxResponse verify(SandboxRequest request, String signedPath) {
        String authorization = request.header("Authorization");
        Matcher m = authorization == null ? null : AUTHORIZATION.matcher(authorization.trim());
        if (m == null || !m.matches()) {
            return error(400, "IncompleteSignature", "The request signature does not conform to Aliyun standards.");
        }
        String accessKeyId = m.group(1);
        Key key = keys.get(accessKeyId);
        if (key == null) {
            return error(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        if (key.securityToken() != null && !key.securityToken().equals(request.header("x-acs-security-token"))) {
            return error(400, request.header("x-acs-security-token") == null ? "MissingSecurityToken" : "InvalidSecurityToken.Mismatch",
                    "Specified SecurityToken is invalid or missing.");
        }
        String date = request.header("x-acs-date");
        Instant at;
        try {
            at = Instant.parse(date);
        } catch (DateTimeParseException | NullPointerException e) {
            return error(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.");
        }
        if (Duration.between(at, clock.instant()).abs().compareTo(SKEW) > 0) {
            return error(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        String nonce = request.header("x-acs-signature-nonce");
        // a nonce only needs remembering while its timestamp is acceptable
        usedNonces.values().removeIf(seen -> Duration.between(seen, clock.instant()).compareTo(SKEW.multipliedBy(2)) > 0);
        if (nonce != null && usedNonces.putIfAbsent(nonce, at) != null) {
            return error(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        String payloadHash = Acs3Signer.payloadHash(request.body());
        if (!payloadHash.equals(request.header("x-acs-content-sha256"))) {
            return error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation."
                    + " (x-acs-content-sha256 is not the SHA-256 of the body)");
        }
        Map<String, String> signed = new java.util.LinkedHashMap<>();
        for (String name : m.group(2).split(";")) {
            String value = request.header(name);
            if (value == null) {
                return error(400, "IncompleteSignature", "The signed header " + name + " is missing.");
            }
            signed.put(name, value);
        }
        String expected = Acs3Signer.authorization(request.method(), signedPath, SandboxRequest.decodeParams(request.rawQuery()), signed,
                payloadHash, accessKeyId, key.secret());
        if (!MessageDigest.isEqual(expected.getBytes(), authorization.trim().getBytes())) {
            return error(400, "SignatureDoesNotMatch", "Specified signature is not matched with our calculation.");
        }
        return null;
    }

    /** Alibaba's error body: {@code RequestId}, {@code HostId}, {@code Code}, {@code Message}, {@code Recommend}. */
    public static SandboxResponse error(int status, String code, String message) {
        ObjectNode body = Json.object();
        String requestId = UUID.randomUUID().toString().toUpperCase();
        body.put("RequestId", requestId);
        body.put("HostId", "sandbox.aliyuncs.com");
        body.put("Code", code);
        body.put("Message", message);
        body.put("Recommend", "https://api.aliyun.com/troubleshoot?q=" + code + "&product=sandbox&requestId=" + requestId);
        return SandboxResponse.json(status, body);
    }
}
