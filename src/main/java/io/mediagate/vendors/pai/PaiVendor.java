package io.mediagate.vendors.pai;

import io.mediagate.config.Settings;
import io.mediagate.auth.PaiSigner;
import io.mediagate.auth.RequestSigner;
import io.mediagate.job.BatchWindow;
import io.mediagate.media.MediaTypes;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.media.served.ServedMedia;
import io.mediagate.http.EndpointUrl;
import io.mediagate.vendors.CatalogEntry;
import io.mediagate.vendors.PartsVendor;
import io.mediagate.vendors.VendorParts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alibaba Cloud PAI multimedia analysis (https://www.alibabacloud.com/help/en/pai/multimedia-analysis-sdk-for-python). The catalog below is every operation with
 * the action and model it sends and the {@code configure} rules PAI's SDK doc gives. Live when {@code mediagate.pai.app-id},
 * {@code .token} and {@code .host} are set (env {@code PAI_APP_ID}, {@code PAI_TOKEN}, {@code PAI_HOST}); otherwise
 * the sandbox. PAI downloads media by URL: dropped files are staged in OSS and passed as presigned URLs.
 */
public final class PaiVendor extends PartsVendor {

    public static final String NAME = "pai";
    public static final String RATE_GROUP = "api";
    private static final Set<String> IMAGES = Set.of("jpg", "jpeg", "png", "bmp", "webp");

    /**
     * Every operation with the action and model it sends and the {@code configure} rules PAI documents; image
     * operations are sync, video ones async.
     */
    static final List<CatalogEntry<PaiOperation.Definition>> CATALOG = List.of(
            entry("image-qa", new PaiOperation.Definition("ImageQA", "", false, null, ConfigureRules.none())),
            entry("face-attributes", new PaiOperation.Definition("FaceAttrImage", "", false, null, ConfigureRules.none())),
            entry("age", new PaiOperation.Definition("FaceAttrImage", "fairface", false, null, ConfigureRules.none())),
            entry("image-tags", new PaiOperation.Definition("MultiLabelImageV2", "", false, null,
                    ConfigureRules.none().integer("tag_top_k", 1, 10).bool("output_embedding"))),
            entry("ai-painting-tags", new PaiOperation.Definition("MultiLabelImageV2", "tagger", false, null,
                    ConfigureRules.none().number("threshold", 0, 1).text("tagger_type"))),
            entry("body-reshape", new PaiOperation.Definition("MultiLabelImageV2", "body_reshaping", false, "reshaped",
                    ConfigureRules.none().number("degree", -5, 5))),
            entry("watermark-remove", new PaiOperation.Definition("MultiLabelImageV2", "watermark_remover", false, "cleaned",
                ConfigureRules.none())),
            entry("video-qa", new PaiOperation.Definition("VideoQA", "", true, null, ConfigureRules.none())),
            entry("video-classify", new PaiOperation.Definition("ClassifyLabelVideo", "", true, null, classifyRules())),
            entry("multimodal-tags", new PaiOperation.Definition("MultiModalClassify", "multi_modal_tag", true, null, classifyRules(), true)));

    /** A multimodal post is described by a job file (video URL, image URLs, text): no local files. */
    private static CatalogEntry<PaiOperation.Definition> entry(String folder, PaiOperation.Definition definition) {
        Set<String> extensions = definition.multimodal() ? Set.of() : definition.video() ? MediaTypes.VIDEOS : IMAGES;
        return new CatalogEntry<>(folder, definition.video(), extensions, RATE_GROUP, definition);
    }

    private static ConfigureRules classifyRules() {
        return ConfigureRules.none().bool("output_classification").integer("classification_top_k", 1, 10).bool("output_tag")
                .integer("tag_top_k", 1, 10).bool("output_embedding");
    }

    /**
     * @param sandboxEndpoint base URL of the sandbox's PAI emulator (used when no AppId is configured)
     * @param sandboxKey      {@code appId:token} the sandbox accepts
     */
    public PaiVendor(Settings settings, String sandboxEndpoint, String sandboxKey, OssStores stores, ServedMedia served) {
        super(parts(settings, sandboxEndpoint, sandboxKey, stores));
        ServedMedia links = staging(settings, !sandbox(), stores.live() != null).equals("served") ? served : null;
        for (CatalogEntry<PaiOperation.Definition> entry : CATALOG) {
            operations.add(new PaiOperation(entry.spec(NAME, settings), entry.call(), endpoint(), ossStore(), links,
                    batchWindow(settings, entry.name())));
        }
    }

    private static VendorParts parts(Settings settings, String sandboxEndpoint, String sandboxKey, OssStores stores) {
        String appId = settings.get("mediagate.pai.app-id").orElse(null);
        boolean sandbox = appId == null;
        if (sandbox && sandboxEndpoint == null) {
            throw new IllegalStateException("PAI has no AppId (PAI_APP_ID) and the sandbox is off");
        }
        String endpoint;
        RequestSigner signer;
        if (sandbox) {
            int colon = sandboxKey.indexOf(':');
            endpoint = sandboxEndpoint;
            signer = new PaiSigner(sandboxKey.substring(0, colon), sandboxKey.substring(colon + 1), Clock.systemUTC());
        } else {
            String token = settings.get("mediagate.pai.token").orElseThrow(() -> new IllegalStateException(
                    "PAI_APP_ID is set but not PAI_TOKEN (mediagate.pai.token)"));
            endpoint = liveEndpoint(settings);
            signer = new PaiSigner(appId, token, Clock.systemUTC());
        }
        // dropped files reach PAI through OSS or through the gateway's own links (mediagate.pai.staging);
        // by default OSS when a bucket is set for a live PAI, else served links (also in sandbox mode)
        OssStore oss = staging(settings, !sandbox, stores.live() != null).equals("oss") ? stores.pick(sandbox) : null;
        return new VendorParts(NAME, sandbox, endpoint, signer,
                Map.of(RATE_GROUP, settings.decimal("mediagate.pai.rate." + RATE_GROUP, 10)), oss);
    }

    /**
     * The service host {@code mediagate.pai.host} (env {@code PAI_HOST}) with the SDKs' normalisation: a host without
     * scheme is {@code http://} (the scheme PAI documents), a trailing / is dropped.
     */
    public static String liveEndpoint(Settings settings) {
        return EndpointUrl.of("mediagate.pai.host", settings.get("mediagate.pai.host").orElseThrow(() -> new IllegalStateException(
                "PAI_APP_ID is set but not PAI_HOST (mediagate.pai.host): give the service host, e.g."
                        + " http://ai-service.xxx.cn-hangzhou.alicontainer.com")), "http");
    }

    /**
     * How dropped files reach PAI ({@code mediagate.pai.staging}): {@code oss} by default when PAI is live and a bucket is
     * set, else {@code served} (the gateway's own links).
     */
    public static String staging(Settings settings, boolean live, boolean bucket) {
        String staging = settings.string("mediagate.pai.staging", live && bucket ? "oss" : "served");
        if (!staging.equals("oss") && !staging.equals("served")) {
            throw new IllegalStateException("mediagate.pai.staging must be oss or served, not " + staging);
        }
        return staging;
    }

    /**
     * Gathering of single videos into {@code batch_videos} calls: {@code mediagate.pai[.<operation>].batch.max-videos}
     * (default 20; 1 turns it off) and {@code .batch.window} (default 10s: the longest a video waits for company).
     */
    static BatchWindow batchWindow(Settings settings, String folder) {
        String op = "mediagate." + NAME + "." + folder + ".batch.";
        String vendorWide = "mediagate." + NAME + ".batch.";
        int maxVideos = settings.first(op + "max-videos", vendorWide + "max-videos").map(Integer::parseInt).orElse(20);
        Duration window = settings.first(op + "window", vendorWide + "window").map(Settings::parseDuration).orElse(Duration.ofSeconds(10));
        if (maxVideos < 1) {
            throw new IllegalStateException("mediagate.pai.batch.max-videos must be 1 (no batches) or more, not " + maxVideos);
        }
        return new BatchWindow(maxVideos, window);
    }
}
