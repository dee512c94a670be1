package io.mediagate.vendor.bailian;

import io.mediagate.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.vendor.OperationSpec;
import io.mediagate.vendor.alibaba.AlibabaVendor;

import java.util.Set;

/**
 * Alibaba Cloud Bailian light apps (quanmiaolightapp 2024-08-01, seed 003): {@code bailian/video-analysis}.
 * Live when {@code mediagate.bailian.workspace-id} is set (endpoint {@code mediagate.bailian.endpoint}, default
 * Beijing; credentials from Alibaba's standard chain); otherwise the sandbox.
 */
public final class BailianVendor extends AlibabaVendor {

    public static final String NAME = "bailian";
    static final String DEFAULT_ENDPOINT = "https://quanmiaolightapp.cn-beijing.aliyuncs.com";

    public BailianVendor(Settings settings, String sandboxEndpoint, AlibabaCredentials sandboxKey, String sandboxWorkspace) {
        super(NAME, settings, settings.get("mediagate.bailian.workspace-id")
                        .map(workspace -> settings.string("mediagate.bailian.endpoint", DEFAULT_ENDPOINT)).orElse(null),
                sandboxEndpoint, sandboxKey, 5, "mediagate.bailian.workspace-id");
        OperationSpec spec = new OperationSpec(NAME, "video-analysis", true, Set.of(), RATE_GROUP,
                settings.pollPolicy(NAME, "video-analysis"));
        operations.add(new BailianVideoAnalysis(spec, endpoint(),
                settings.get("mediagate.bailian.workspace-id").orElse(sandboxWorkspace)));
    }
}
