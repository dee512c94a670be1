package io.mediagate.calls;

import io.mediagate.http.VendorRequest;
import io.mediagate.job.Job;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;

/** A vendor's authentication on a request built for a job, for the gateway's auth step and the mediagate component. */
public final class VendorSigning {

    private final VendorRegistry vendors;

    public VendorSigning(VendorRegistry vendors) {
        this.vendors = vendors;
    }

    /**
     * Adds the vendor's authentication to the request (its signer: a Bearer key, a signature over the method, path,
     * query, headers and body, …) and counts the call. A request that cannot be signed is never sent, so it is not
     * counted.
     */
    public void authenticate(Job job, VendorRequest request) {
        Vendor vendor = vendors.vendor(job.getVendor()).orElseThrow();
        vendor.signer().sign(request);
        job.setVendorCalls(job.getVendorCalls() + 1);
        job.setSandbox(vendor.sandbox());
    }
}
