package io.mediagate.modules;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.media.served.ServedMedia;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Wires the vendors from their {@link VendorModule}s: starts the in-process sandbox when a vendor has no credentials,
 * picks the OSS buckets media is staged in, and builds each vendor live or against the sandbox. No vendor is named
 * here: they all come from the module list.
 */
public final class VendorWiring {

    private static final Logger LOG = LoggerFactory.getLogger(VendorWiring.class);

    /** The registry name of the gateway's wiring, which holds the keys of its running sandbox. */
    public static final String BEAN = "vendorWiring";

    private final List<VendorModule> modules;
    /** A fresh key per run for the in-process sandbox, so its auth checks are really exercised. */
    private final Map<String, String> sandboxKeys = new LinkedHashMap<>();

    public VendorWiring(List<VendorModule> modules) {
        this.modules = modules;
        modules.stream().filter(m -> m.sandboxKey() != null).forEach(m -> sandboxKeys.put(m.name(), m.sandboxKey().get()));
    }

    /**
     * The sandbox, started when {@code mediagate.sandbox.enabled} is {@code true}, or {@code auto} (the default) and
     * some vendor has no credentials; null otherwise.
     *
     * @param stopWithContext closes the sandbox when the gateway stops
     */
    public SandboxServer startSandboxIfNeeded(Settings settings, Consumer<AutoCloseable> stopWithContext) {
        String mode = settings.string("mediagate.sandbox.enabled");
        boolean anyWithoutCredentials = modules.stream().anyMatch(module -> !module.live(settings));
        if (mode.equals("false") || (mode.equals("auto") && !anyWithoutCredentials)) {
            return null;
        }
        SandboxServer server = Sandbox.create(null, settings.integer("mediagate.sandbox.port"), settings, sandboxKeys,
                java.time.Clock.systemUTC(), modules.stream().map(VendorModule::emulator).toList()).start();
        stopWithContext.accept(server);
        return server;
    }

    /**
     * The user's OSS bucket when {@code mediagate.oss.bucket} is set (credentials from Alibaba's chain), and the
     * sandbox's OSS when the sandbox runs; each Alibaba vendor stages in the one that matches how it is called.
     */
    public OssStores ossStores(Settings settings, SandboxServer sandbox) {
        OssStore live = OssSettings.live(settings).map(config -> new OssStore(config, AlibabaCredentialChain.standard())).orElse(null);
        OssStore emulated = null;
        if (sandbox != null) {
            AlibabaCredentials key = Sandbox.alibabaKey(sandboxKeys.get(VendorModules.ALIBABA_KEY));
            emulated = new OssStore(OssSettings.sandbox(settings, sandbox.baseUrl(OssEmulator.VENDOR), Sandbox.OSS_REGION,
                    Sandbox.OSS_BUCKET), () -> key);
        }
        return new OssStores(live, emulated);
    }

    /** Every vendor that is live or can be played by the running sandbox; the others are left out with a hint. */
    public VendorRegistry vendors(Settings settings, SandboxServer sandbox, OssStores oss, ServedMedia served) {
        VendorContext context = new VendorContext(settings, sandbox, sandboxKeys, oss, served);
        List<Vendor> vendors = new ArrayList<>();
        for (VendorModule module : modules) {
            if (!module.optional() || sandbox != null || module.live(settings)) {
                vendors.add(module.vendor().apply(context));
            } else {
                LOG.info(module.offHint());
            }
        }
        return new VendorRegistry(vendors);
    }

    /** One shared limiter with every vendor's QPS budgets, per rate group. */
    public static RateLimiter rateLimiter(VendorRegistry registry) {
        return withQuotasOf(registry, new RateLimiter());
    }

    /** The limiter with the QPS budgets of the registry's vendors it does not have yet. */
    static RateLimiter withQuotasOf(VendorRegistry registry, RateLimiter rateLimiter) {
        registry.vendors().forEach(v -> v.rateLimits().forEach((group, qps) -> rateLimiter.defineIfAbsent(v.name(), group, qps)));
        return rateLimiter;
    }
}
