package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.modules.LivePreflight;
import io.mediagate.modules.VendorModule;

import java.util.ArrayList;
import java.util.List;

/**
 * The settings that together make a vendor's credentials, the first of them deciding whether the vendor is live.
 * All must be set (unless the vendor gives the rest defaults): a live vendor missing one would fail every job, and the
 * others set without the first would leave the vendor in the sandbox although the user meant to go live.
 */
final class CredentialParts {

    private final String vendor;
    private final LivePreflight preflight;

    CredentialParts(VendorModule module) {
        this.vendor = module.name();
        this.preflight = module.preflight();
    }

    boolean live(Settings settings) {
        return settings.get(preflight.liveSetting()).isPresent();
    }

    /**
     * For a live vendor: the required parts that are missing. For a vendor that is not live: the parts set anyway,
     * which mean the user wanted it live.
     */
    List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        LivePreflight.CredentialPart first = preflight.credentials().get(0);
        for (LivePreflight.CredentialPart part : preflight.credentials().subList(1, preflight.credentials().size())) {
            boolean set = settings.get(part.setting()).isPresent();
            if (live(settings) && !set && !preflight.restOptional()) {
                problems.add(name(first) + " is set but not " + name(part));
            } else if (!live(settings) && set) {
                problems.add(name(part) + " is set but not " + name(first) + ": " + vendor
                        + " would not be called live; set both, or neither");
            }
        }
        return problems;
    }

    /** How a problem names the part: by its environment variable when users set it there. */
    static String name(LivePreflight.CredentialPart part) {
        return part.environment() == null ? part.setting() : part.environment() + " (" + part.setting() + ")";
    }
}
