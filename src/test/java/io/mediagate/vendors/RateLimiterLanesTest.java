package io.mediagate.vendors;

import io.mediagate.vendors.RateLimiter.Decision;
import io.mediagate.vendors.RateLimiter.Lane;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job waiting for its quota's slot holds no consumer (it is parked on the broker instead), polls go before a
 * submit backlog, and the quota is still kept and used fully. Simulated on a movable nano clock.
 */
class RateLimiterLanesTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final RateLimiter limiter = new RateLimiter(nanos::get);

    @Test
    void noConsumerWaitsLongerThanAQuarterSecondBehindASlowQuota() {
        limiter.define("baidu", "classify", 2);

        for (int i = 0; i < 200; i++) {
            Decision decision = limiter.take("baidu", "classify", Lane.SUBMIT, false);
            assertTrue(decision.waitMillis() <= RateLimiter.MAX_HOLD_MILLIS, "held a consumer " + decision.waitMillis() + " ms");
        }
    }

    @Test
    void aBacklogOfSubmitsIsCalledAtTheQuotasRateAndInFull() {
        limiter.define("baidu", "classify", 2);

        Run run = simulate(200, 0);

        assertEquals(200, run.callTimes.size(), "every job was called");
        for (int i = 1; i < run.callTimes.size(); i++) {
            assertTrue(run.callTimes.get(i) - run.callTimes.get(i - 1) >= 499, "2 QPS kept: " + run.callTimes);
        }
        long span = run.callTimes.get(run.callTimes.size() - 1) - run.callTimes.get(0);
        assertTrue(span <= 199 * 500 * 1.05, "the quota used fully: " + span + " ms for 200 calls");
        assertTrue(run.parkings <= 2 * 200, "parked at most about twice per job: " + run.parkings);
    }

    @Test
    void aPollIsNotStuckBehindASubmitBacklog() {
        limiter.define("opensearch", "image-analysis", 10);
        for (int i = 0; i < 1000; i++) {
            limiter.take("opensearch", "image-analysis", Lane.SUBMIT, false);
        }

        Decision poll = limiter.take("opensearch", "image-analysis", Lane.POLL, false);

        long slotIn = poll.parked() ? poll.parkMillis() : poll.waitMillis();
        assertTrue(slotIn <= RateLimiter.SUBMIT_HORIZON_MILLIS + 100, "a 100 s submit backlog, the poll's slot in " + slotIn + " ms");
        assertTrue(!poll.parked() || poll.booked(), "a parked poll holds its slot");
    }

    @Test
    void anotherQuotaIsNotTouchedByABacklog() {
        limiter.define("baidu", "classify", 2);
        limiter.define("opensearch", "detection", 20);
        for (int i = 0; i < 200; i++) {
            limiter.take("baidu", "classify", Lane.SUBMIT, false);
        }

        Decision detection = limiter.take("opensearch", "detection", Lane.SUBMIT, false);

        assertFalse(detection.parked());
        assertEquals(0, detection.waitMillis());
    }

    /** {@code submits} submits arrive at once (and {@code polls} polls): each parks or calls as decided. */
    private Run simulate(int submits, int polls) {
        Run run = new Run();
        // {time millis, kind: 0 ask, 1 booked call}
        PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long start = nanos.get() / 1_000_000;
        for (int i = 0; i < submits + polls; i++) {
            // taken in at 20 files/s, as a gateway's ingest does
            events.add(new long[] {start + i * 50L, 0, i < submits ? 0 : 1, 0});
        }
        while (!events.isEmpty()) {
            long[] event = events.poll();
            nanos.set(Math.max(nanos.get(), event[0] * 1_000_000));
            long now = nanos.get() / 1_000_000;
            Lane lane = event[2] == 0 ? Lane.SUBMIT : Lane.POLL;
            if (event[1] == 1) {
                run.callTimes.add(now);
                continue;
            }
            if (event[3] == 1) {
                limiter.returned("baidu", "classify");
            }
            Decision decision = limiter.take("baidu", "classify", lane, event[3] == 1);
            if (!decision.parked()) {
                run.callTimes.add(now + decision.waitMillis());
            } else if (decision.booked()) {
                run.parkings++;
                events.add(new long[] {now + decision.parkMillis(), 1, event[2], 0});
            } else {
                run.parkings++;
                events.add(new long[] {now + decision.parkMillis(), 0, event[2], 1});
            }
        }
        Collections.sort(run.callTimes);
        return run;
    }

    private static final class Run {
        final List<Long> callTimes = new ArrayList<>();
        int parkings;
    }
}
