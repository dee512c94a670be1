package io.mediagate.modules;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.media.oss.OssStores;
import io.mediagate.media.served.ServedMedia;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;

import java.util.Map;

/**
 * What a {@link VendorModule} builds its vendor from.
 *
 * @param sandbox     the in-process sandbox, or null when it does not run
 * @param sandboxKeys the key each emulator of that sandbox accepts, by vendor
 * @param oss         the OSS buckets media can be staged in (the user's, the sandbox's)
 * @param served      the gateway's own signed media links
 */
public record VendorContext(Settings settings, SandboxServer sandbox, Map<String, String> sandboxKeys, OssStores oss,
                            ServedMedia served) {

    /** For a vendor built only to be called live ({@code check --probe}): no sandbox, no OSS, no served links. */
    public static VendorContext liveOnly(Settings settings) {
        return new VendorContext(settings, null, Map.of(), OssStores.none(), null);
    }

    /** Base URL of the vendor's emulator, or null when the sandbox does not run. */
    public String sandboxEndpoint(String vendor) {
        return sandbox == null ? null : sandbox.baseUrl(vendor);
    }

    public String sandboxKey(String vendor) {
        return sandboxKeys.get(vendor);
    }

    /** The AccessKey the sandbox's Alibaba products (ICE, Bailian, OSS) accept; null without sandbox keys. */
    public AlibabaCredentials alibabaSandboxKey() {
        String key = sandboxKeys.get(VendorModules.ALIBABA_KEY);
        return key == null ? null : Sandbox.alibabaKey(key);
    }
}
