package io.mediagate.status;

/**
 * Job messages seen on a stage queue: which stage they wait for, their vendor operation, when they are due (epoch
 * millis, 0 when they can be taken now), whether a gateway is working on them at this moment, whether they are finished
 * jobs whose delivery the disk refused (they wait for space, see {@code flow/BlockedDeliveries}), and how many messages
 * the line stands for (1 for a listed job; more for what the broker counts without listing: a wait bucket's jobs, or
 * what is beyond its listing limit), and whether they are held by their intake window or daily budget (see
 * {@code schedules/Schedules}).
 */
public record QueuedJob(String stage, String vendor, String operation, long dueAt, boolean inProgress, boolean blockedByDisk,
                        long count, boolean held) {

    public QueuedJob(String stage, String vendor, String operation, long dueAt, boolean inProgress, boolean blockedByDisk,
                     long count) {
        this(stage, vendor, operation, dueAt, inProgress, blockedByDisk, count, false);
    }

    public QueuedJob(String stage, String vendor, String operation, long dueAt, boolean inProgress, boolean blockedByDisk) {
        this(stage, vendor, operation, dueAt, inProgress, blockedByDisk, 1);
    }

    public QueuedJob(String stage, String vendor, String operation, long dueAt, boolean inProgress) {
        this(stage, vendor, operation, dueAt, inProgress, false);
    }
}
