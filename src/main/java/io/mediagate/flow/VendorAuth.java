package io.mediagate.flow;

import io.mediagate.http.VendorRequest;
import io.mediagate.job.Job;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** The auth step of routes/vendor-call.camel.yaml: the vendor's authentication on the request built before it. */
public final class VendorAuth {

    private final VendorRegistry vendors;

    public VendorAuth(VendorRegistry vendors) {
        this.vendors = vendors;
    }

    /**
     * Adds the vendor's authentication to the request on the message (its signer: a Bearer key, a signature over the
     * method, path, query, headers and body, …) and counts the call. A request that cannot be signed is never sent,
     * so it is not counted.
     */
    public void authenticate(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        Vendor vendor = vendors.vendor(job.getVendor()).orElseThrow();
        Message message = exchange.getMessage();
        VendorRequest request = VendorHttpMessages.request(message);
        vendor.signer().sign(request);
        request.headers().forEach(message::setHeader);
        job.setVendorCalls(job.getVendorCalls() + 1);
        job.setSandbox(vendor.sandbox());
    }
}
