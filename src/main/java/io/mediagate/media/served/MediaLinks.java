package io.mediagate.media.served;

import io.mediagate.auth.Digests;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Unguessable, expiring links to a file in the work area: the token is the file's path below the work area and
 * an expiry, with an HMAC-SHA256 over both under the gateway's key. Nothing but the signature grants access; a
 * changed path or expiry, or an expired link, does not verify.
 */
public final class MediaLinks {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;

    public MediaLinks(byte[] key, Duration lifetime, Clock clock) {
        if (key.length < 16) {
            throw new IllegalArgumentException("the media signing key must have at least 16 bytes");
        }
        this.key = key.clone();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The token for a file below the work area, e.g. {@code 9f28…/photo.png}, valid for the configured lifetime. */
    public String token(String relativePath) {
        String payload = relativePath + "\n" + clock.instant().plus(lifetime).getEpochSecond();
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(Digests.hmacSha256(key, payload));
    }

    /** The path a token grants, or empty when it is malformed, tampered with or expired. */
    public Optional<String> verify(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        try {
            String payload = new String(DECODER.decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            if (!MessageDigest.isEqual(Digests.hmacSha256(key, payload), DECODER.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            int newline = payload.lastIndexOf('\n');
            long expires = Long.parseLong(payload.substring(newline + 1));
            if (clock.instant().getEpochSecond() > expires) {
                return Optional.empty();
            }
            return Optional.of(payload.substring(0, newline));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

}
