package io.mediagate.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The digests the vendors' signatures and checksums are made of (SHA-256, MD5, HMAC-SHA256, HMAC-SHA1), in one place:
 * every JDK provides these algorithms, so their checked exceptions can never happen and are not passed on.
 */
public final class Digests {

    private Digests() {
    }

    public static byte[] sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] md5(byte[] bytes) {
        return digest("MD5", bytes);
    }

    public static byte[] hmacSha256(byte[] key, String data) {
        return hmac("HmacSHA256", key, data);
    }

    public static byte[] hmacSha256(String key, String data) {
        return hmacSha256(key.getBytes(StandardCharsets.UTF_8), data);
    }

    /** Alibaba's legacy RPC signature (V2, {@code SignatureMethod=HMAC-SHA1}). */
    public static byte[] hmacSha1(String key, String data) {
        return hmac("HmacSHA1", key.getBytes(StandardCharsets.UTF_8), data);
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
