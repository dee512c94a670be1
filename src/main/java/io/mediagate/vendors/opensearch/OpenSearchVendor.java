package io.mediagate.vendors.opensearch;

import io.mediagate.config.Settings;
import io.mediagate.auth.BearerTokenSigner;
import io.mediagate.media.MediaTypes;
import io.mediagate.media.oss.OssStores;
import io.mediagate.http.EndpointUrl;
import io.mediagate.vendors.CatalogEntry;
import io.mediagate.vendors.PartsVendor;
import io.mediagate.vendors.VendorParts;
import io.mediagate.vendors.opensearch.OpenSearchOperation.Shape;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alibaba Cloud OpenSearch AI Search Open Platform, multimodal processing (searchplat 2024-05-29).
 * The {@link #CATALOG} below is every operation: folder name, sync/async, accepted local files and the QPS quota it
 * draws from, then how it is called (API path segment, default service id, body shape).
 */
public final class OpenSearchVendor extends PartsVendor {

    public static final String NAME = "opensearch";

    /** OpenSearch's documented QPS limits: image content extraction 10, object detection 20, video/audio 5 (shared). */
    public static final String IMAGE_ANALYSIS = "image-analysis";
    public static final String DETECTION = "detection";
    public static final String VIDEO_AUDIO = "video-audio";
    private static final Map<String, Double> DOCUMENTED_QPS = Map.of(IMAGE_ANALYSIS, 10.0, DETECTION, 20.0, VIDEO_AUDIO, 5.0);

    private static final Set<String> DETECTION_IMAGES = Set.of("jpg", "jpeg", "png", "bmp");
    private static final Set<String> ANALYSIS_IMAGES = Set.of("jpg", "jpeg", "png", "bmp", "tif", "tiff");
    private static final Set<String> SNAPSHOT_VIDEOS = MediaTypes.VIDEOS;

    /** How one operation is called: API path segment, default service id, body shape, base64 video as a data URI. */
    record Call(String pathSegment, String serviceId, Shape shape, boolean dataUri) {
    }

    static final List<CatalogEntry<Call>> CATALOG = List.of(
            new CatalogEntry<>("object-detect", false, DETECTION_IMAGES, DETECTION, new Call("image-object-detection", "ops-object-detect-001", Shape.IMAGE, false)),
            new CatalogEntry<>("face-detect", false, DETECTION_IMAGES, DETECTION, new Call("image-object-detection", "ops-object-detect-face-001", Shape.IMAGE, false)),
            new CatalogEntry<>("image-analyze", true, ANALYSIS_IMAGES, IMAGE_ANALYSIS, new Call("image-analyze", "ops-image-analyze-vlm-001", Shape.DOCUMENT, false)),
            new CatalogEntry<>("image-ocr", true, ANALYSIS_IMAGES, IMAGE_ANALYSIS, new Call("image-analyze", "ops-image-analyze-ocr-001", Shape.DOCUMENT, false)),
            // base64 video content is sent as a data URI (OpenSearch doc "video frame cutting")
            new CatalogEntry<>("video-snapshot", true, SNAPSHOT_VIDEOS, VIDEO_AUDIO, new Call("video-snapshot", "ops-video-snapshot-001", Shape.INPUT, true)),
            // segmentation and summarization take only oss/url input: local files need staging (later)
            new CatalogEntry<>("video-segment", true, Set.of(), VIDEO_AUDIO, new Call("video-segmentation", "ops-video-segment-001", Shape.INPUT, false)),
            new CatalogEntry<>("video-summarize", true, Set.of(), VIDEO_AUDIO, new Call("video-summarization", "ops-video-summarize-001", Shape.INPUT, false)),
            new CatalogEntry<>("audio-asr", true, union(MediaTypes.AUDIO, MediaTypes.VIDEOS), VIDEO_AUDIO, new Call("audio-asr", "ops-audio-asr-001", Shape.INPUT, false)));

    /**
     * @param settings        {@code mediagate.opensearch.*}
     * @param sandboxEndpoint base URL of the sandbox's OpenSearch emulator, used when no API key is set
     * @param sandboxKey      the key the sandbox expects
     */
    public OpenSearchVendor(Settings settings, String sandboxEndpoint, String sandboxKey) {
        this(settings, sandboxEndpoint, sandboxKey, OssStores.none());
    }

    /**
     * @param oss where {@code oss://} paths of image job files are presigned: OpenSearch's image APIs take media only
     *            by URL or content, so the gateway hands them a presigned URL
     */
    public OpenSearchVendor(Settings settings, String sandboxEndpoint, String sandboxKey, OssStores oss) {
        super(parts(settings, sandboxEndpoint, sandboxKey, oss));
        String prefix = "mediagate." + NAME + ".";
        String workspace = settings.string(prefix + "workspace", "default");
        for (CatalogEntry<Call> entry : CATALOG) {
            Call call = entry.call();
            operations.add(new OpenSearchOperation(entry.spec(NAME, settings), call.pathSegment(),
                    settings.string(prefix + entry.name() + ".service-id", call.serviceId()), call.shape(), call.dataUri(),
                    endpoint(), workspace, ossStore()));
        }
    }

    private static VendorParts parts(Settings settings, String sandboxEndpoint, String sandboxKey, OssStores oss) {
        String prefix = "mediagate." + NAME + ".";
        String apiKey = settings.get(prefix + "api-key").orElse(null);
        boolean sandbox = apiKey == null;
        if (sandbox && sandboxEndpoint == null) {
            throw new IllegalStateException("OpenSearch has no API key (OPENSEARCH_API_KEY) and the sandbox is off");
        }
        return new VendorParts(NAME, sandbox, sandbox ? sandboxEndpoint : liveEndpoint(settings),
                new BearerTokenSigner(sandbox ? sandboxKey : apiKey), Map.of(
                IMAGE_ANALYSIS, settings.decimal(prefix + "rate." + IMAGE_ANALYSIS, DOCUMENTED_QPS.get(IMAGE_ANALYSIS)),
                DETECTION, settings.decimal(prefix + "rate." + DETECTION, DOCUMENTED_QPS.get(DETECTION)),
                VIDEO_AUDIO, settings.decimal(prefix + "rate." + VIDEO_AUDIO, DOCUMENTED_QPS.get(VIDEO_AUDIO))),
                oss.pick(sandbox));
    }

    /**
     * The workspace's API endpoint ({@code mediagate.opensearch.endpoint}); a bare host, as OpenSearch's SDK samples
     * write it, is https.
     *
     * @throws IllegalStateException naming the setting when it is missing or cannot be a URL
     */
    public static String liveEndpoint(Settings settings) {
        String key = "mediagate." + NAME + ".endpoint";
        return EndpointUrl.of(key, settings.get(key).orElseThrow(() ->
                new IllegalStateException("OPENSEARCH_API_KEY is set but " + key
                        + " (OPENSEARCH_ENDPOINT) is not: give the workspace's API endpoint, e.g."
                        + " https://xxx.platform-cn-shanghai.opensearch.aliyuncs.com")), "https");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
