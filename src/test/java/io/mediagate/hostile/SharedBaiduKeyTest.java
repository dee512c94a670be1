package io.mediagate.hostile;

import io.mediagate.modules.VendorModules;

import io.mediagate.config.Settings;
import io.mediagate.auth.BaiduTokens;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Two Baidu models configured with the same API key, one of them with a wrong secret (a typo in its settings): the
 * wrong one must neither break the right one's jobs nor ride on the right one's token.
 */
class SharedBaiduKeyTest {

    private static final BaiduTokens.Credentials GOOD = new BaiduTokens.Credentials("ak-1", "sk-1", "mediagate.baidu.models.good");
    private static final BaiduTokens.Credentials TYPO = new BaiduTokens.Credentials("ak-1", "sk-typo", "mediagate.baidu.models.typo");

    private SandboxServer sandbox;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-28T00:00:00Z"));

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of()), Map.of("baidu", "ak-1:sk-1")).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private BaiduTokens tokens() {
        return new BaiduTokens(URI.create(sandbox.baseUrl("baidu") + "/oauth/2.0/token"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), clock);
    }

    @Test
    void the_wrong_secrets_failure_is_not_handed_to_the_model_with_the_right_one() {
        BaiduTokens tokens = tokens();
        JobFailure typo = assertThrows(JobFailure.class, () -> tokens.token(TYPO));
        assertEquals(JobError.Kind.auth, typo.error().kind());
        String token = tokens.token(GOOD);
        assertFalse(token.isBlank(), "the right secret gets its token");
    }

    @Test
    void the_wrong_secret_does_not_get_the_right_ones_token_nor_drop_it() {
        BaiduTokens tokens = tokens();
        String token = tokens.token(GOOD);
        JobFailure typo = assertThrows(JobFailure.class, () -> tokens.token(TYPO), "a wrong secret is refused, cache or not");
        assertEquals(JobError.Kind.auth, typo.error().kind());
        tokens.invalidate(TYPO, BaiduTokens.fingerprint(token));
        assertEquals(token, tokens.token(GOOD), "the right model keeps its token");
        assertNotEquals("", token);
    }
}
