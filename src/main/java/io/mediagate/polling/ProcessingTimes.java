package io.mediagate.polling;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mediagate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongUnaryOperator;

/**
 * How long a vendor takes to process a task, learned from the jobs it finished: one figure per {@link PollKey}
 * (vendor operation and media size class), the time by which nine tasks in ten are done.
 *
 * <p>We never see the end of a task, only polls around it: it was still running at the last "pending" answer and done
 * by the first "done" one. So the figure is not an average but a quantile tracked the stochastic-approximation way
 * (Robbins–Monro): a task still running at the figure raises it by {@code STEP × TARGET}, a task done by then lowers it
 * by {@code STEP × (1 − TARGET)}; it settles where one task in ten is still running at its first poll, which costs
 * about 1.1 polls per task once learned. Unlike a mean it needs no exact end times, and it follows a vendor that
 * becomes slower or faster.
 */
public final class ProcessingTimes {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessingTimes.class);

    /** Where the gateway keeps what it learned, below its work folder. */
    public static final String FILE_IN_WORK = ".learned/processing-times.json";

    /** The share of tasks that should be done by the first poll. */
    static final double TARGET = 0.9;
    /** How far one task moves the figure (relative). */
    static final double STEP = 0.1;
    /** A "done" answer this little after the figure still counts as done by it (the poll's own jitter and queueing). */
    static final double ON_TIME = 1.1;

    /** What has been learned of one operation and size class: the figure and how many finished tasks it saw. */
    public record Learned(double expectedMillis, long tasks) {
    }

    private final Map<String, Learned> learned = new ConcurrentHashMap<>();
    /** Before any task of a kind is done: the longest any was seen still running (the "scouts'" lower bound). */
    private final Map<String, Long> longestRunning = new ConcurrentHashMap<>();
    /** Before any task of a kind is done: the longest-running task a poll has just been sent to (its answer not in yet). */
    private final Map<String, Long> probing = new ConcurrentHashMap<>();

    /** The time by which nine tasks in ten are done, when any task of this kind has been seen. */
    public Optional<Learned> learned(String key) {
        return Optional.ofNullable(learned.get(key));
    }

    /**
     * Before any task of this kind is done: how long tasks have run as far as polls have asked (answered or not yet),
     * the frontier a job must pass to be worth a poll.
     */
    public Optional<Long> frontier(String key) {
        Long running = longestRunning.get(key);
        Long probed = probing.get(key);
        if (running == null || probed == null) {
            return Optional.ofNullable(running == null ? probed : running);
        }
        return Optional.of(Math.max(running, probed));
    }

    /**
     * Before any task of this kind is done: whether a task that has run {@code elapsedMillis} is worth a poll, i.e. has
     * reached the next probe after the {@link #frontier} ({@code nextProbe} of it). If so it becomes the frontier at
     * once, so that the jobs coming due while its answer is on the way wait for it instead of asking the same question.
     *
     * @return empty: poll it; else the run time to put the job off until (the next probe after the frontier)
     */
    public synchronized OptionalLong claimProbe(String key, long elapsedMillis, LongUnaryOperator nextProbe) {
        Optional<Long> frontier = frontier(key);
        if (frontier.isPresent() && elapsedMillis < nextProbe.applyAsLong(frontier.get())) {
            Long seenRunning = longestRunning.get(key);
            // a task younger than one seen still running is not done before that age either (tasks of a kind take
            // alike), and by then more is known; one near the frontier may probe the next step
            return OptionalLong.of(seenRunning != null && elapsedMillis < seenRunning
                    ? seenRunning : nextProbe.applyAsLong(frontier.get()));
        }
        probing.put(key, elapsedMillis);
        return OptionalLong.empty();
    }

    /** Notes that a task of this kind was still running {@code elapsedMillis} after its submission. */
    public void stillRunning(String key, long elapsedMillis) {
        if (!learned.containsKey(key)) {
            longestRunning.merge(key, elapsedMillis, Math::max);
        }
    }

    /**
     * A task of this kind was still running when it had run the learned time: the figure is too short for it (raised by
     * {@code STEP × TARGET}). Called once per task, at its first "pending" answer past the figure.
     */
    public void ranPastExpected(String key) {
        learned.computeIfPresent(key, (k, before) ->
                new Learned(before.expectedMillis() * (1 + STEP * TARGET), before.tasks()));
    }

    /**
     * A task of this kind is done: it was last seen still running {@code stillRunningMillis} after its submission
     * (0: never) and found done at {@code doneByMillis}. The first such task gives the first figure (the middle of what
     * is known); later ones lower it by {@code STEP × (1 − TARGET)} when they were done by about the figure. A task done
     * only later tells nothing about the figure (it was polled late for other reasons, or it ran past the figure and
     * raised it then).
     */
    public void done(String key, long stillRunningMillis, long doneByMillis) {
        // another task of this kind seen running that long says as much as this one's own last "pending" (a job put
        // off for the scouts was never polled early itself)
        long scouted = Math.min(longestRunning.getOrDefault(key, 0L), doneByMillis);
        longestRunning.remove(key);
        probing.remove(key);
        learned.compute(key, (k, before) -> {
            if (before == null) {
                return new Learned(Math.max(1, (Math.max(stillRunningMillis, scouted) + doneByMillis) / 2.0), 1);
            }
            double expected = before.expectedMillis();
            if (doneByMillis <= expected * ON_TIME && stillRunningMillis < expected) {
                return new Learned(Math.max(1, expected * (1 - STEP * (1 - TARGET))), before.tasks() + 1);
            }
            return new Learned(expected, before.tasks() + 1);
        });
    }

    /** Everything learned, by key, sorted (for {@code status} and for saving). */
    public Map<String, Learned> snapshot() {
        return new TreeMap<>(learned);
    }

    /** What was learned, as the JSON {@link #load} reads. */
    public byte[] toJson() {
        return Json.write(snapshot()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What an earlier run learned; nothing when the file is missing or unreadable (it is only a head start). */
    public static ProcessingTimes load(Path file) {
        ProcessingTimes times = new ProcessingTimes();
        try {
            Map<String, Learned> saved = Json.MAPPER.readValue(Files.readString(file), new TypeReference<>() { });
            saved.forEach((key, value) -> {
                if (value != null && value.expectedMillis() > 0) {
                    times.learned.put(key, value);
                }
            });
        } catch (NoSuchFileException none) {
            // nothing learned yet
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("Cannot read the learned processing times in {} ({}); learning them again", file, unreadable.getMessage());
        }
        return times;
    }
}
