package io.mediagate.auth;

import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.sandbox.baidu.BaiduEmulator;
import io.mediagate.testsupport.BaiduTokenEndpoint;
import io.mediagate.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The access-token lifecycle against the sandbox's Baidu token endpoint (30-day tokens), with a clock the test moves. */
class BaiduTokensTest {

    private static final BaiduTokens.Credentials KEY = new BaiduTokens.Credentials("ak-1", "sk-1", "BAIDU_API_KEY / BAIDU_SECRET_KEY");

    @RegisterExtension
    final BaiduTokenEndpoint endpoint = new BaiduTokenEndpoint("ak-1:sk-1");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T00:00:00Z"));

    private BaiduTokens tokens() {
        return endpoint.tokens(clock);
    }

    private long fetches() {
        return endpoint.control().events(BaiduEmulator.VENDOR, "tokens-issued");
    }

    @Test
    void many_concurrent_callers_share_one_fetch() throws Exception {
        BaiduTokens tokens = tokens();
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> got = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            got.add(pool.submit(() -> {
                go.await();
                return tokens.token(KEY);
            }));
        }
        go.countDown();
        Set<String> distinct = ConcurrentHashMap.newKeySet();
        for (Future<String> f : got) {
            distinct.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, fetches(), "one token fetch for 64 concurrent calls");
        assertEquals(1, distinct.size());
    }

    @Test
    void the_token_is_cached_until_its_last_day_and_then_refreshed() {
        BaiduTokens tokens = tokens();
        String first = tokens.token(KEY);
        clock.advance(Duration.ofDays(28));
        assertEquals(first, tokens.token(KEY), "30-day token still fresh after 28 days");
        assertEquals(1, fetches());
        clock.advance(Duration.ofHours(30));
        String second = tokens.token(KEY);
        assertNotEquals(first, second, "refreshed within its last day, before it expires");
        assertEquals(2, fetches());
        assertEquals(second, tokens.token(KEY));
    }

    @Test
    void each_fetch_from_the_token_endpoint_counts_as_a_token_refresh() {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        io.mediagate.metrics.GatewayMeters.install(registry);
        BaiduTokens tokens = tokens();
        tokens.token(KEY);
        tokens.token(KEY);
        clock.advance(Duration.ofDays(29).plusHours(6));
        tokens.token(KEY);
        assertEquals(2, registry.get("mediagate.token.refreshes").tag("vendor", "baidu").counter().count(),
                "the first fetch and the refresh in its last day; the cached answers are no fetch");
    }

    @Test
    void a_rejected_token_is_dropped_once_for_all_the_calls_that_were_in_flight_with_it() {
        BaiduTokens tokens = tokens();
        String first = tokens.token(KEY);
        tokens.invalidate(KEY, BaiduTokens.fingerprint(first));
        String second = tokens.token(KEY);
        assertNotEquals(first, second, "a token rejected right after it was fetched is replaced too");
        // the other calls that were in flight with the first token report 110 as well: the new one is kept
        tokens.invalidate(KEY, BaiduTokens.fingerprint(first));
        tokens.invalidate(KEY, BaiduTokens.fingerprint(first));
        assertEquals(second, tokens.token(KEY));
        assertEquals(2, fetches());
        assertFalse(BaiduTokens.fingerprint(second).contains(second.substring(3, 12)), "the fingerprint is no part of the token");
    }

    @Test
    void callers_waiting_for_a_fetch_that_fails_get_its_failure_instead_of_each_calling_again() throws Exception {
        BaiduTokens tokens = tokens();
        BaiduTokens.Credentials wrong = new BaiduTokens.Credentials("ak-1", "sk-wrong", "BAIDU_API_KEY / BAIDU_SECRET_KEY");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return tokens.token(wrong);
            }));
        }
        go.countDown();
        int failures = 0;
        for (Future<?> call : calls) {
            try {
                call.get();
            } catch (java.util.concurrent.ExecutionException e) {
                failures += e.getCause() instanceof JobFailure ? 1 : 0;
            }
        }
        pool.shutdown();
        assertEquals(16, failures);
        assertEquals(1, endpoint.control().calls(BaiduEmulator.VENDOR, "token"), "one call to the token endpoint");
    }

    @Test
    void a_refresh_that_fails_while_the_token_is_still_valid_keeps_the_valid_token() {
        BaiduTokens tokens = tokens();
        String first = tokens.token(KEY);
        endpoint.stop(); // the token endpoint is down from now on
        clock.advance(Duration.ofDays(29).plusHours(12));
        assertEquals(first, tokens.token(KEY), "still valid for 12 hours: used while the refresh fails");
        clock.advance(Duration.ofHours(13));
        JobFailure expired = assertThrows(JobFailure.class, () -> tokens.token(KEY));
        assertTrue(expired.error().retryable(), "expired and no new one: retried later");
    }

    @Test
    void wrong_credentials_fail_as_auth_naming_the_settings_and_never_the_secret() {
        BaiduTokens tokens = tokens();
        JobFailure unknown = assertThrows(JobFailure.class, () -> tokens.token(
                new BaiduTokens.Credentials("ak-unknown", "sk-1", "BAIDU_API_KEY / BAIDU_SECRET_KEY")));
        assertEquals(JobError.Kind.auth, unknown.error().kind());
        assertEquals("invalid_client", unknown.error().code());
        assertTrue(unknown.getMessage().contains("API Key is unknown") && unknown.getMessage().contains("BAIDU_API_KEY"), unknown.getMessage());
        JobFailure secret = assertThrows(JobFailure.class, () -> tokens.token(
                new BaiduTokens.Credentials("ak-1", "sk-wrong-secret", "BAIDU_API_KEY / BAIDU_SECRET_KEY")));
        assertTrue(secret.getMessage().contains("Secret Key does not match"), secret.getMessage());
        assertFalse(secret.getMessage().contains("sk-wrong-secret"), "no secret in messages");
        assertFalse(secret.error().retryable());
    }

    @Test
    void an_unreachable_token_endpoint_is_a_retryable_failure() {
        BaiduTokens tokens = new BaiduTokens(URI.create("http://127.0.0.1:9/oauth/2.0/token"), Duration.ofSeconds(1),
                Duration.ofSeconds(2), clock);
        JobFailure failure = assertThrows(JobFailure.class, () -> tokens.token(KEY));
        assertTrue(failure.error().retryable(), failure.getMessage());
        assertEquals(JobError.Kind.vendor, failure.error().kind());
    }
}
