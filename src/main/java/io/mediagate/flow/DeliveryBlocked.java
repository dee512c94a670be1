package io.mediagate.flow;

import java.io.UncheckedIOException;

/**
 * Delivery could not write to the data folders (a full or read-only disk, a file where a folder must be). Not the
 * job's fault and not a crash: the job waits and is tried again ({@link BlockedDeliveries}), its paid-for result kept.
 */
public final class DeliveryBlocked extends RuntimeException {

    public DeliveryBlocked(String jobId, UncheckedIOException cause) {
        super("delivery of job " + jobId + " is blocked by the disk: " + cause.getMessage(), cause);
    }
}
