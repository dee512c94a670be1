package io.mediagate.component;

import io.mediagate.calls.VendorCallSteps;
import io.mediagate.calls.VendorSigning;
import io.mediagate.config.Settings;
import io.mediagate.media.oss.OssStores;
import io.mediagate.modules.VendorModules;
import io.mediagate.modules.VendorWiring;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.polling.ProcessingTimes;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The vendors as an embedding application gets them, wired like the gateway's from the {@code mediagate.*} settings:
 * live for the vendors whose credentials are set, else played by the in-process sandbox (unless it is turned off);
 * one rate limiter with every vendor quota's QPS budget; the gateway's retry policy and polling schedule, learning
 * processing times in memory.
 */
final class VendorServices implements AutoCloseable {

    private final Settings settings;
    private final VendorWiring wiring;
    private final SandboxServer sandbox;
    private final OssStores oss;
    private final VendorRegistry registry;
    private final RateLimiter rateLimiter;
    private final AdaptivePolling polling;
    private final VendorCallSteps steps;
    private final VendorSigning signing;
    private final List<AutoCloseable> started;

    private VendorServices(Settings settings, VendorWiring wiring, SandboxServer sandbox, OssStores oss,
                           RateLimiter rateLimiter, AdaptivePolling polling, List<AutoCloseable> started) {
        this.settings = settings;
        this.wiring = wiring;
        this.sandbox = sandbox;
        this.oss = oss;
        // no gateway-served media links: a vendor that needs a URL for a local file takes it from OSS, or refuses it
        this.registry = wiring.vendors(settings, sandbox, oss, null);
        this.rateLimiter = rateLimiter != null ? rateLimiter : VendorWiring.rateLimiter(registry);
        this.polling = polling;
        this.steps = new VendorCallSteps(registry, this.rateLimiter, settings.retryPolicy()).withPolling(polling);
        this.signing = new VendorSigning(registry);
        this.started = started;
    }

    static VendorServices start(Settings settings) {
        List<AutoCloseable> started = new ArrayList<>();
        VendorWiring wiring = new VendorWiring(VendorModules.ALL);
        SandboxServer sandbox = wiring.startSandboxIfNeeded(settings, started::add);
        return new VendorServices(settings, wiring, sandbox, wiring.ossStores(settings, sandbox), null,
                new AdaptivePolling(new ProcessingTimes(), () -> ThreadLocalRandom.current().nextDouble()), started);
    }

    /**
     * The vendors wired again with some settings of their own (an endpoint's credentials, its vendor endpoint), the
     * rest as here: the same sandbox, the same QPS budgets, the same learned processing times.
     */
    VendorServices with(Settings own) {
        return new VendorServices(own, wiring, sandbox, oss, rateLimiter, polling, List.of());
    }

    Settings settings() {
        return settings;
    }

    VendorRegistry registry() {
        return registry;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    VendorCallSteps steps() {
        return steps;
    }

    VendorSigning signing() {
        return signing;
    }

    /** The in-process sandbox, or null when every vendor is live or the sandbox is off. */
    SandboxServer sandbox() {
        return sandbox;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : started) {
            resource.close();
        }
    }
}
