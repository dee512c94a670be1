package io.mediagate.hostile;

import io.mediagate.auth.BaiduTokens;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.testsupport.BaiduTokenEndpoint;
import io.mediagate.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

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

    @RegisterExtension
    final BaiduTokenEndpoint endpoint = new BaiduTokenEndpoint("ak-1:sk-1");
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-28T00:00:00Z"));

    private BaiduTokens tokens() {
        return endpoint.tokens(clock);
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
