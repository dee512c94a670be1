package io.mediagate.vendor.bailian;

import io.mediagate.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.auth.RequestSigner;
import io.mediagate.vendor.OperationSpec;
import io.mediagate.vendor.Vendor;
import io.mediagate.vendor.VendorOperation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alibaba Cloud Bailian light apps (quanmiaolightapp 2024-08-01, seed 003): {@code bailian/video-analysis}.
 * Live when {@code mediagate.bailian.workspace-id} is set (endpoint {@code mediagate.bailian.endpoint}, default
 * Beijing; credentials from Alibaba's standard chain); otherwise the sandbox.
 */
public final class BailianVendor implements Vendor {

    public static final String NAME = "bailian";
    public static final String RATE_GROUP = "api";
    static final String DEFAULT_ENDPOINT = "https://quanmiaolightapp.cn-beijing.aliyuncs.com";

    private final List<VendorOperation> operations;
    private final RequestSigner signer;
    private final String endpoint;
    private final boolean sandbox;
    private final Map<String, Double> rateLimits;

    public BailianVendor(Settings settings, String sandboxEndpoint, AlibabaCredentials sandboxKey, String sandboxWorkspace) {
        String prefix = "mediagate." + NAME + ".";
        String workspace = settings.get(prefix + "workspace-id").orElse(null);
        this.sandbox = workspace == null;
        if (sandbox && sandboxEndpoint == null) {
            throw new IllegalStateException("Bailian has no workspace (mediagate.bailian.workspace-id) and the sandbox is off");
        }
        this.endpoint = sandbox ? sandboxEndpoint : settings.string(prefix + "endpoint", DEFAULT_ENDPOINT);
        this.signer = new Acs3Signer(sandbox ? () -> sandboxKey : AlibabaCredentialChain.standard());
        this.rateLimits = Map.of(RATE_GROUP, settings.decimal(prefix + "rate." + RATE_GROUP, 5));
        OperationSpec spec = new OperationSpec(NAME, "video-analysis", true, Set.of(), RATE_GROUP,
                settings.pollPolicy(NAME, "video-analysis"));
        this.operations = List.of(new BailianVideoAnalysis(spec, endpoint, sandbox ? sandboxWorkspace : workspace));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<VendorOperation> operations() {
        return operations;
    }

    @Override
    public RequestSigner signer() {
        return signer;
    }

    @Override
    public Map<String, Double> rateLimits() {
        return rateLimits;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean sandbox() {
        return sandbox;
    }
}
