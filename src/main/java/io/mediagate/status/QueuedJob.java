package io.mediagate.status;

/**
 * One job message seen on a stage queue: which stage it waits for, its vendor operation, when it is due
 * (epoch millis, 0 when it can be taken now) and whether a gateway is working on it at this moment.
 */
public record QueuedJob(String stage, String vendor, String operation, long dueAt, boolean inProgress) {
}
