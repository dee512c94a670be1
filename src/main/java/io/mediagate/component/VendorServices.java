package io.mediagate.component;

import io.mediagate.calls.VendorCallSteps;
import io.mediagate.calls.VendorSigning;
import io.mediagate.config.Settings;
import io.mediagate.flow.OssStaging;
import io.mediagate.flow.OutputDownloads;
import io.mediagate.flow.StagedObjects;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.oss.OssStores;
import io.mediagate.modules.QuotaBudgets;
import io.mediagate.modules.VendorModules;
import io.mediagate.modules.VendorWiring;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.polling.ProcessingTimes;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.CamelContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The vendors as an embedding application gets them, wired like the gateway's from the {@code mediagate.*} settings:
 * live for the vendors whose credentials are set, else played by the in-process sandbox (unless it is turned off);
 * the application's one QPS budget per vendor quota; the gateway's retry policy and polling schedule, learning
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
    private final OssStaging staging;
    private final StagedObjects stagedObjects;
    private final OutputDownloads outputDownloads;
    private final List<AutoCloseable> started;

    private VendorServices(Settings settings, VendorWiring wiring, SandboxServer sandbox, OssStores oss,
                           Function<VendorRegistry, RateLimiter> quotaBudgets, AdaptivePolling polling,
                           List<AutoCloseable> started) {
        this.settings = settings;
        this.wiring = wiring;
        this.sandbox = sandbox;
        this.oss = oss;
        // no gateway-served media links: a vendor that needs a URL for a local file takes it from OSS, or refuses it
        this.registry = wiring.vendors(settings, sandbox, oss, null);
        this.rateLimiter = quotaBudgets.apply(registry);
        this.polling = polling;
        this.steps = new VendorCallSteps(registry, this.rateLimiter, settings.retryPolicy()).withPolling(polling);
        this.signing = new VendorSigning(registry);
        // local media and URLs for a vendor that reads only OSS (ICE) are staged there as the gateway stages them
        MediaDownload downloads = MediaDownload.configured(settings, sandbox == null ? null : sandbox.baseUrl());
        this.staging = new OssStaging(registry, null, downloads,
                Long.parseLong(settings.string("mediagate.requests.max-download-bytes")));
        this.stagedObjects = new StagedObjects(registry);
        this.outputDownloads = new OutputDownloads(registry, null, downloads);
        this.started = started;
    }

    /**
     * The vendors for the component of {@code context}: beside the gateway in the same application, through the
     * gateway's sandbox (its keys are in the gateway's wiring); else through a sandbox of their own if needed. Either
     * way they book their calls in the application's one QPS budget per vendor quota ({@link QuotaBudgets}).
     */
    static VendorServices start(Settings settings, CamelContext context) {
        List<AutoCloseable> started = new ArrayList<>();
        VendorWiring gateways = context.getRegistry().lookupByNameAndType(VendorWiring.BEAN, VendorWiring.class);
        SandboxServer gatewaySandbox = context.getRegistry().lookupByNameAndType(SandboxServer.BEAN, SandboxServer.class);
        boolean besideGateway = gateways != null && gatewaySandbox != null;
        VendorWiring wiring = besideGateway ? gateways : new VendorWiring(VendorModules.ALL);
        SandboxServer sandbox = besideGateway ? gatewaySandbox : wiring.startSandboxIfNeeded(settings, started::add);
        return new VendorServices(settings, wiring, sandbox, wiring.ossStores(settings, sandbox),
                vendors -> QuotaBudgets.of(context, vendors),
                new AdaptivePolling(new ProcessingTimes(), () -> ThreadLocalRandom.current().nextDouble()), started);
    }

    /**
     * The vendors wired again with some settings of their own (an endpoint's credentials, its vendor endpoint), the
     * rest as here: the same sandbox, the same QPS budgets, the same learned processing times.
     */
    VendorServices with(Settings own) {
        return new VendorServices(own, wiring, sandbox, oss, vendors -> rateLimiter, polling, List.of());
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

    /** Puts a job's media in OSS for a vendor that reads it only from there. */
    OssStaging staging() {
        return staging;
    }

    /** Removes what was staged in OSS for a job once it ended. */
    StagedObjects stagedObjects() {
        return stagedObjects;
    }

    /** Downloads the files a finished job produced. */
    OutputDownloads outputDownloads() {
        return outputDownloads;
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
