package io.mediagate.auth;

import io.mediagate.http.VendorRequest;

/** Adds a vendor's authentication to a request that is otherwise complete. */
@FunctionalInterface
public interface RequestSigner {

    void sign(VendorRequest request);
}
