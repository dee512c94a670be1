package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.job.JobSource;
import io.mediagate.media.oss.OssInputBuckets;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;

import java.util.List;

/**
 * Job files and requests may name only the configured OSS buckets: an {@code oss} path, the OSS URL a vendor that
 * reads only OSS (ICE) is handed as it is, and OSS locations in params. Each check is against the operation's
 * vendor's store, whose own bucket is always allowed.
 */
final class InputBuckets {

    private final VendorRegistry vendors;
    private final OssInputBuckets allowed;

    InputBuckets(VendorRegistry vendors, Settings settings) {
        this.vendors = vendors;
        this.allowed = new OssInputBuckets(settings);
    }

    /** Refuses a job's media named in a bucket not allowed, and OSS locations in the params a request added. */
    void checkMedia(JobSource source, VendorOperation operation, JsonNode requestParams) {
        OssStore store = ossStore(operation);
        if (source.oss != null) {
            allowed.check(source.oss, store, source.name + ": oss");
        }
        if (operation.stagesLocalMedia() && !operation.takesMediaUrls()) {
            List<String> urls = source.urls != null ? source.urls : source.url != null ? List.of(source.url) : List.of();
            urls.forEach(url -> allowed.check(url, store, source.name + ": url"));
        }
        allowed.checkParams(requestParams, store, source.name);
    }

    /** Refuses OSS locations in a job file's params in a bucket not allowed. */
    void checkParams(JsonNode params, VendorOperation operation, String what) {
        allowed.checkParams(params, ossStore(operation), what);
    }

    /** The vendor's OSS store (its bucket may be named), or null. */
    private OssStore ossStore(VendorOperation operation) {
        return vendors.vendor(operation.spec().vendor()).map(Vendor::ossStore).orElse(null);
    }
}
