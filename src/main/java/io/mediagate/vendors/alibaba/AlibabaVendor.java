package io.mediagate.vendors.alibaba;

import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.PartsVendor;
import io.mediagate.vendors.VendorParts;

import java.util.Map;

/**
 * What the Alibaba Cloud OpenAPI products (ICE, Bailian) share: V3-signed calls with credentials from Alibaba's
 * standard chain when live, the sandbox's AccessKey otherwise, and one rate quota ({@code mediagate.<vendor>.rate.api}).
 * Subclasses add their operations.
 */
public abstract class AlibabaVendor extends PartsVendor {

    public static final String RATE_GROUP = "api";

    /**
     * @param liveEndpoint the product's endpoint when live, null when it is not configured (then the sandbox is used)
     */
    protected AlibabaVendor(String name, Settings settings, String liveEndpoint, String sandboxEndpoint,
                            AlibabaCredentials sandboxKey, OssStores oss, double defaultQps, String whatToSet) {
        super(parts(name, settings, liveEndpoint, sandboxEndpoint, sandboxKey, oss, defaultQps, whatToSet));
    }

    private static VendorParts parts(String name, Settings settings, String liveEndpoint, String sandboxEndpoint,
                                     AlibabaCredentials sandboxKey, OssStores oss, double defaultQps, String whatToSet) {
        boolean sandbox = liveEndpoint == null;
        if (sandbox && sandboxEndpoint == null) {
            throw new IllegalStateException(name + " is not configured (" + whatToSet + ") and the sandbox is off");
        }
        return new VendorParts(name, sandbox, sandbox ? sandboxEndpoint : liveEndpoint,
                new Acs3Signer(sandbox ? () -> sandboxKey : AlibabaCredentialChain.standard()),
                Map.of(RATE_GROUP, settings.decimal("mediagate." + name + ".rate." + RATE_GROUP, defaultQps)), oss.pick(sandbox));
    }
}
