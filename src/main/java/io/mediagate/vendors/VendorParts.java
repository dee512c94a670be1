package io.mediagate.vendors;

import io.mediagate.auth.RequestSigner;
import io.mediagate.media.oss.OssStore;

import java.util.Map;

/**
 * What a vendor is made of once its settings are read, the same for every vendor: see {@link Vendor} for each part.
 *
 * @param ossStore null when the vendor stages no media in OSS
 */
public record VendorParts(String name, boolean sandbox, String endpoint, RequestSigner signer, Map<String, Double> rateLimits,
                          OssStore ossStore) {
}
