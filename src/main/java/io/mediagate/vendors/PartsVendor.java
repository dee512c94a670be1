package io.mediagate.vendors;

import io.mediagate.auth.RequestSigner;
import io.mediagate.media.oss.OssStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A vendor built from its {@link VendorParts}: a subclass works out the parts from the settings (live or sandbox) and
 * adds its operations; the getters are written here once.
 */
public abstract class PartsVendor implements Vendor {

    private final VendorParts parts;
    protected final List<VendorOperation> operations = new ArrayList<>();

    protected PartsVendor(VendorParts parts) {
        this.parts = parts;
    }

    @Override
    public String name() {
        return parts.name();
    }

    @Override
    public List<VendorOperation> operations() {
        return operations;
    }

    @Override
    public RequestSigner signer() {
        return parts.signer();
    }

    @Override
    public Map<String, Double> rateLimits() {
        return parts.rateLimits();
    }

    @Override
    public String endpoint() {
        return parts.endpoint();
    }

    @Override
    public boolean sandbox() {
        return parts.sandbox();
    }

    @Override
    public OssStore ossStore() {
        return parts.ossStore();
    }
}
