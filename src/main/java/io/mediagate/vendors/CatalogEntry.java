package io.mediagate.vendors;

import io.mediagate.config.Settings;

import java.util.Set;

/**
 * One line of a vendor's operation catalog, the same shape for every vendor: the folder name, whether the vendor
 * answers with a task to poll, the local files it takes, the quota it draws from, and what the vendor's own
 * operation class needs to build the call ({@code call}: API path and service id, action and model, function, …).
 * Each vendor lists its operations as {@code static final List<CatalogEntry<…>> CATALOG}; adding an operation is
 * one more entry there (plus its answer in the vendor's sandbox emulator).
 *
 * @param <C> the vendor's own description of the call
 */
public record CatalogEntry<C>(String name, boolean async, Set<String> extensions, String rateGroup, C call) {

    /** The operation's spec for {@code vendor}, with its polling policy from the settings. */
    public OperationSpec spec(String vendor, Settings settings) {
        return new OperationSpec(vendor, name, async, extensions, rateGroup, settings.pollPolicy(vendor, name));
    }
}
