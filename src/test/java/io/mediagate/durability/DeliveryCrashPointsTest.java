package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

/** Halted while a job is delivered ({@link CrashPointHalts}). */
class DeliveryCrashPointsTest extends CrashPointHalts {

    @Test
    void halted_between_the_envelope_and_the_original_the_delivery_completes_with_one_envelope() throws Exception {
        haltAndRestart(CrashPoints.ENVELOPE_BEFORE_ORIGINAL);
    }
}
