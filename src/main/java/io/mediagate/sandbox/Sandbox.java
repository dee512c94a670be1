package io.mediagate.sandbox;

import io.mediagate.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.sandbox.alibaba.Acs3Verifier;
import io.mediagate.sandbox.alibaba.AlibabaGateway;
import io.mediagate.sandbox.baidu.BaiduEmulator;
import io.mediagate.sandbox.bailian.BailianEmulator;
import io.mediagate.sandbox.ice.IceEmulator;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;
import io.mediagate.sandbox.pai.PaiEmulator;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.sandbox.oss.OssV4Verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds the sandbox with every vendor emulator from {@code mediagate.sandbox.*} settings. New vendors
 * plug in here: one {@link VendorEmulator} each, mounted under its own path prefix and, when the vendor's own
 * paths are listed in {@link SandboxRoutes}, at the root.
 */
public final class Sandbox {

    /** The region of the sandbox's OSS (part of every V4 signature scope). */
    public static final String OSS_REGION = "cn-sandbox";
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

    /** The AccessKey the Alibaba API gateway in front of each Alibaba product accepts. */
    private static Map<String, Acs3Verifier.Key> alibabaKeys(AlibabaCredentials key) {
        return Map.of(key.accessKeyId(), new Acs3Verifier.Key(key.accessKeySecret(), null));
    }

    /** PAI's AppId and token, written {@code appId:token}. */
    private static Map<String, String> paiTokens(String appIdAndToken) {
        int colon = appIdAndToken.indexOf(':');
        return Map.of(appIdAndToken.substring(0, colon), appIdAndToken.substring(colon + 1));
    }

    /** Baidu's app key {@code apiKey:secretKey}, token lifetime, QPS quota and daily limit (mediagate.sandbox.baidu.*). */
    private static BaiduEmulator.Config baiduConfig(Settings settings, String apiAndSecretKey) {
        int colon = apiAndSecretKey.indexOf(':');
        return new BaiduEmulator.Config(apiAndSecretKey.substring(0, colon), apiAndSecretKey.substring(colon + 1),
                settings.duration("mediagate.sandbox.baidu.token-ttl", Duration.ofDays(30)),
                settings.decimal("mediagate.sandbox.baidu.qps", 10),
                settings.integer("mediagate.sandbox.baidu.daily-limit", 0));
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
     * @param apiKeys the key each emulator accepts, by vendor (Alibaba products: {@code id:secret})
     */
    public static SandboxServer create(String host, int port, Settings settings, Map<String, String> apiKeys) {
        return create(host, port, settings, apiKeys, Clock.systemUTC());
    }

    /**
     * @param clock what every emulator tells time by (task progress, token and signature ages): tests move it by hand
     *              instead of sleeping
     */
    public static SandboxServer create(String host, int port, Settings settings, Map<String, String> apiKeys, Clock clock) {
        SandboxControl control = new SandboxControl();
        Duration taskDuration = settings.duration("mediagate.sandbox.task-duration", Duration.ofSeconds(3));
        Map<String, Double> openSearchQps = Map.of(
                "detection", settings.decimal("mediagate.sandbox.opensearch.qps.detection", 20),
                "image-analysis", settings.decimal("mediagate.sandbox.opensearch.qps.image-analysis", 10),
                "video-audio", settings.decimal("mediagate.sandbox.opensearch.qps.video-audio", 5));
        AlibabaCredentials alibaba = alibabaKey(apiKeys.getOrDefault(IceEmulator.VENDOR, "sandbox-id:sandbox-secret"));
        OssBuckets buckets = new OssBuckets(OSS_BUCKET);
        OssV4Verifier ossGateway = new OssV4Verifier(Map.of(alibaba.accessKeyId(),
                new OssV4Verifier.Key(alibaba.accessKeySecret(), null)), OSS_REGION, clock);
        List<VendorEmulator> emulators = List.of(
                new OssEmulator(ossGateway, buckets, control),
                new OpenSearchEmulator(new OpenSearchEmulator.Config(apiKeys.get(OpenSearchEmulator.VENDOR), openSearchQps,
                        taskDuration, settings.string("mediagate.sandbox.opensearch.workspace",
                        OpenSearchEmulator.Config.DEFAULT_WORKSPACE)), control, clock),
                new IceEmulator(AlibabaGateway.rpc(alibabaKeys(alibaba), clock), buckets, taskDuration, control, clock),
                new PaiEmulator(paiTokens(apiKeys.getOrDefault(PaiEmulator.VENDOR, "sandbox-app:sandbox-token")), taskDuration,
                        control, clock),
                new BailianEmulator(AlibabaGateway.roa(alibabaKeys(alibaba), clock), settings.string("mediagate.sandbox.bailian.workspace-id", "llm-sandbox"),
                        taskDuration, control, clock),
                new BaiduEmulator(baiduConfig(settings, apiKeys.getOrDefault(BaiduEmulator.VENDOR, "sandbox-api-key:sandbox-secret-key")),
                        control, clock));
        for (VendorEmulator emulator : emulators) {
            configuredFaults(settings, emulator.vendor()).ifPresent(control::setFault);
        }
        try {
            return new SandboxServer(host, port, control, emulators, settings.integer("mediagate.sandbox.threads", 32));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the vendor sandbox on " + host + ":" + port, e);
        }
    }
}
