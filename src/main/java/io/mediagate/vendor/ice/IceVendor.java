package io.mediagate.vendor.ice;

import io.mediagate.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.auth.RequestSigner;
import io.mediagate.vendor.OperationSpec;
import io.mediagate.vendor.Vendor;
import io.mediagate.vendor.VendorOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Alibaba Cloud ICE intelligent production (seed 002): the fourteen functions as {@code ice/<function>} folders,
 * V3-signed RPC calls to {@code https://ice.<region>.aliyuncs.com}. Live when {@code mediagate.ice.region} is set
 * (credentials then come from Alibaba's standard chain); otherwise the sandbox's ICE emulator.
 */
public final class IceVendor implements Vendor {

    public static final String NAME = "ice";
    /** One quota for all ICE calls; ICE publishes no per-API figure for these two APIs, so stay modest. */
    public static final String RATE_GROUP = "api";

    private final List<VendorOperation> operations = new ArrayList<>();
    private final RequestSigner signer;
    private final String endpoint;
    private final boolean sandbox;
    private final Map<String, Double> rateLimits;

    /**
     * @param sandboxEndpoint base URL of the sandbox's ICE emulator, used when no region is configured
     * @param sandboxKey      the AccessKey the sandbox accepts
     */
    public IceVendor(Settings settings, String sandboxEndpoint, AlibabaCredentials sandboxKey) {
        String prefix = "mediagate." + NAME + ".";
        String region = settings.get(prefix + "region").orElse(null);
        this.sandbox = region == null;
        if (sandbox && sandboxEndpoint == null) {
            throw new IllegalStateException("ICE has no region (mediagate.ice.region, e.g. cn-shanghai) and the sandbox is off");
        }
        this.endpoint = sandbox ? sandboxEndpoint
                : settings.get(prefix + "endpoint").orElse("https://ice." + region + ".aliyuncs.com");
        this.signer = new Acs3Signer(sandbox ? () -> sandboxKey : AlibabaCredentialChain.standard());
        this.rateLimits = Map.of(RATE_GROUP, settings.decimal(prefix + "rate." + RATE_GROUP, 10));
        for (IceFunction function : IceFunction.values()) {
            // ICE reads media from OSS: local files are not taken (OSS staging is a separate step, not built yet)
            OperationSpec spec = new OperationSpec(NAME, function.folder(), true, Set.of(), RATE_GROUP,
                    settings.pollPolicy(NAME, function.folder()));
            operations.add(new IceOperation(spec, function, endpoint));
        }
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
