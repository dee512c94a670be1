package io.mediagate.status;

/**
 * One job message seen on a stage queue: which stage it waits for, its vendor operation, when it is due
 * (epoch millis, 0 when it can be taken now), whether a gateway is working on it at this moment, and whether it is
 * a finished job whose delivery the disk refused (it waits for space, see {@code flow/BlockedDeliveries}).
 */
public record QueuedJob(String stage, String vendor, String operation, long dueAt, boolean inProgress, boolean blockedByDisk) {

    public QueuedJob(String stage, String vendor, String operation, long dueAt, boolean inProgress) {
        this(stage, vendor, operation, dueAt, inProgress, false);
    }
}
