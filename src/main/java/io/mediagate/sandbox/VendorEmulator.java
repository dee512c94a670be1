package io.mediagate.sandbox;

/**
 * One vendor's API as the sandbox plays it. The server mounts each emulator under {@code /<vendor>} (handing it the
 * rest of the path) and at the vendor's own paths at the root ({@link SandboxRoutes}); the emulator checks auth,
 * limits and inputs the way the vendor does and
 * answers with the vendor's own bodies. Faults and call counts are shared services of the sandbox.
 */
public interface VendorEmulator {

    /** The path prefix and name, e.g. {@code opensearch}. */
    String vendor();

    SandboxResponse handle(SandboxRequest request);
}
