package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;

/** The rate-slot step of routes/vendor-call.camel.yaml: each call's place in its vendor's QPS budget. */
public final class RateSlots {

    private final VendorRegistry vendors;
    private final RateLimiter rateLimiter;

    public RateSlots(VendorRegistry vendors, RateLimiter rateLimiter) {
        this.vendors = vendors;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Reserves the call's slot in the vendor's QPS budget and keeps the job aside for the call; returns the milliseconds
     * until that slot, which the route's delay step waits on the consumer's thread, inside the stage's transaction.
     */
    public long reserve(Exchange exchange) {
        Job job = StageMessages.jobOf(exchange);
        exchange.setProperty(StageMessages.JOB, job);
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        return rateLimiter.reserve(operation.spec().vendor(), operation.rateGroup(job));
    }
}
