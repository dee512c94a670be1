package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

/** Halted while a submitted job is handed on to the poll stage ({@link CrashPointHalts}). */
class EnqueuedMarkerCrashPointTest extends CrashPointHalts {

    @Test
    void halted_after_the_broker_send_and_before_the_enqueued_marker_the_job_ends_once() throws Exception {
        haltAndRestart(CrashPoints.SENT_BEFORE_ENQUEUED_MARKER);
    }
}
