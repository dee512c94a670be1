package io.mediagate.broker;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The queues where jobs wait for a far-off due time: one queue per stage, vendor operation and due-time window, e.g.
 * {@code mediagate.wait.poll.opensearch.image-analyze.20261128-1205.1m} holds the image-analyze polls due from 12:05 to
 * 12:06 UTC (so {@code status} counts the waiting jobs per operation without reading them). A waiting job there is a
 * plain (unscheduled) message, so the broker pages it to disk; a scheduled message stays on the heap for as long as it
 * waits (bench/README "100,000 jobs in flight"). Windows are a minute wide for the next hour and an hour wide beyond,
 * so a day of waits needs at most about 80 queues per operation in flight.
 *
 * <p>Jobs held outside their intake window or while their daily budget is used up wait in their operation's
 * <em>held</em> bucket, {@code mediagate.wait.submit.<vendor>.<operation>.held}, without a due time: they go when the
 * schedules say so (window open, budget reset), whatever the clock.
 */
public final class WaitBuckets {

    public static final String PREFIX = "mediagate.wait.";
    /** The address settings match for every bucket (small memory, paging). */
    public static final String MATCH = PREFIX + "#";
    public static final Duration MINUTE = Duration.ofMinutes(1);
    public static final Duration HOUR = Duration.ofHours(1);
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);

    private static final String HELD = "held";

    /**
     * One bucket: the stage its jobs go back to, their vendor operation and the window of their due times; or
     * ({@code held}) the jobs the operation's intake window or daily budget holds, whose window is empty.
     */
    public record Bucket(String name, String stage, String vendor, String operation, long startMillis, long widthMillis,
                         boolean held) {
        public long endMillis() {
            return startMillis + widthMillis;
        }
    }

    private WaitBuckets() {
    }

    /**
     * The bucket for a job of {@code stage} and the vendor operation due at {@code dueAt}, seen at {@code now}. Vendor and
     * operation names are folder names (letters, digits, dashes): they never hold the dots that separate the parts.
     */
    public static Bucket of(String stage, String vendor, String operation, long dueAt, long now) {
        Duration width = dueAt - now <= HOUR.toMillis() ? MINUTE : HOUR;
        long start = Math.floorDiv(dueAt, width.toMillis()) * width.toMillis();
        String name = String.join(".", PREFIX + stage, vendor, operation, START.format(Instant.ofEpochMilli(start)),
                width.equals(MINUTE) ? "1m" : "1h");
        return new Bucket(name, stage, vendor, operation, start, width.toMillis(), false);
    }

    /** The bucket of the jobs of {@code stage} and the vendor operation held by their schedules (window, budget). */
    public static Bucket held(String stage, String vendor, String operation) {
        return new Bucket(String.join(".", PREFIX + stage, vendor, operation, HELD), stage, vendor, operation, 0, 0, true);
    }

    /** A bucket read back from its queue name; empty for any other queue. */
    public static Optional<Bucket> parse(String queue) {
        if (!queue.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = queue.substring(PREFIX.length()).split("\\.");
        if (parts.length == 4 && parts[3].equals(HELD)) {
            return Optional.of(held(parts[0], parts[1], parts[2]));
        }
        if (parts.length != 5 || !(parts[4].equals("1m") || parts[4].equals("1h"))) {
            return Optional.empty();
        }
        try {
            long start = START.parse(parts[3], Instant::from).toEpochMilli();
            return Optional.of(new Bucket(queue, parts[0], parts[1], parts[2], start,
                    (parts[4].equals("1m") ? MINUTE : HOUR).toMillis(), false));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
