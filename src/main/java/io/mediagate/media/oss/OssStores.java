package io.mediagate.media.oss;

/**
 * The OSS the gateway may stage media in: the user's bucket ({@code mediagate.oss.bucket}; null when not set) and
 * the sandbox's emulated OSS (null when the sandbox is off). A vendor called live stages in the live one, a vendor
 * played by the sandbox in the sandbox's, so live and sandbox never mix.
 */
public record OssStores(OssStore live, OssStore sandbox) {

    public static OssStores none() {
        return new OssStores(null, null);
    }

    /** The store for a vendor, or null when local files cannot be staged for it. */
    public OssStore pick(boolean sandboxVendor) {
        return sandboxVendor ? sandbox : live;
    }
}
