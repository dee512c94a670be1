package io.mediagate.modules;

import io.mediagate.config.Settings;
import io.mediagate.sandbox.EmulatorFactory;
import io.mediagate.vendors.Vendor;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Everything the gateway needs to know to wire one vendor: its name (folder and settings prefix), its live
 * configuration (which settings make it live, what the preflight checks), what to tell users when it is off, how to
 * build it, and the sandbox's stand-in for it.
 *
 * @param name        folder name and settings prefix {@code mediagate.<name>.}
 * @param preflight   its credentials, endpoints and probe: the first credential part, when set, makes the vendor call
 *                    the real service
 * @param optional    false for the vendor that is always wired (live or in the sandbox), so without the sandbox its
 *                    credentials are required; optional ones are left out when neither their credentials nor the
 *                    sandbox are there
 * @param offHint     logged when an optional vendor is left out: which settings turn it on
 * @param sandboxKey  a fresh key the sandbox's emulator accepts on each start, or null when the vendor shares another
 *                    vendor's key (the Alibaba products share ICE's AccessKey)
 * @param vendor      builds the vendor, live or against the sandbox
 * @param emulator    builds the sandbox's emulator of the vendor's API
 */
public record VendorModule(String name, LivePreflight preflight, boolean optional, String offHint, Supplier<String> sandboxKey,
                           Function<VendorContext, Vendor> vendor, EmulatorFactory emulator) {

    public String settingsPrefix() {
        return "mediagate." + name + ".";
    }

    /** The credential setting that, when set, makes the vendor call the real service. */
    public String liveSetting() {
        return preflight.liveSetting();
    }

    /** True when the user configured the vendor's credentials: calls go to the real service. */
    public boolean live(Settings settings) {
        return settings.get(liveSetting()).isPresent();
    }
}
