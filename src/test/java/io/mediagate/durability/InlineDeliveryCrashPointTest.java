package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Halted after a job was delivered and before its stage committed ({@link CrashPointHalts}). A sync answer (and a
 * finished task) is delivered in the stage that got it, so the message that comes again is the submit (or poll)
 * itself: it must find its job delivered and not call the vendor a second time.
 */
class InlineDeliveryCrashPointTest extends CrashPointHalts {

    @Test
    void halted_after_a_delivery_and_before_its_commit_the_job_is_not_sent_to_the_vendor_again() throws Exception {
        Set<String> servedTwice = haltAndRestart(CrashPoints.DELIVERED_BEFORE_COMMIT);

        // the halt also cuts other jobs' submits short (sent, not committed): those are sent again, marked (checked
        // by haltAndRestart); a job already delivered never is
        assertFalse(deliveredBeforeRestart.isEmpty(), "the halted delivery had written its envelope");
        for (Map.Entry<String, String> delivered : deliveredBeforeRestart.entrySet()) {
            assertFalse(servedTwice.contains(delivered.getValue()), delivered.getKey() + " was delivered before the halt,"
                    + " and its message that came again called the vendor: " + servedTwice);
        }
    }
}
