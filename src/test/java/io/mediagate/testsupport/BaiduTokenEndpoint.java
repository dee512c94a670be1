package io.mediagate.testsupport;

import io.mediagate.auth.BaiduTokens;
import io.mediagate.config.Settings;
import io.mediagate.modules.VendorModules;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The sandbox's Baidu OAuth token endpoint for one test, accepting one {@code apiKey:secretKey}; register it as a
 * {@code @RegisterExtension} field and it is stopped after each test.
 */
public final class BaiduTokenEndpoint implements AfterEachCallback {

    private final SandboxServer sandbox;

    public BaiduTokenEndpoint(String apiKeyAndSecret) {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of()), Map.of("baidu", apiKeyAndSecret)).start();
    }

    /** Token fetching against this endpoint, on the test's clock. */
    public BaiduTokens tokens(Clock clock) {
        return new BaiduTokens(URI.create(sandbox.baseUrl("baidu") + "/oauth/2.0/token"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), clock);
    }

    public SandboxControl control() {
        return sandbox.control();
    }

    /** The endpoint goes down (for tests of what happens then). */
    public void stop() {
        sandbox.close();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        sandbox.close();
    }
}
