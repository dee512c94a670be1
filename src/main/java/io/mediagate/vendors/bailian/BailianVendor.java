package io.mediagate.vendors.bailian;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.vendors.CatalogEntry;
import io.mediagate.vendors.alibaba.AlibabaVendor;

import io.mediagate.media.MediaTypes;
import io.mediagate.media.oss.OssStores;
import io.mediagate.http.EndpointUrl;

import java.util.List;

/**
 * Alibaba Cloud Bailian light apps (quanmiaolightapp 2024-08-01): {@code bailian/video-analysis}.
 * Live when {@code mediagate.bailian.workspace-id} is set (endpoint {@code mediagate.bailian.endpoint}, default
 * Beijing; credentials from Alibaba's standard chain); otherwise the sandbox.
 */
public final class BailianVendor extends AlibabaVendor {

    public static final String NAME = "bailian";
    /** The one operation: a video analysed by the light app, polled until done. */
    static final CatalogEntry<Void> VIDEO_ANALYSIS = new CatalogEntry<>("video-analysis", true, MediaTypes.VIDEOS, RATE_GROUP, null);
    static final List<CatalogEntry<Void>> CATALOG = List.of(VIDEO_ANALYSIS);
    static final String DEFAULT_ENDPOINT = "https://quanmiaolightapp.cn-beijing.aliyuncs.com";

    public BailianVendor(Settings settings, String sandboxEndpoint, AlibabaCredentials sandboxKey, String sandboxWorkspace,
                         OssStores oss) {
        super(NAME, settings, settings.get("mediagate.bailian.workspace-id").map(workspace -> liveEndpoint(settings)).orElse(null),
                sandboxEndpoint, sandboxKey, oss, 5, "mediagate.bailian.workspace-id");
        // Bailian reads the video from a URL: dropped files are staged in OSS and passed as a presigned URL
        operations.add(new BailianVideoAnalysis(VIDEO_ANALYSIS.spec(NAME, settings), endpoint(),
                settings.get("mediagate.bailian.workspace-id").orElse(sandboxWorkspace), ossStore()));
    }

    /** {@code mediagate.bailian.endpoint} (a bare host is https), else Beijing, the only endpoint Alibaba's samples name. */
    public static String liveEndpoint(Settings settings) {
        return EndpointUrl.of("mediagate.bailian.endpoint", settings.string("mediagate.bailian.endpoint", DEFAULT_ENDPOINT), "https");
    }
}
