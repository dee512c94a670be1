package io.mediagate.vendors.ice;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.vendors.CatalogEntry;
import io.mediagate.vendors.alibaba.AlibabaVendor;

import io.mediagate.media.oss.OssStores;
import io.mediagate.http.EndpointUrl;

import java.util.Arrays;
import java.util.List;

/**
 * Alibaba Cloud ICE intelligent production (SubmitIProductionJob / QueryIProductionJob, API 2020-11-09): the fourteen functions as {@code ice/<function>} folders,
 * V3-signed RPC calls to the host Alibaba's ICE SDK calls for the region ({@link IceEndpoints}). Live when {@code mediagate.ice.region} is set
 * (credentials then come from Alibaba's standard chain); otherwise the sandbox's ICE emulator.
 */
public final class IceVendor extends AlibabaVendor {

    public static final String NAME = "ice";

    /** Every {@link IceFunction} as one async operation folder, all on the one API quota. */
    static final List<CatalogEntry<IceFunction>> CATALOG = Arrays.stream(IceFunction.values())
            .map(function -> new CatalogEntry<>(function.folder(), true, function.extensions(), RATE_GROUP, function)).toList();

    /**
     * @param sandboxEndpoint base URL of the sandbox's ICE emulator, used when no region is configured
     * @param sandboxKey      the AccessKey the sandbox accepts
     */
    public IceVendor(Settings settings, String sandboxEndpoint, AlibabaCredentials sandboxKey, OssStores oss) {
        // ICE publishes no per-API QPS for these two APIs, so stay modest
        super(NAME, settings, settings.get("mediagate.ice.region").map(region -> liveEndpoint(settings, region)).orElse(null),
                sandboxEndpoint, sandboxKey, oss, 10, "mediagate.ice.region, e.g. cn-shanghai");
        // ICE reads media from OSS: dropped files are staged there first (see OssStore)
        for (CatalogEntry<IceFunction> entry : CATALOG) {
            operations.add(new IceOperation(entry.spec(NAME, settings), entry.call(), endpoint(), ossStore()));
        }
    }

    /**
     * ICE's endpoint for {@code region}: {@code mediagate.ice.endpoint} when set (a bare host is https), else the host
     * Alibaba's ICE SDK calls for the region ({@link IceEndpoints}).
     */
    public static String liveEndpoint(Settings settings, String region) {
        return settings.get("mediagate.ice.endpoint").map(e -> EndpointUrl.of("mediagate.ice.endpoint", e, "https"))
                .orElseGet(() -> IceEndpoints.forRegion(region));
    }
}
