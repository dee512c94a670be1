package io.mediagate.vendors;

import io.mediagate.auth.RequestSigner;

import java.util.List;
import java.util.Map;

/**
 * A vendor as the gateway sees it: its operations, how its requests are signed, its QPS budgets,
 * and whether it is the real service or the sandbox.
 */
public interface Vendor {

    String name();

    List<VendorOperation> operations();

    RequestSigner signer();

    /** Requests per second the vendor allows, per rate group (see {@link OperationSpec#rateGroup()}). */
    Map<String, Double> rateLimits();

    /** Base URL requests go to (the real endpoint, or the sandbox's). */
    String endpoint();

    /** True when calls go to the built-in sandbox because no credentials were configured. */
    boolean sandbox();

    /** Where this vendor's local media is staged and its output files are read from; null when it uses no OSS. */
    default io.mediagate.media.oss.OssStore ossStore() {
        return null;
    }
}
