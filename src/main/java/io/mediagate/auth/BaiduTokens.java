package io.mediagate.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.metrics.GatewayMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Baidu access tokens: an OAuth 2.0 {@code client_credentials} call to {@code https://aip.baidubce.com/oauth/2.0/token}
 * per API key and secret, whose
 * {@code access_token} lives {@code expires_in} seconds (30 days) and goes into every call as {@code ?access_token=}.
 *
 * <ul>
 *   <li>One fetch serves all concurrent callers of a key: they wait for it instead of each fetching (no stampede).</li>
 *   <li>Refreshed ahead of expiry (the last tenth of its life, at most a day): while one caller refreshes, the
 *       others go on with the still-valid token.</li>
 *   <li>{@link #invalidate} after Baidu's error 110/111 drops the token that call used, so the next call fetches a
 *       new one; the many calls that were in flight with the old token all report 110, and one refresh serves them.</li>
 *   <li>Explicit connect and request timeouts (Baidu's Java SDK has none by default).</li>
 * </ul>
 */
public final class BaiduTokens {

    private static final Logger LOG = LoggerFactory.getLogger(BaiduTokens.class);
    private static final Duration MAX_REFRESH_AHEAD = Duration.ofDays(1);

    /** An API key and its secret; the {@code settings} names say where they came from, for error messages. */
    public record Credentials(String apiKey, String secretKey, String settings) {
        @Override
        public String toString() {
            return "Credentials[" + settings + "]"; // never the secret
        }
    }

    private record Token(String value, Instant fetchedAt, Instant expiresAt) {
        Instant refreshFrom() {
            Duration life = Duration.between(fetchedAt, expiresAt);
            Duration ahead = life.dividedBy(10).compareTo(MAX_REFRESH_AHEAD) < 0 ? life.dividedBy(10) : MAX_REFRESH_AHEAD;
            return expiresAt.minus(ahead);
        }
    }

    /** One key's token and the lock that lets exactly one caller fetch it. */
    private static final class Slot {
        final ReentrantLock fetching = new ReentrantLock();
        volatile Token token;
        /** The last failed fetch and when: callers that waited for it get the same failure instead of trying again. */
        volatile JobFailure failure;
        volatile Instant failedAt;
    }

    /** How long a failed fetch answers for the callers that were waiting for it. */
    private static final Duration FAILURE_SHARED_FOR = Duration.ofSeconds(5);

    private final URI tokenUrl;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    public BaiduTokens(URI tokenUrl, Duration connectTimeout, Duration requestTimeout, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.requestTimeout = requestTimeout;
        this.clock = clock;
    }

    /** A valid access token for the key, fetched when there is none (or it is about to expire). */
    public String token(Credentials credentials) {
        Slot slot = slots.computeIfAbsent(slotKey(credentials), k -> new Slot());
        Token current = slot.token;
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.refreshFrom())) {
            return current.value();
        }
        if (current != null && now.isBefore(current.expiresAt())) {
            // due for refresh but still valid: one caller refreshes, the others use it meanwhile
            if (!slot.fetching.tryLock()) {
                return current.value();
            }
            try {
                return fetchInto(slot, credentials).value();
            } catch (JobFailure refreshFailed) {
                LOG.warn("Could not refresh the Baidu access token of {} ahead of its expiry ({}); the current one is used meanwhile",
                        credentials.settings(), refreshFailed.getMessage());
                return current.value();
            } finally {
                slot.fetching.unlock();
            }
        }
        Instant waitingSince = clock.instant();
        slot.fetching.lock();
        try {
            Token again = slot.token;
            if (again != null && clock.instant().isBefore(again.refreshFrom())) {
                return again.value(); // another caller fetched it while this one waited
            }
            JobFailure failed = slot.failure;
            if (failed != null && !slot.failedAt.isBefore(waitingSince.minus(FAILURE_SHARED_FOR))) {
                throw failed; // the fetch this caller waited for failed: one call to the token endpoint, not one each
            }
            return fetchInto(slot, credentials).value();
        } finally {
            slot.fetching.unlock();
        }
    }

    /** Fetches a token into the slot (the caller holds its lock), remembering a failure for the callers waiting. */
    private Token fetchInto(Slot slot, Credentials credentials) {
        try {
            Token fresh = fetch(credentials);
            GatewayMeters.current().tokenRefreshed("baidu");
            slot.token = fresh;
            slot.failure = null;
            return fresh;
        } catch (JobFailure failure) {
            slot.failure = failure;
            slot.failedAt = clock.instant();
            throw failure;
        }
    }

    /**
     * Drops the key's token after Baidu said it is invalid or expired (110/111), if it is still the one that call used
     * ({@code usedFingerprint}, see {@link #fingerprint}): the other calls in flight with it report the same, and one
     * new token serves them all.
     */
    public void invalidate(Credentials credentials, String usedFingerprint) {
        Slot slot = slots.get(slotKey(credentials));
        if (slot == null || usedFingerprint == null) {
            return;
        }
        slot.fetching.lock();
        try {
            Token current = slot.token;
            if (current != null && fingerprint(current.value()).equals(usedFingerprint)) {
                slot.token = null;
                LOG.info("Baidu rejected the access token of {}: a new one is fetched for the next call", credentials.settings());
            }
        } finally {
            slot.fetching.unlock();
        }
    }

    /**
     * One slot per key <em>and</em> secret: two models configured with the same API key, one with a wrong secret, must
     * not share a token or a failed fetch (the wrong one would fail the right one's jobs, or ride on its token). The
     * secret enters only as a digest, so the map key reveals nothing should it ever be printed.
     */
    private static String slotKey(Credentials credentials) {
        return credentials.apiKey() + "/" + java.util.HexFormat.of().formatHex(
                Digests.sha256(credentials.apiKey() + "\n" + credentials.secretKey()), 0, 16);
    }

    /** A short digest of a token that identifies it without revealing it (kept with the job between call and answer). */
    public static String fingerprint(String token) {
        return java.util.HexFormat.of().formatHex(Digests.sha256(token), 0, 8);
    }

    private Token fetch(Credentials credentials) {
        // POST with the parameters as a form, as Baidu's Java SDK sends them (the doc: "POST recommended")
        String form = "grant_type=client_credentials&client_id=" + encode(credentials.apiKey())
                + "&client_secret=" + encode(credentials.secretKey());
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new JobFailure(new JobError(JobError.Kind.vendor, "TokenUnavailable", null,
                    "could not get a Baidu access token from " + tokenUrl.getHost() + ": " + e, true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailure(new JobError(JobError.Kind.vendor, "TokenUnavailable", null, "interrupted while getting a Baidu access token", true));
        }
        JsonNode body = Json.readOrNull(response.body());
        if (body != null && body.path("access_token").isTextual() && body.path("expires_in").canConvertToLong()) {
            Instant now = clock.instant();
            LOG.info("Fetched a Baidu access token for {} (valid {} s)", credentials.settings(), body.path("expires_in").asLong());
            return new Token(body.path("access_token").asText(), now, now.plusSeconds(body.path("expires_in").asLong()));
        }
        String error = body == null ? "" : body.path("error").asText("");
        String description = body == null ? String.valueOf(response.body()) : body.path("error_description").asText("");
        if (error.equals("invalid_client") || error.equals("unauthorized_client")) {
            String which = description.toLowerCase(java.util.Locale.ROOT).contains("unknown client")
                    ? "the API Key is unknown" : "the Secret Key does not match the API Key";
            throw new JobFailure(new JobError(JobError.Kind.auth, error, response.statusCode(), "Baidu refused the credentials ("
                    + error + ": " + description + "): " + which + ". Check " + credentials.settings(), false));
        }
        boolean transientFailure = response.statusCode() >= 500 || response.statusCode() == 429;
        throw new JobFailure(new JobError(transientFailure ? JobError.Kind.vendor : JobError.Kind.auth,
                error.isEmpty() ? "TokenRefused" : error, response.statusCode(), "Baidu's token endpoint answered HTTP "
                + response.statusCode() + " without a token (" + (error.isEmpty() ? description : error + ": " + description)
                + ")" + (transientFailure ? "" : ". Check " + credentials.settings()), transientFailure));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
