package io.mediagate.vendors;

import io.mediagate.job.PollPolicy;

import java.util.Set;

/**
 * What the gateway needs to know about one vendor operation before calling it.
 *
 * @param vendor     folder name of the vendor, e.g. {@code opensearch}
 * @param name       folder name of the operation, e.g. {@code object-detect}
 * @param async      whether the vendor answers with a task to poll
 * @param extensions file extensions accepted as local media (lower case, no dot); empty: remote media only
 * @param rateGroup  the vendor quota this operation draws from (calls of one group share the QPS limit)
 * @param poll       default polling policy for async operations (settings may override it)
 */
public record OperationSpec(String vendor, String name, boolean async, Set<String> extensions, String rateGroup,
                            PollPolicy poll) {

    public String key() {
        return vendor + "/" + name;
    }

    public boolean acceptsLocalFiles() {
        return !extensions.isEmpty();
    }
}
