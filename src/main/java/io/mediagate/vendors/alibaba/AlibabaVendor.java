package io.mediagate.vendors.alibaba;

import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.auth.RequestSigner;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the Alibaba Cloud OpenAPI products (ICE, Bailian) share: V3-signed calls with credentials from Alibaba's
 * standard chain when live, the sandbox's AccessKey otherwise, and one rate quota ({@code mediagate.<vendor>.rate.api}).
 * Subclasses add their operations.
 */
public abstract class AlibabaVendor implements Vendor {

    public static final String RATE_GROUP = "api";

    private final String name;
    private final boolean sandbox;
    private final String endpoint;
    private final RequestSigner signer;
    private final Map<String, Double> rateLimits;
    private final OssStore oss;
    protected final List<VendorOperation> operations = new ArrayList<>();

    /**
     * @param liveEndpoint the product's endpoint when live, null when it is not configured (then the sandbox is used)
     */
    protected AlibabaVendor(String name, Settings settings, String liveEndpoint, String sandboxEndpoint,
                            AlibabaCredentials sandboxKey, OssStores oss, double defaultQps, String whatToSet) {
        this.name = name;
        this.sandbox = liveEndpoint == null;
        if (sandbox && sandboxEndpoint == null) {
            throw new IllegalStateException(name + " is not configured (" + whatToSet + ") and the sandbox is off");
        }
        this.endpoint = sandbox ? sandboxEndpoint : liveEndpoint;
        this.signer = new Acs3Signer(sandbox ? () -> sandboxKey : AlibabaCredentialChain.standard());
        this.oss = oss.pick(sandbox);
        this.rateLimits = Map.of(RATE_GROUP, settings.decimal("mediagate." + name + ".rate." + RATE_GROUP, defaultQps));
    }

    @Override
    public String name() {
        return name;
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

    @Override
    public OssStore ossStore() {
        return oss;
    }
}
