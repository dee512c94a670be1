package io.mediagate.sandbox;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.sandbox.oss.OssV4Verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the sandbox from {@code mediagate.sandbox.*} settings: the OSS emulator plus one {@link VendorEmulator} per
 * vendor, each from its {@link io.mediagate.modules.VendorModule}, mounted under its own path prefix and, when the
 * vendor's own paths are listed in {@link SandboxRoutes}, at the root.
 */
public final class Sandbox {

    /** The region of the sandbox's OSS (part of every V4 signature scope). */
    public static final String OSS_REGION = OssEmulator.REGION;
    /** The one bucket the sandbox's OSS has: staged media and ICE outputs go there. */
    public static final String OSS_BUCKET = "mediagate-sandbox";

    private Sandbox() {
    }

    /**
     * Faults set in configuration for all of a vendor's operations, e.g. {@code mediagate.sandbox.opensearch.latency=200ms},
     * {@code …error-rate=0.1}, {@code …force-status=FAILED}, {@code …throttle-burst=50}, {@code …retry-after-seconds=1}.
     * The admin endpoint can replace them at run time.
     */
    static java.util.Optional<FaultPlan> configuredFaults(Settings settings, String vendor) {
        String prefix = "mediagate.sandbox." + vendor + ".";
        Long latency = settings.get(prefix + "latency").map(v -> Settings.parseDuration(v).toMillis()).orElse(null);
        Double errorRate = settings.get(prefix + "error-rate").map(Double::parseDouble).orElse(null);
        String forceStatus = settings.get(prefix + "force-status").orElse(null);
        Integer burst = settings.get(prefix + "throttle-burst").map(Integer::parseInt).orElse(null);
        Integer retryAfter = settings.get(prefix + "retry-after-seconds").map(Integer::parseInt).orElse(null);
        if (latency == null && errorRate == null && forceStatus == null && burst == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new FaultPlan(vendor, "*", errorRate, latency, forceStatus, burst, retryAfter, null));
    }

    /** An Alibaba AccessKey written as {@code id:secret} (how the sandbox's keys are passed around). */
    public static AlibabaCredentials alibabaKey(String idAndSecret) {
        int colon = idAndSecret.indexOf(':');
        return new AlibabaCredentials(idAndSecret.substring(0, colon), idAndSecret.substring(colon + 1), null);
    }

    /**
     * The keys the standalone sandbox ({@code mediagate.jar sandbox}) accepts, from its environment, with the
     * documented defaults: OpenSearch {@code MEDIAGATE_SANDBOX_API_KEY} ({@code sandbox-key}), PAI AppId/token,
     * the Alibaba AccessKey for ICE, Bailian and OSS, Baidu's API Key/Secret Key.
     */
    public static Map<String, String> standaloneKeys(Map<String, String> env) {
        return Map.of("opensearch", env.getOrDefault("MEDIAGATE_SANDBOX_API_KEY", "sandbox-key"),
                "pai", env.getOrDefault("MEDIAGATE_SANDBOX_PAI_APP_ID", "sandbox-app") + ":"
                        + env.getOrDefault("MEDIAGATE_SANDBOX_PAI_TOKEN", "sandbox-token"),
                "ice", env.getOrDefault("MEDIAGATE_SANDBOX_ALIBABA_ACCESS_KEY_ID", "sandbox-id") + ":"
                        + env.getOrDefault("MEDIAGATE_SANDBOX_ALIBABA_ACCESS_KEY_SECRET", "sandbox-secret"),
                "baidu", env.getOrDefault("MEDIAGATE_SANDBOX_BAIDU_API_KEY", "sandbox-api-key") + ":"
                        + env.getOrDefault("MEDIAGATE_SANDBOX_BAIDU_SECRET_KEY", "sandbox-secret-key"));
    }

    /**
     * @param vendors one emulator per vendor (the vendor modules' list); the sandbox's OSS is always there
     */
    public static SandboxServer create(String host, int port, Settings settings, Map<String, String> apiKeys, Clock clock,
                                       List<EmulatorFactory> vendors) {
        SandboxControl control = new SandboxControl();
        AlibabaCredentials alibaba = alibabaKey(apiKeys.getOrDefault("ice", "sandbox-id:sandbox-secret"));
        OssBuckets buckets = new OssBuckets(clock, OSS_BUCKET);
        EmulatorContext context = new EmulatorContext(settings, apiKeys, control, clock,
                settings.duration("mediagate.sandbox.task-duration"), buckets, alibaba);
        OssV4Verifier ossGateway = new OssV4Verifier(Map.of(alibaba.accessKeyId(),
                new OssV4Verifier.Key(alibaba.accessKeySecret(), null)), OSS_REGION, clock);
        List<VendorEmulator> emulators = new ArrayList<>();
        emulators.add(new OssEmulator(ossGateway, buckets, control));
        vendors.forEach(vendor -> emulators.add(vendor.create(context)));
        for (VendorEmulator emulator : emulators) {
            configuredFaults(settings, emulator.vendor()).ifPresent(control::setFault);
        }
        try {
            return new SandboxServer(host, port, control, emulators, settings.integer("mediagate.sandbox.threads"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the vendor sandbox on " + host + ":" + port, e);
        }
    }
}
