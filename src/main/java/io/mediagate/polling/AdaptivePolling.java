package io.mediagate.polling;

import io.mediagate.job.Job;
import io.mediagate.job.PollPolicy;
import io.mediagate.job.PollTiming;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.DoubleSupplier;

/**
 * When to ask a task for its status. Every status call spent on a task that cannot be done yet is a submit the
 * vendor's QPS quota cannot take, so the schedule follows what the gateway has learned ({@link ProcessingTimes}):
 * <ul>
 *   <li><b>Learned</b>: the first poll at the time by which nine tasks in ten of this kind are done, then tightly
 *       after it (a twentieth of that time, at least a second); a task running twice as long as expected goes back on
 *       the configured backoff. About 1.1 polls per task.</li>
 *   <li><b>Nothing learned yet</b>: the configured schedule, but a poll is made only when it asks something new: a
 *       job is polled only once it has run a step (a fifth, at least 2 s) past the "frontier", the longest run any
 *       poll of its kind has asked about so far (answered or still on the way). The first job there probes it;
 *       the others are put off (no call): a young job until it has run as long as a task seen still running (it
 *       cannot be done sooner if tasks of a kind take alike, and by then more may be known), one near the frontier
 *       until the next step. So a batch dropped at once costs one poll per step of the frontier until the first
 *       task is done (about ten for 30 s tasks), not a poll per task per step.</li>
 *   <li><b>Fixed</b> ({@link PollPolicy#adaptive()} false, e.g. the user set the operation's poll figures): the
 *       configured schedule unchanged, nothing learned or put off.</li>
 * </ul>
 * Times get a little jitter so that tasks submitted together do not come back in lock-step. Nothing here ever moves a
 * poll past the task's deadline.
 */
public final class AdaptivePolling {

    /** The shortest wait between two polls of one task. */
    static final long MIN_INTERVAL_MILLIS = 1000;
    /** The first poll is up to this much (relative) after the learned time. */
    static final double FIRST_POLL_JITTER = 0.05;
    /** Before anything is learned, a poll asks about a run this much longer than any poll before it ... */
    static final double FRONTIER_STEP = 1.2;
    /** ... and at least this much longer. */
    static final long MIN_FRONTIER_STEP_MILLIS = 2000;
    /** Polls after the learned time come every this share of it. */
    static final double TIGHT_SHARE = 0.05;

    private final ProcessingTimes times;
    private final DoubleSupplier random;

    public AdaptivePolling(ProcessingTimes times, DoubleSupplier random) {
        this.times = times;
        this.random = random;
    }

    /** Sets the deadline and the first poll of a job whose task was just created. */
    public void onSubmitted(Job job, PollPolicy policy, long now) {
        policy.onSubmitted(job, now);
        Optional<ProcessingTimes.Learned> learned = learned(job, policy);
        if (learned.isEmpty()) {
            job.setPollTiming(null);
            return;
        }
        long expected = Math.round(learned.get().expectedMillis());
        job.setPollTiming(new PollTiming(expected, null, false));
        job.setPollIntervalMillis(tightInterval(expected));
        job.setDueAt(Math.min(now + Math.max(MIN_INTERVAL_MILLIS, firstPoll(expected)), job.getDeadlineAt()));
    }

    /**
     * Asked when a job comes due, before its status call: a later time when what was learned meanwhile says the task
     * cannot be done yet (no call is made then), or empty: poll now.
     */
    public OptionalLong putOff(Job job, PollPolicy policy, long now) {
        if (!policy.adaptive() || job.getSubmittedAt() == null || job.getDeadlineAt() == null) {
            return OptionalLong.empty();
        }
        long elapsed = now - job.getSubmittedAt();
        String key = PollKey.of(job);
        long until;
        Optional<ProcessingTimes.Learned> learned = times.learned(key);
        if (learned.isPresent()) {
            long expected = Math.round(learned.get().expectedMillis());
            if (elapsed >= expected) {
                return OptionalLong.empty();
            }
            until = job.getSubmittedAt() + firstPoll(expected);
        } else {
            // a step past the frontier: the first job there probes it, the others wait for what it finds
            OptionalLong probeAt = times.claimProbe(key, elapsed, AdaptivePolling::nextProbe);
            if (probeAt.isEmpty()) {
                return OptionalLong.empty();
            }
            until = job.getSubmittedAt() + probeAt.getAsLong();
        }
        until = Math.min(Math.max(until, now + MIN_INTERVAL_MILLIS), job.getDeadlineAt());
        return until > now ? OptionalLong.of(until) : OptionalLong.empty();
    }

    /** Schedules the next poll of a task that is still running; never later than its deadline. */
    public void onPending(Job job, PollPolicy policy, long now) {
        if (!policy.adaptive() || job.getSubmittedAt() == null) {
            policy.onPending(job, now);
            return;
        }
        String key = PollKey.of(job);
        long elapsed = now - job.getSubmittedAt();
        PollTiming before = job.getPollTiming();
        PollTiming timing = before == null ? new PollTiming(null, now, false) : before.withStillRunningAt(now);
        times.stillRunning(key, elapsed);
        Optional<ProcessingTimes.Learned> learned = times.learned(key);
        if (learned.isEmpty()) {
            job.setPollTiming(timing);
            policy.onPending(job, now);
            return;
        }
        long expected = Math.round(learned.get().expectedMillis());
        if (elapsed >= expected && !timing.ranPastExpected()) {
            // still running when it had run the learned time: the figure is short for it (once per task)
            times.ranPastExpected(key);
            timing = timing.withRanPastExpected();
            expected = Math.round(times.learned(key).orElseThrow().expectedMillis());
        }
        job.setPollTiming(timing);
        long expectedEnd = job.getSubmittedAt() + expected;
        long due;
        if (now < expectedEnd) {
            // learned while this task ran (submitted before anything was known): go to the expected end
            due = job.getSubmittedAt() + firstPoll(expected);
            job.setPollIntervalMillis(tightInterval(expected));
        } else if (now < expectedEnd + expected) {
            long interval = tightInterval(expected);
            job.setPollIntervalMillis(interval);
            due = now + Math.round(interval * (0.8 + 0.4 * random.getAsDouble()));
        } else {
            // far slower than its kind: back on the configured backoff, growing from the tight interval
            policy.onPending(job, now);
            return;
        }
        job.setDueAt(Math.min(Math.max(due, now + MIN_INTERVAL_MILLIS), job.getDeadlineAt()));
    }

    /** Learns from a task found done at {@code now}. */
    public void onDone(Job job, PollPolicy policy, long now) {
        if (!policy.adaptive() || job.getSubmittedAt() == null) {
            return;
        }
        long submitted = job.getSubmittedAt();
        PollTiming timing = job.getPollTiming();
        long stillRunning = timing == null || timing.stillRunningAt() == null ? 0 : Math.max(0, timing.stillRunningAt() - submitted);
        times.done(PollKey.of(job), stillRunning, Math.max(1, now - submitted));
    }

    private Optional<ProcessingTimes.Learned> learned(Job job, PollPolicy policy) {
        return policy.adaptive() ? times.learned(PollKey.of(job)) : Optional.empty();
    }

    private long firstPoll(long expected) {
        return Math.round(expected * (1 + FIRST_POLL_JITTER * random.getAsDouble()));
    }

    /** Before anything is learned: the run time worth the next poll when tasks were seen running {@code frontier}. */
    private static long nextProbe(long frontier) {
        return Math.max(Math.round(frontier * FRONTIER_STEP), frontier + MIN_FRONTIER_STEP_MILLIS);
    }

    private static long tightInterval(long expected) {
        return Math.max(MIN_INTERVAL_MILLIS, Math.round(expected * TIGHT_SHARE));
    }
}
