package io.mediagate.preflight;

import io.mediagate.config.Settings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings that together make a vendor's credentials, the first of them deciding whether the vendor is live.
 * All must be set: a live vendor missing one would fail every job, and the others set without the first would leave
 * the vendor in the sandbox although the user meant to go live.
 */
public final class CredentialParts {

    private final String vendor;
    /** setting → how users set it (environment variable) */
    private final Map<String, String> parts = new LinkedHashMap<>();

    CredentialParts(String vendor) {
        this.vendor = vendor;
    }

    CredentialParts part(String setting, String environment) {
        parts.put(setting, environment);
        return this;
    }

    static CredentialParts of(String vendor) {
        return switch (vendor) {
            case "opensearch" -> new CredentialParts(vendor).part("mediagate.opensearch.api-key", "OPENSEARCH_API_KEY")
                    .part("mediagate.opensearch.endpoint", "OPENSEARCH_ENDPOINT");
            case "pai" -> new CredentialParts(vendor).part("mediagate.pai.app-id", "PAI_APP_ID")
                    .part("mediagate.pai.token", "PAI_TOKEN").part("mediagate.pai.host", "PAI_HOST");
            case "baidu" -> new CredentialParts(vendor).part("mediagate.baidu.api-key", "BAIDU_API_KEY")
                    .part("mediagate.baidu.secret-key", "BAIDU_SECRET_KEY");
            case "ice" -> new CredentialParts(vendor).part("mediagate.ice.region", null).part("mediagate.ice.endpoint", null);
            case "bailian" -> new CredentialParts(vendor).part("mediagate.bailian.workspace-id", null)
                    .part("mediagate.bailian.endpoint", null);
            default -> throw new IllegalArgumentException("no credentials known for " + vendor);
        };
    }

    /** The setting whose presence makes the vendor live. */
    String liveSetting() {
        return parts.keySet().iterator().next();
    }

    boolean live(Settings settings) {
        return settings.get(liveSetting()).isPresent();
    }

    /**
     * For a live vendor: the required parts that are missing (ICE's and Bailian's endpoints are optional). For a vendor
     * that is not live: the parts set anyway, which mean the user wanted it live.
     */
    List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        String first = liveSetting();
        boolean optionalRest = vendor.equals("ice") || vendor.equals("bailian");
        for (Map.Entry<String, String> part : parts.entrySet()) {
            if (part.getKey().equals(first)) {
                continue;
            }
            boolean set = settings.get(part.getKey()).isPresent();
            if (live(settings) && !set && !optionalRest) {
                problems.add(name(first) + " is set but not " + name(part.getKey()));
            } else if (!live(settings) && set) {
                problems.add(name(part.getKey()) + " is set but not " + name(first) + ": " + vendor
                        + " would not be called live; set both, or neither");
            }
        }
        return problems;
    }

    private String name(String setting) {
        String environment = parts.get(setting);
        return environment == null ? setting : environment + " (" + setting + ")";
    }
}
