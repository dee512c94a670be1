package io.mediagate.flow;

import io.mediagate.job.Artifact;
import io.mediagate.job.Job;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/** What the gateway itself put in OSS for a job ({@link OssStaging}, temporary outputs), removed when the job ends. */
public final class StagedObjects {

    private static final Logger LOG = LoggerFactory.getLogger(StagedObjects.class);

    private final VendorRegistry vendors;

    /** @param vendors where to find the OSS a job staged media in (null: no vendor stages media) */
    public StagedObjects(VendorRegistry vendors) {
        this.vendors = vendors;
    }

    /**
     * Deletes what the gateway itself put in OSS for the job (the staged input, outputs in its default output
     * folder) unless {@code mediagate.oss.keep-staged}. A failed delete is logged, never fails the delivered job;
     * an OSS lifecycle rule on the prefix is the backstop (README).
     */
    public void remove(Job job) {
        OssStore oss = vendors == null ? null : vendors.vendor(job.getVendor()).map(Vendor::ossStore).orElse(null);
        if (oss == null || oss.config().keepStaged()) {
            return;
        }
        List<String> remove = new ArrayList<>();
        if (job.getSource().staged != null) {
            remove.add(job.getSource().staged);
        }
        job.getArtifacts().stream().filter(Artifact::temporary).forEach(a -> remove.add(a.source()));
        for (String location : remove) {
            try {
                OssLocation.parse(location).ifPresent(oss::delete);
            } catch (RuntimeException e) {
                LOG.warn("Could not delete {} after job {} ended: {}", location, job.getId(), e.getMessage());
            }
        }
    }
}
