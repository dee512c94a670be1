package io.mediagate.job;

import java.time.Duration;

/**
 * When to ask an asynchronous task for its status: first after {@code firstDelay}, then at intervals that
 * grow by {@code backoffFactor} up to {@code maxInterval}; a task still unfinished {@code deadline} after its
 * submission fails as {@code timeout}. The deadline is stored in the job as an absolute time, so it is
 * measured from the first submission whatever happens in between. When {@code adaptive}, the schedule is this one
 * only until the operation's processing time is learned (see {@code io.mediagate.polling.AdaptivePolling}).
 */
public record PollPolicy(Duration firstDelay, double backoffFactor, Duration maxInterval, Duration deadline, boolean adaptive) {

    public PollPolicy {
        if (backoffFactor < 1.0) {
            throw new IllegalArgumentException("poll backoff factor must be >= 1, was " + backoffFactor);
        }
    }

    /** A fixed schedule, never adapted. */
    public PollPolicy(Duration firstDelay, double backoffFactor, Duration maxInterval, Duration deadline) {
        this(firstDelay, backoffFactor, maxInterval, deadline, false);
    }

    /** Sets the deadline and the first poll time of a job whose task was just created. */
    public void onSubmitted(Job job, long now) {
        if (job.getDeadlineAt() == null) {
            job.setDeadlineAt(now + deadline.toMillis());
        }
        job.setPollIntervalMillis(firstDelay.toMillis());
        job.setDueAt(Math.min(now + firstDelay.toMillis(), job.getDeadlineAt()));
    }

    /** Schedules the next poll of a task that is still pending; never later than its deadline. */
    public void onPending(Job job, long now) {
        long previous = job.getPollIntervalMillis() == null ? firstDelay.toMillis() : job.getPollIntervalMillis();
        long next = Math.min((long) Math.ceil(previous * backoffFactor), maxInterval.toMillis());
        next = Math.max(next, 1);
        job.setPollIntervalMillis(next);
        job.setDueAt(Math.min(now + next, job.getDeadlineAt()));
    }

    public boolean isPastDeadline(Job job, long now) {
        return job.getDeadlineAt() != null && now >= job.getDeadlineAt();
    }
}
