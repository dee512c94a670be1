package io.mediagate.modules;

import io.mediagate.sandbox.EmulatorFactory;
import io.mediagate.sandbox.alibaba.AlibabaGateway;
import io.mediagate.sandbox.baidu.BaiduEmulator;
import io.mediagate.sandbox.bailian.BailianEmulator;
import io.mediagate.sandbox.ice.IceEmulator;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;
import io.mediagate.sandbox.pai.PaiEmulator;
import io.mediagate.modules.LivePreflight.Endpoints;
import io.mediagate.vendors.baidu.BaiduTokenProbe;
import io.mediagate.vendors.baidu.BaiduVendor;
import io.mediagate.vendors.bailian.BailianVendor;
import io.mediagate.vendors.ice.IceVendor;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import io.mediagate.vendors.pai.MediaStagingCheck;
import io.mediagate.vendors.pai.PaiVendor;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.mediagate.modules.LivePreflight.credentials;
import static io.mediagate.modules.LivePreflight.part;

/**
 * Every vendor the gateway knows, in the order they are wired and shown. Adding a vendor: its client under
 * {@code vendors/<name>/}, its emulator under {@code sandbox/<name>/}, and one entry here, with its
 * {@link LivePreflight} (credentials, endpoints, probe) for the start-up checks and {@code check}.
 */
public final class VendorModules {

    /** The sandbox key the Alibaba products share (an AccessKey, written {@code id:secret}). */
    static final String ALIBABA_KEY = IceVendor.NAME;
    /** The one workspace the in-process sandbox's Bailian knows. */
    private static final String SANDBOX_WORKSPACE = "llm-sandbox";

    public static final List<VendorModule> ALL = List.of(
            new VendorModule(OpenSearchVendor.NAME, openSearchPreflight(), false, null,
                    () -> "sandbox-" + UUID.randomUUID(),
                    c -> new OpenSearchVendor(c.settings(), c.sandboxEndpoint(OpenSearchVendor.NAME),
                            c.sandbox() == null ? null : c.sandboxKey(OpenSearchVendor.NAME), c.oss()),
                    VendorModules::openSearchEmulator),
            new VendorModule(PaiVendor.NAME, paiPreflight(), true, "PAI is off: set PAI_APP_ID, PAI_TOKEN and PAI_HOST to use it",
                    () -> "sandbox-app:" + UUID.randomUUID(),
                    c -> new PaiVendor(c.settings(), c.sandboxEndpoint(PaiVendor.NAME), c.sandboxKey(PaiVendor.NAME), c.oss(), c.served()),
                    s -> new PaiEmulator(paiTokens(s.key(PaiEmulator.VENDOR, "sandbox-app:sandbox-token")), s.taskDuration(),
                            s.control(), s.clock())),
            new VendorModule(BaiduVendor.NAME, baiduPreflight(), true,
                    "Baidu is off: set BAIDU_API_KEY, BAIDU_SECRET_KEY and mediagate.baidu.models.<name>.url to use it",
                    () -> "sandbox-api-key:" + UUID.randomUUID(),
                    c -> new BaiduVendor(c.settings(), c.sandboxEndpoint(BaiduVendor.NAME), c.sandboxKey(BaiduVendor.NAME)),
                    VendorModules::baiduEmulator),
            new VendorModule(IceVendor.NAME, icePreflight(), true,
                    "ICE is off: set mediagate.ice.region (and Alibaba Cloud credentials) to use it",
                    // Alibaba AccessKeys travel as "id:secret"
                    () -> "LTAIsandbox:" + UUID.randomUUID(),
                    c -> new IceVendor(c.settings(), c.sandboxEndpoint(IceVendor.NAME), c.alibabaSandboxKey(), c.oss()),
                    s -> new IceEmulator(AlibabaGateway.rpc(s.alibabaKeys(), s.clock()), s.buckets(), s.taskDuration(),
                            s.control(), s.clock())),
            new VendorModule(BailianVendor.NAME, bailianPreflight(), true,
                    "Bailian is off: set mediagate.bailian.workspace-id (and Alibaba Cloud credentials) to use it",
                    null,
                    c -> new BailianVendor(c.settings(), c.sandboxEndpoint(BailianVendor.NAME), c.alibabaSandboxKey(),
                            SANDBOX_WORKSPACE, c.oss()),
                    s -> new BailianEmulator(AlibabaGateway.roa(s.alibabaKeys(), s.clock()),
                            s.settings().string("mediagate.sandbox.bailian.workspace-id"), s.taskDuration(),
                            s.control(), s.clock())));

    private VendorModules() {
    }

    /**
     * The sandbox with every vendor's emulator.
     *
     * @param apiKeys the key each emulator accepts, by vendor (Alibaba products: {@code id:secret})
     */
    public static io.mediagate.sandbox.SandboxServer sandbox(String host, int port, io.mediagate.config.Settings settings,
                                                             Map<String, String> apiKeys) {
        return sandbox(host, port, settings, apiKeys, java.time.Clock.systemUTC());
    }

    /**
     * @param clock what every emulator tells time by (task progress, token and signature ages): tests move it by hand
     *              instead of sleeping
     */
    public static io.mediagate.sandbox.SandboxServer sandbox(String host, int port, io.mediagate.config.Settings settings,
                                                             Map<String, String> apiKeys, java.time.Clock clock) {
        return io.mediagate.sandbox.Sandbox.create(host, port, settings, apiKeys, clock, emulators());
    }

    public static List<EmulatorFactory> emulators() {
        return ALL.stream().map(VendorModule::emulator).toList();
    }

    private static LivePreflight openSearchPreflight() {
        return credentials(part("mediagate.opensearch.api-key", "OPENSEARCH_API_KEY"),
                part("mediagate.opensearch.endpoint", "OPENSEARCH_ENDPOINT"))
                .withEndpoint(Endpoints.one("mediagate.opensearch.endpoint", "endpoint", OpenSearchVendor::liveEndpoint))
                .withProbe(LiveProbe.statusOfMissingTask("image-analyze"));
    }

    /** PAI's documented host is plain http; dropped files must reach it (OSS, or links it can fetch). */
    private static LivePreflight paiPreflight() {
        return credentials(part("mediagate.pai.app-id", "PAI_APP_ID"), part("mediagate.pai.token", "PAI_TOKEN"),
                part("mediagate.pai.host", "PAI_HOST"))
                .withPlainHttpByDefault()
                .withEndpoint(Endpoints.whenSet("mediagate.pai.host", "endpoint", PaiVendor::liveEndpoint))
                .withCheck(new LivePreflight.LiveCheck(MediaStagingCheck::checked, MediaStagingCheck::problem))
                // PAI's job ids are integers, and 0 is never one
                .withProbe(LiveProbe.statusOfMissingTask("video-qa", "0"));
    }

    /** Baidu's keys go to the token URL, its access tokens to every model's URL. */
    private static LivePreflight baiduPreflight() {
        return credentials(part("mediagate.baidu.api-key", "BAIDU_API_KEY"), part("mediagate.baidu.secret-key", "BAIDU_SECRET_KEY"))
                .withEndpoint(Endpoints.one("mediagate.baidu.token-url", "token URL", BaiduVendor::liveTokenUrl))
                .withEndpoint(settings -> BaiduVendor.liveModels(settings).stream().map(model -> new LivePreflight.Endpoint(
                        "mediagate.baidu.models." + model.name() + ".url", "model " + model.name(), model.url())).toList())
                .withProbe(LiveProbe.custom(BaiduTokenProbe::fetchEveryAppToken));
    }

    /** ICE's endpoint follows its region unless set. */
    private static LivePreflight icePreflight() {
        return credentials(part("mediagate.ice.region"), part("mediagate.ice.endpoint"))
                .withRestOptional()
                .withAlibabaCredentials()
                .withEndpoint(Endpoints.one("mediagate.ice.endpoint", "endpoint",
                        settings -> IceVendor.liveEndpoint(settings, settings.get("mediagate.ice.region").orElseThrow())))
                .withProbe(LiveProbe.statusOfMissingTask("cover"));
    }

    private static LivePreflight bailianPreflight() {
        return credentials(part("mediagate.bailian.workspace-id"), part("mediagate.bailian.endpoint"))
                .withRestOptional()
                .withAlibabaCredentials()
                .withEndpoint(Endpoints.one("mediagate.bailian.endpoint", "endpoint", BailianVendor::liveEndpoint))
                .withProbe(LiveProbe.statusOfMissingTask("video-analysis"));
    }

    private static OpenSearchEmulator openSearchEmulator(io.mediagate.sandbox.EmulatorContext s) {
        Map<String, Double> qps = Map.of(
                "detection", s.settings().decimal("mediagate.sandbox.opensearch.qps.detection"),
                "image-analysis", s.settings().decimal("mediagate.sandbox.opensearch.qps.image-analysis"),
                "video-audio", s.settings().decimal("mediagate.sandbox.opensearch.qps.video-audio"));
        return new OpenSearchEmulator(new OpenSearchEmulator.Config(s.apiKeys().get(OpenSearchEmulator.VENDOR), qps,
                s.taskDuration(), s.settings().string("mediagate.sandbox.opensearch.workspace",
                OpenSearchEmulator.Config.DEFAULT_WORKSPACE)), s.control(), s.clock());
    }

    /** Baidu's app key {@code apiKey:secretKey}, token lifetime, QPS quota and daily limit (mediagate.sandbox.baidu.*). */
    private static BaiduEmulator baiduEmulator(io.mediagate.sandbox.EmulatorContext s) {
        String[] key = split(s.key(BaiduEmulator.VENDOR, "sandbox-api-key:sandbox-secret-key"));
        return new BaiduEmulator(new BaiduEmulator.Config(key[0], key[1],
                s.settings().duration("mediagate.sandbox.baidu.token-ttl"),
                s.settings().decimal("mediagate.sandbox.baidu.qps"),
                s.settings().integer("mediagate.sandbox.baidu.daily-limit")), s.control(), s.clock());
    }

    /** PAI's AppId and token, written {@code appId:token}. */
    private static Map<String, String> paiTokens(String appIdAndToken) {
        String[] key = split(appIdAndToken);
        return Map.of(key[0], key[1]);
    }

    private static String[] split(String pair) {
        int colon = pair.indexOf(':');
        return new String[]{pair.substring(0, colon), pair.substring(colon + 1)};
    }
}
