package io.mediagate.vendors.baidu;

import io.mediagate.config.Settings;
import io.mediagate.auth.BaiduTokens;
import io.mediagate.auth.RequestSigner;
import io.mediagate.media.DownloadPolicy;
import io.mediagate.media.MediaDownload;
import io.mediagate.http.EndpointUrl;
import io.mediagate.vendors.CatalogEntry;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.PartsVendor;
import io.mediagate.vendors.VendorParts;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Baidu BML/EasyDL custom image classification (https://ai.baidu.com/ai-doc/EASYDL/Sk38n3baq). Live when {@code mediagate.baidu.api-key}
 * is set (env {@code BAIDU_API_KEY}, with {@code BAIDU_SECRET_KEY}); otherwise the sandbox. Each deployed model is
 * configured as {@code mediagate.baidu.models.<name>.url} (the API URL from the console), optional {@code .top-num},
 * and {@code .api-key}/{@code .secret-key} when it belongs to another app. Auth is an access token in the query,
 * added by {@link BaiduOperation} from {@link BaiduTokens}, so the signer has nothing to add.
 */
public final class BaiduVendor extends PartsVendor {

    public static final String NAME = "baidu";
    public static final String RATE_GROUP = "api";
    static final String OPERATION = "image-classify";
    /** The one operation: an image sent to the configured models, answered at once. */
    static final CatalogEntry<Void> IMAGE_CLASSIFY = new CatalogEntry<>(OPERATION, false, BaiduImageRules.FORMATS, RATE_GROUP, null);
    static final List<CatalogEntry<Void>> CATALOG = List.of(IMAGE_CLASSIFY);
    static final String TOKEN_URL = "https://aip.baidubce.com/oauth/2.0/token";
    /** The sandbox's model when none is configured. */
    static final String DEMO_MODEL = "demo";
    private static final String MODELS = "mediagate.baidu.models.";

    private final BaiduTokens tokens;
    private final List<BaiduModel> models;

    /**
     * @param sandboxEndpoint base URL of the sandbox's Baidu emulator (used when no API key is configured)
     * @param sandboxKey      {@code apiKey:secretKey} the sandbox accepts
     */
    public BaiduVendor(Settings settings, String sandboxEndpoint, String sandboxKey) {
        this(settings, sandboxEndpoint, live(settings, sandboxEndpoint)
                ? models(settings, liveCredentials(settings), null)
                : models(settings, sandboxCredentials(sandboxKey), sandboxEndpoint));
    }

    private BaiduVendor(Settings settings, String sandboxEndpoint, Map<String, BaiduModel> models) {
        super(parts(settings, sandboxEndpoint, models));
        boolean sandbox = sandbox();
        String tokenUrl = sandbox ? sandboxEndpoint + "/oauth/2.0/token" : liveTokenUrl(settings);
        Duration connectTimeout = settings.duration("mediagate.baidu.connect-timeout");
        Duration readTimeout = settings.duration("mediagate.baidu.read-timeout");
        this.tokens = new BaiduTokens(URI.create(tokenUrl), connectTimeout, readTimeout, Clock.systemUTC());
        QuotaBreaker quota = new QuotaBreaker(Clock.systemUTC(), settings.duration("mediagate.baidu.quota-pause"));
        OperationSpec spec = IMAGE_CLASSIFY.spec(NAME, settings);
        this.models = List.copyOf(models.values());
        operations.add(new BaiduOperation(spec, models, tokens, quota,
                settings.duration("mediagate.baidu.model-unavailable-wait").toMillis(),
                // a url job file's image: from public addresses (and mediagate.download.allow), the sandbox's when it plays Baidu
                new MediaDownload(connectTimeout, readTimeout, DownloadPolicy.of(settings).withSandbox(sandbox ? sandboxEndpoint : null))));
    }

    /** True when an API key is configured; without one the sandbox must be there. */
    private static boolean live(Settings settings, String sandboxEndpoint) {
        boolean sandbox = settings.get("mediagate.baidu.api-key").isEmpty();
        if (sandbox && sandboxEndpoint == null) {
            throw new IllegalStateException("Baidu has no API key (BAIDU_API_KEY) and the sandbox is off");
        }
        return !sandbox;
    }

    private static BaiduTokens.Credentials sandboxCredentials(String sandboxKey) {
        int colon = sandboxKey.indexOf(':');
        return new BaiduTokens.Credentials(sandboxKey.substring(0, colon), sandboxKey.substring(colon + 1), "the sandbox's key");
    }

    private static BaiduTokens.Credentials liveCredentials(Settings settings) {
        String secret = settings.get("mediagate.baidu.secret-key").orElseThrow(() -> new IllegalStateException(
                "BAIDU_API_KEY is set but not BAIDU_SECRET_KEY (mediagate.baidu.secret-key)"));
        return new BaiduTokens.Credentials(settings.get("mediagate.baidu.api-key").orElseThrow(), secret,
                "BAIDU_API_KEY / BAIDU_SECRET_KEY (mediagate.baidu.api-key / .secret-key)");
    }

    /**
     * The access token goes into the query when the request is built ({@link BaiduOperation}): the signer has nothing
     * to add. Each model API has its own QPS quota at Baidu: one rate per model ({@code mediagate.baidu.models.<name>.rate}).
     */
    private static VendorParts parts(Settings settings, String sandboxEndpoint, Map<String, BaiduModel> models) {
        boolean sandbox = !live(settings, sandboxEndpoint);
        String endpoint = sandbox ? sandboxEndpoint : URI.create(models.values().iterator().next().url()).resolve("/").toString();
        double rate = settings.decimal("mediagate.baidu.rate." + RATE_GROUP, 2);
        Map<String, Double> limits = new LinkedHashMap<>();
        limits.put(RATE_GROUP, rate);
        models.values().forEach(model -> limits.put(BaiduOperation.rateGroupOf(model),
                settings.decimal(MODELS + model.name() + ".rate", rate)));
        RequestSigner nothingToSign = request -> { };
        return new VendorParts(NAME, sandbox, endpoint, nothingToSign, Map.copyOf(limits), null);
    }

    /**
     * The configured models, by name. In sandbox mode their URLs point at the sandbox (same path), and a model
     * {@code demo} stands in when none is configured.
     */
    public static Map<String, BaiduModel> models(Settings settings, BaiduTokens.Credentials vendorWide, String sandboxEndpoint) {
        Map<String, String> values = settings.withPrefix(MODELS);
        Set<String> names = new TreeSet<>();
        values.keySet().forEach(key -> names.add(key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.'))));
        Map<String, BaiduModel> models = new LinkedHashMap<>();
        for (String name : names) {
            String url = values.get(name + ".url");
            if (url == null) {
                throw new IllegalStateException("Baidu model '" + name + "' has no URL: set " + MODELS + name + ".url to the API URL"
                        + " the BML console shows for it");
            }
            url = EndpointUrl.of(MODELS + name + ".url", url, "https");
            if (sandboxEndpoint != null) {
                url = sandboxEndpoint + URI.create(url).getRawPath();
            }
            Integer topNum = values.containsKey(name + ".top-num") ? Integer.valueOf(values.get(name + ".top-num").trim()) : null;
            BaiduTokens.Credentials credentials = vendorWide;
            if (sandboxEndpoint == null && values.containsKey(name + ".api-key")) {
                String secret = values.get(name + ".secret-key");
                if (secret == null) {
                    throw new IllegalStateException(MODELS + name + ".api-key is set but not " + MODELS + name + ".secret-key");
                }
                credentials = new BaiduTokens.Credentials(values.get(name + ".api-key"), secret,
                        MODELS + name + ".api-key / .secret-key");
            }
            models.put(name, new BaiduModel(name, url, topNum, credentials));
        }
        if (models.isEmpty()) {
            if (sandboxEndpoint == null) {
                throw new IllegalStateException("Baidu is live (BAIDU_API_KEY is set) but no model is configured: set "
                        + MODELS + "<name>.url to a model's API URL from the BML console");
            }
            models.put(DEMO_MODEL, new BaiduModel(DEMO_MODEL, sandboxEndpoint + "/rpc/2.0/ai_custom/v1/classification/" + DEMO_MODEL,
                    null, vendorWide));
        }
        return models;
    }

    /**
     * The models a live Baidu calls, as configured (what the preflight checks); the vendor-wide secret may still be
     * missing here, the preflight names it.
     */
    public static List<BaiduModel> liveModels(Settings settings) {
        BaiduTokens.Credentials vendorWide = new BaiduTokens.Credentials(settings.get("mediagate.baidu.api-key").orElseThrow(),
                settings.get("mediagate.baidu.secret-key").orElse(""), "BAIDU_API_KEY");
        return List.copyOf(models(settings, vendorWide, null).values());
    }

    /** Baidu's OAuth token endpoint ({@code mediagate.baidu.token-url}; a bare host is https). */
    public static String liveTokenUrl(Settings settings) {
        return EndpointUrl.of("mediagate.baidu.token-url", settings.string("mediagate.baidu.token-url", TOKEN_URL), "https");
    }

    /** The access tokens of the configured apps (one per API key). */
    public BaiduTokens tokens() {
        return tokens;
    }

    /** The configured models (in sandbox mode pointing at the sandbox). */
    public List<BaiduModel> models() {
        return models;
    }
}
