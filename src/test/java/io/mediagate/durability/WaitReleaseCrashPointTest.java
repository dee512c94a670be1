package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Halted while jobs are moved from a wait bucket onto the poll schedule ({@link CrashPointHalts}). */
class WaitReleaseCrashPointTest extends CrashPointHalts {

    /**
     * Every poll parked in a wait bucket (the horizon is shorter than any poll interval here); the gateway halts after
     * the release sent the first jobs onto the poll schedule and before that move committed. The jobs are back in their
     * bucket after the restart (or were never taken): each is polled and delivered once, and none is submitted twice.
     */
    @Test
    void halted_while_moving_parked_jobs_onto_the_schedule_each_job_ends_once_and_none_is_submitted_twice() throws Exception {
        Set<String> servedTwice = haltAndRestart(CrashPoints.WAIT_RELEASED_BEFORE_COMMIT, Map.of("mediagate.poll.park-after", "100ms"));

        assertTrue(servedTwice.isEmpty(), "no vendor submit twice: " + servedTwice);
    }
}
