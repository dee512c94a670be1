package io.mediagate.flow;

import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.RateSlot;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.polling.ProcessingTimes;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rate-slot step: a job comes back from the broker for the slot it booked. On time it calls; late, its slot has
 * gone by and the next one is another job's: calling then would put two calls into one slot (the vendor refuses one,
 * and the gateway halves its rate), so it books again.
 */
class CallPacingTest {

    private static final DefaultCamelContext CAMEL = new DefaultCamelContext();

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final RateLimiter limiter = new RateLimiter(() -> millis.get() * 1_000_000);
    private final VendorRegistry vendors = new VendorRegistry(List.of(
            new OpenSearchVendor(Settings.of(Map.of()), "http://127.0.0.1:9/opensearch", "the-key")));
    private final CallPacing pacing = new CallPacing(vendors, limiter,
            new AdaptivePolling(new ProcessingTimes(), () -> 0.0), millis::get);

    {
        limiter.define("opensearch", "detection", 2);   // a slot every 500 ms
    }

    @Test
    void aJobBackForItsBookedSlotCallsOnTimeAndBooksAgainWhenItMissedIt() {
        Exchange first = exchange("a");
        pacing.takeSlot(first);
        assertEquals(0L, first.getProperty(CallPacing.WAIT));

        Exchange onTime = exchange("b");
        pacing.takeSlot(onTime);
        long bookedB = parkedUntil(onTime);
        Exchange late = exchange("c");
        pacing.takeSlot(late);
        long bookedC = parkedUntil(late);
        assertEquals(1_000_500, bookedB);
        assertEquals(1_001_000, bookedC);

        millis.set(bookedB);
        Exchange back = returning(onTime);
        pacing.takeSlot(back);
        assertEquals(0L, back.getProperty(CallPacing.WAIT), "back on time: calls in its own slot");

        millis.set(bookedC + 300);   // the broker or a busy stage held it 300 ms past its slot
        Exchange missed = returning(late);
        pacing.takeSlot(missed);
        // the next free slot is 1 001 500 (the pacer moved on): it waits for that one instead of calling now, 200 ms
        // before whoever takes it
        assertEquals(200L, missed.getProperty(CallPacing.WAIT), "books the next free slot");
    }

    @Test
    void aPollLetThroughBeforeAnythingIsLearnedKeepsTheSlotItBooked() {
        RateLimiter quota = new RateLimiter(() -> millis.get() * 1_000_000);
        quota.define("opensearch", OpenSearchVendor.IMAGE_ANALYSIS, 2);   // a slot every 500 ms
        VendorRegistry adaptive = new VendorRegistry(List.of(new OpenSearchVendor(
                Settings.of(Map.of("mediagate.poll.adaptive", "true")), "http://127.0.0.1:9/opensearch", "the-key")));
        CallPacing polls = new CallPacing(adaptive, quota, new AdaptivePolling(new ProcessingTimes(), () -> 0.0), millis::get);
        Exchange first = poll("a", millis.get() - 5_000);
        polls.takeSlot(first);
        assertEquals(0L, first.getProperty(CallPacing.WAIT), "the first poll of the kind probes, in the free slot");

        Exchange older = poll("b", millis.get() - 20_000);
        polls.takeSlot(older);
        long booked = parkedUntil(older);
        millis.set(booked);
        Exchange back = returning(older);
        polls.takeSlot(back);

        assertTrue(back.getProperty(CallPacing.PARKED) == null, "the probe the other jobs wait for is not put off behind its own question");
        assertEquals(0L, back.getProperty(CallPacing.WAIT));
    }

    /** A job of an asynchronous operation whose task was submitted at {@code submittedAt}, due for a poll. */
    private static Exchange poll(String name, long submittedAt) {
        Exchange exchange = exchange(name);
        Job job = StageMessages.jobOf(exchange);
        job.setOperation("image-analyze");
        job.setStage(Job.Stage.poll);
        job.getSource().bytes = 20_000L;
        job.setSubmittedAt(submittedAt);
        job.setDeadlineAt(submittedAt + 7_200_000);
        return exchange;
    }

    private static long parkedUntil(Exchange exchange) {
        assertTrue(Boolean.TRUE.equals(exchange.getProperty(CallPacing.PARKED)), "parked");
        Job job = StageMessages.jobOf(exchange);
        RateSlot slot = job.getRateSlot();
        assertEquals(job.getDueAt(), slot.bookedAt());
        return slot.bookedAt();
    }

    /** The job as the broker hands it back: its message's body. */
    private static Exchange returning(Exchange parked) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(parked.getMessage().getBody(String.class));
        return exchange;
    }

    private static Exchange exchange(String name) {
        Job job = new Job();
        job.setId("0123456789abcdef0123456789abcde" + name);
        job.setVendor("opensearch");
        job.setOperation("object-detect");
        job.setStage(Job.Stage.submit);
        job.setAcceptedAt(1_700_000_000_000L);
        job.getSource().name = name + ".png";
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.setProperty(StageMessages.JOB, job);
        return exchange;
    }
}
