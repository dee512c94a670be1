package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Halted after the vendor answered a submit ({@link CrashPointHalts}). Each crash point has a class of its own, so the
 * integration-test JVMs run them side by side.
 */
class CrashPointsTest extends CrashPointHalts {

    @Test
    void halted_after_the_vendor_answered_a_submit_and_before_the_commit_the_job_is_sent_again_and_marked() throws Exception {
        Set<String> servedTwice = haltAndRestart(CrashPoints.SUBMIT_ANSWERED);

        // the answered call was lost with the halt: the redelivered job is sent again, and its envelope must say so
        assertFalse(servedTwice.isEmpty(), "the job whose answer was lost is sent again (a second vendor call)");
    }
}
