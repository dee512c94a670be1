package io.mediagate.flow;

import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Housekeeping (routes/housekeeping.camel.yaml, on {@code mediagate.housekeeping.expired-staged.cron}): deletes what the
 * gateway put in OSS (staged inputs, default output folders) longer ago than {@code mediagate.oss.staged-expiry}. A job
 * that ends deletes its own ({@link StagedObjects}); these are what a gateway stopped mid-job left behind. Nothing is
 * deleted where {@code mediagate.oss.keep-staged} keeps them.
 */
public final class ExpiredStaging {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiredStaging.class);

    private final VendorRegistry vendors;
    private final Duration expiry;
    private final Clock clock;

    public ExpiredStaging(VendorRegistry vendors, Duration expiry, Clock clock) {
        this.vendors = vendors;
        this.expiry = expiry;
        this.clock = clock;
    }

    /** @return how many objects were deleted */
    public int removeExpired() {
        Set<String> swept = new HashSet<>();
        int removed = 0;
        for (Vendor vendor : vendors.vendors()) {
            OssStore oss = vendor.ossStore();
            // vendors may share one bucket and prefix: swept once
            if (oss == null || oss.config().keepStaged()
                    || !swept.add(oss.config().endpoint() + "/" + oss.config().bucket() + "/" + oss.config().prefix())) {
                continue;
            }
            try {
                removed += oss.removeGatewayObjectsBefore(clock.instant().minus(expiry));
            } catch (RuntimeException e) {
                // tried again on the next run; an OSS lifecycle rule on the prefix is the backstop (README)
                LOG.warn("Could not remove the expired staged objects in {}/{}: {}", oss.config().bucket(), oss.config().prefix(),
                        e.getMessage());
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} object(s) the gateway staged in OSS more than {} ago", removed, expiry);
        }
        return removed;
    }
}
