package io.mediagate.dashboard;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened in each of the last 60 minutes, per series (a vendor call's outcome, a delivery) and vendor operation:
 * a ring of one slot per minute, so memory stays the same however long the gateway runs. Kept in memory only: the
 * dashboard's charts start empty after a restart.
 */
final class MinuteCounts {

    static final int MINUTES = 60;
    private static final long MINUTE_MILLIS = 60_000;

    private final Clock clock;
    /** Which minute (epoch minutes) each slot holds now; a slot of an older minute counts as empty. */
    private final long[] slotMinute = new long[MINUTES];
    /** series → operation → count per slot */
    private final Map<String, Map<String, long[]>> counts = new TreeMap<>();

    MinuteCounts(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(slotMinute, -1);
    }

    synchronized void add(String series, String operation) {
        add(series, operation, 1);
    }

    synchronized void add(String series, String operation, long n) {
        long minute = clock.millis() / MINUTE_MILLIS;
        int slot = (int) (minute % MINUTES);
        if (slotMinute[slot] != minute) {
            slotMinute[slot] = minute;
            counts.values().forEach(perOperation -> perOperation.values().forEach(slots -> slots[slot] = 0));
        }
        counts.computeIfAbsent(series, s -> new TreeMap<>()).computeIfAbsent(operation, o -> new long[MINUTES])[slot] += n;
    }

    /** The last hour: the minutes' start times, oldest first, and per series and operation the counts. */
    synchronized Hour lastHour() {
        long now = clock.millis() / MINUTE_MILLIS;
        long[] starts = new long[MINUTES];
        Map<String, long[]> totals = new TreeMap<>();
        Map<String, Map<String, Long>> perOperation = new TreeMap<>();
        for (int i = 0; i < MINUTES; i++) {
            long minute = now - (MINUTES - 1) + i;
            starts[i] = minute * MINUTE_MILLIS;
            int slot = (int) (minute % MINUTES);
            if (slotMinute[slot] != minute) {
                continue;
            }
            for (Map.Entry<String, Map<String, long[]>> series : counts.entrySet()) {
                for (Map.Entry<String, long[]> operation : series.getValue().entrySet()) {
                    long n = operation.getValue()[slot];
                    if (n == 0) {
                        continue;
                    }
                    totals.computeIfAbsent(series.getKey(), s -> new long[MINUTES])[i] += n;
                    perOperation.computeIfAbsent(operation.getKey(), o -> new TreeMap<>()).merge(series.getKey(), n, Long::sum);
                }
            }
        }
        return new Hour(starts, totals, perOperation);
    }

    /**
     * @param minuteStarts epoch millis of each minute, oldest first
     * @param series       per series, the count of each of those minutes (a series nothing happened in is absent)
     * @param perOperation per vendor operation, each series' count over the hour
     */
    record Hour(long[] minuteStarts, Map<String, long[]> series, Map<String, Map<String, Long>> perOperation) {
    }
}
