package io.mediagate.sandbox;

/** Builds one vendor's emulator for a sandbox about to start. */
@FunctionalInterface
public interface EmulatorFactory {

    VendorEmulator create(EmulatorContext sandbox);
}
