package io.mediagate.polling;

import io.mediagate.job.Job;
import io.mediagate.job.PollPolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.LongUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adaptive polling against a simulated vendor: tasks of known processing times, submitted over time, polled when the
 * schedule says; the figures a user notices are the status calls per task (each one a submit the quota cannot take)
 * and how long after its end a task is seen done.
 */
class AdaptivePollingTest {

    private static final PollPolicy SHIPPED = new PollPolicy(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30),
            Duration.ofHours(2), true);
    private static final PollPolicy FIXED = new PollPolicy(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30),
            Duration.ofHours(2), false);

    @Test
    void untilAnythingIsLearnedTheConfiguredScheduleApplies() {
        AdaptivePolling polling = new AdaptivePolling(new ProcessingTimes(), () -> 0.5);
        Job job = job(1_000_000L);

        polling.onSubmitted(job, SHIPPED, 1_000_000L);
        assertEquals(1_005_000L, job.getDueAt());
        polling.onPending(job, SHIPPED, 1_005_000L);
        assertEquals(1_012_500L, job.getDueAt(), "5 s × 1.5");
    }

    @Test
    void onceLearnedTheFirstPollIsNearTheExpectedEndAndLaterOnesTight() {
        ProcessingTimes times = new ProcessingTimes();
        times.done("opensearch/image-analyze/≤1MB", 29_000, 31_000);
        AdaptivePolling polling = new AdaptivePolling(times, () -> 0.0);
        Job job = job(0);

        polling.onSubmitted(job, SHIPPED, 0);
        assertEquals(30_000L, job.getDueAt());
        assertEquals(30_000L, job.getPollTiming().expectedMillis());
        polling.onPending(job, SHIPPED, 30_000);
        assertEquals(32_700L, job.getDueAt(), "still running at the figure: the figure grows by 9 % and the next poll is there");
        polling.onPending(job, SHIPPED, 32_700);
        assertEquals(34_008L, job.getDueAt(), "then a twentieth of it (1635 ms, jittered down to 0.8×)");
    }

    @Test
    void aFixedScheduleLearnsNothingAndIsNeverChanged() {
        ProcessingTimes times = new ProcessingTimes();
        times.done("opensearch/image-analyze/≤1MB", 29_000, 31_000);
        AdaptivePolling polling = new AdaptivePolling(times, () -> 0.0);
        Job job = job(0);

        polling.onSubmitted(job, FIXED, 0);
        assertEquals(5_000L, job.getDueAt());
        assertNull(job.getPollTiming());
        polling.onDone(job, FIXED, 31_000);
        assertEquals(1, times.learned("opensearch/image-analyze/≤1MB").orElseThrow().tasks());
    }

    @Test
    void thirtySecondTasksCostAboutOnePollEachOnceLearned() {
        Simulation fixed = simulate(FIXED, 300, id -> 30_000);
        Simulation adaptive = simulate(SHIPPED, 300, id -> 30_000);

        assertTrue(fixed.pollsPerTask(100) >= 2.9, "the fixed schedule: 5, 12.5, 23.75, 40.6 s → " + fixed.pollsPerTask(100));
        assertTrue(adaptive.pollsPerTask(100) <= 1.2, "learned: " + adaptive.pollsPerTask(100));
        assertTrue(adaptive.meanLateMillis(100) <= 3_000, "seen done within a tenth of its time: " + adaptive.meanLateMillis(100));
        assertTrue(adaptive.meanLateMillis(100) < fixed.meanLateMillis(100));
    }

    @Test
    void tasksOfVaryingLengthStillCostFewPolls() {
        Random random = new Random(7);
        Simulation adaptive = simulate(SHIPPED, 400, id -> 20_000 + random.nextInt(20_000));

        assertTrue(adaptive.pollsPerTask(200) <= 1.3, "20–40 s tasks: " + adaptive.pollsPerTask(200));
        // the first poll comes when nine in ten are done (~38 s): a short task waits for it; that is the price of
        // one poll per task, and still under half the spread on average
        assertTrue(adaptive.meanLateMillis(200) <= 10_000, "late by " + adaptive.meanLateMillis(200));
    }

    @Test
    void aVendorThatBecomesSlowerIsFollowed() {
        Simulation adaptive = simulate(SHIPPED, 600, id -> id < 200 ? 10_000 : 60_000);

        double learned = adaptive.times.learned("opensearch/image-analyze/≤1MB").orElseThrow().expectedMillis();
        assertTrue(learned >= 50_000 && learned <= 70_000, "from 10 s to 60 s tasks, learned " + learned);
        assertTrue(adaptive.pollsPerTask(100) <= 1.3, "after the change: " + adaptive.pollsPerTask(100));
    }

    @Test
    void noTaskIsPolledPastItsDeadline() {
        PollPolicy shortDeadline = new PollPolicy(Duration.ofSeconds(5), 1.5, Duration.ofSeconds(30), Duration.ofSeconds(40), true);
        ProcessingTimes times = new ProcessingTimes();
        times.done("opensearch/image-analyze/≤1MB", 59_000, 61_000);
        AdaptivePolling polling = new AdaptivePolling(times, () -> 1.0);
        Job job = job(0);

        polling.onSubmitted(job, shortDeadline, 0);
        assertEquals(40_000L, job.getDueAt(), "the learned 60 s would pass the 40 s deadline");
    }

    @Test
    void beforeAnythingIsLearnedOnePollAsksEachStepOfTheFrontier() {
        AdaptivePolling polling = new AdaptivePolling(new ProcessingTimes(), () -> 0.0);
        Job first = job(0);
        Job second = job(100);
        polling.onSubmitted(first, SHIPPED, 0);
        polling.onSubmitted(second, SHIPPED, 100);

        assertTrue(polling.putOff(first, SHIPPED, 5_000).isEmpty(), "the first job due probes");
        assertEquals(7_100L, polling.putOff(second, SHIPPED, 5_100).orElseThrow(),
                "the next one, due while the first one's answer is on the way, waits for the next step (5 s + 2 s)");
        polling.onPending(first, SHIPPED, 5_000);
        assertEquals(12_500L, first.getDueAt());
        assertTrue(polling.putOff(second, SHIPPED, 7_100).isEmpty(), "7 s: the next step");
        polling.onPending(second, SHIPPED, 7_100);
        Job third = job(200);
        polling.onSubmitted(third, SHIPPED, 200);
        assertEquals(9_200L, polling.putOff(third, SHIPPED, 8_200).orElseThrow(),
                "run 8 s, past the 7 s seen running but short of the next step (9 s): no poll asks the same question twice");
        assertTrue(polling.putOff(first, SHIPPED, 12_500).isEmpty(), "the first job's own next poll, 12.5 s, is past it");
    }

    @Test
    void aJobPutOffForTheScoutsComesBackWhenTheyMayHaveLearned() {
        ProcessingTimes times = new ProcessingTimes();
        times.stillRunning("opensearch/image-analyze/≤1MB", 27_000);
        AdaptivePolling polling = new AdaptivePolling(times, () -> 0.0);
        Job scout = job(0);
        polling.onSubmitted(scout, SHIPPED, 0);
        assertTrue(polling.putOff(scout, SHIPPED, 32_400).isEmpty(), "a step past the 27 s seen running (×1.2)");
        Job young = job(25_000);
        polling.onSubmitted(young, SHIPPED, 25_000);

        assertEquals(52_000L, polling.putOff(young, SHIPPED, 30_000).orElseThrow(),
                "put off until it has run the 27 s another task was seen running, not until the scout's next step");
    }

    @Test
    void aBatchDroppedOnAnEmptyGatewayCostsFewPollsWhereSubmitsAndPollsShareTheQuota() {
        for (int files : new int[] {300, 2000}) {
            Batch batch = dropAtOnce(SHIPPED, files, 30_000);

            double callsPerJob = batch.calls / (double) files;
            double bound = 2.0 * files * Batch.SLOT_MILLIS;
            assertTrue(callsPerJob <= 2.1, files + " files, nothing learned at the start: " + callsPerJob + " calls per job");
            assertTrue(batch.lastDoneAt <= 1.08 * bound, files + " files: the last task seen done at "
                    + batch.lastDoneAt + " ms, the 2-calls bound is " + bound + " ms");
        }
    }

    /**
     * A batch of tasks of one processing time, all ready to submit at once, against a quota of one call per
     * {@link Batch#SLOT_MILLIS}, shared the way the gateway's rate limiter shares it: a poll that comes due (and is not
     * put off: that takes no slot) books the next free slot; submits keep the quota booked {@link Batch#SUBMIT_HORIZON_MILLIS}
     * ahead, no further, so a due poll waits behind at most that much of submits.
     */
    private static Batch dropAtOnce(PollPolicy policy, int tasks, long processingMillis) {
        Batch batch = new Batch();
        AdaptivePolling polling = new AdaptivePolling(batch.times, new Random(42)::nextDouble);
        PriorityQueue<Job> scheduled = new PriorityQueue<>((a, b) -> Long.compare(a.getDueAt(), b.getDueAt()));
        java.util.ArrayDeque<Job> booked = new java.util.ArrayDeque<>(); // in slot order; null: a submit
        java.util.Map<Job, Long> ends = new java.util.HashMap<>();
        long nextFree = 0;
        int submitsBooked = 0;
        int done = 0;
        for (long now = 0; done < tasks; now += Batch.SLOT_MILLIS) {
            while (!scheduled.isEmpty() && scheduled.peek().getDueAt() <= now) {
                Job job = scheduled.poll();
                java.util.OptionalLong later = polling.putOff(job, policy, job.getDueAt());
                if (later.isPresent()) {
                    job.setDueAt(later.getAsLong());
                    scheduled.add(job);
                } else {
                    booked.add(job);
                    nextFree = Math.max(nextFree, now) + Batch.SLOT_MILLIS;
                }
            }
            while (submitsBooked < tasks && nextFree - now < Batch.SUBMIT_HORIZON_MILLIS) {
                booked.add(SUBMIT);
                submitsBooked++;
                nextFree = Math.max(nextFree, now) + Batch.SLOT_MILLIS;
            }
            Job call = booked.poll();
            if (call == null) {
                continue;
            }
            batch.calls++;
            if (call == SUBMIT) {
                Job job = job(now);
                ends.put(job, now + processingMillis);
                polling.onSubmitted(job, policy, now);
                scheduled.add(job);
            } else if (now >= ends.get(call)) {
                polling.onDone(call, policy, now);
                done++;
                batch.lastDoneAt = now;
            } else {
                polling.onPending(call, policy, now);
                scheduled.add(call);
            }
        }
        return batch;
    }

    /** A booked slot of the simulated quota that is for a submit. */
    private static final Job SUBMIT = new Job();

    private static final class Batch {
        /** The documented 10 QPS. */
        static final long SLOT_MILLIS = 100;
        /** As {@code RateLimiter.SUBMIT_HORIZON_MILLIS}. */
        static final long SUBMIT_HORIZON_MILLIS = 2000;
        final ProcessingTimes times = new ProcessingTimes();
        long calls;
        long lastDoneAt;
    }

    /** Tasks submitted one every 100 ms, each polled when its job is due, in time order. */
    private static Simulation simulate(PollPolicy policy, int tasks, LongUnaryOperator processingMillis) {
        Simulation simulation = new Simulation();
        AdaptivePolling polling = new AdaptivePolling(simulation.times, new Random(42)::nextDouble);
        PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            long submitted = i * 100L;
            Job job = job(submitted);
            jobs.add(job);
            simulation.ends.add(submitted + processingMillis.applyAsLong(i));
            simulation.polls.add(0);
            simulation.seenDoneAt.add(0L);
            due.add(new long[] {submitted, i, 1});
        }
        while (!due.isEmpty()) {
            long[] next = due.poll();
            long now = next[0];
            int i = (int) next[1];
            Job job = jobs.get(i);
            if (next[2] == 1) {
                polling.onSubmitted(job, policy, now);
            } else {
                java.util.OptionalLong later = polling.putOff(job, policy, now);
                if (later.isPresent()) {
                    job.setDueAt(later.getAsLong());
                    due.add(new long[] {later.getAsLong(), i, 0});
                    continue;
                }
                simulation.polls.set(i, simulation.polls.get(i) + 1);
                if (now >= simulation.ends.get(i)) {
                    polling.onDone(job, policy, now);
                    simulation.seenDoneAt.set(i, now);
                    continue;
                }
                polling.onPending(job, policy, now);
            }
            due.add(new long[] {job.getDueAt(), i, 0});
        }
        return simulation;
    }

    private static final class Simulation {
        final ProcessingTimes times = new ProcessingTimes();
        final List<Long> ends = new ArrayList<>();
        final List<Integer> polls = new ArrayList<>();
        final List<Long> seenDoneAt = new ArrayList<>();

        /** Over the last {@code last} tasks (after learning). */
        double pollsPerTask(int last) {
            return polls.subList(polls.size() - last, polls.size()).stream().mapToInt(Integer::intValue).average().orElseThrow();
        }

        double meanLateMillis(int last) {
            double sum = 0;
            for (int i = ends.size() - last; i < ends.size(); i++) {
                sum += seenDoneAt.get(i) - ends.get(i);
            }
            return sum / last;
        }
    }

    private static Job job(long submittedAt) {
        Job job = new Job();
        job.setVendor("opensearch");
        job.setOperation("image-analyze");
        job.getSource().bytes = 20_000L;
        job.setSubmittedAt(submittedAt);
        return job;
    }
}
