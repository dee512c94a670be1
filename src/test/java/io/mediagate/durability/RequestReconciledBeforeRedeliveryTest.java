package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

/**
 * A gateway halted after a queue request's job was filed and before the request's memory was written, and a gateway
 * that takes no requests run before the restart: its start-up reconciliation delivers the filed job before the broker
 * delivers the request again. The redelivered request must get its job's one answer and make no second job.
 */
class RequestReconciledBeforeRedeliveryTest extends RequestHalts {

    @Test
    void halted_before_the_memory_and_the_job_finished_by_reconciliation_before_the_request_comes_again_makes_no_second_job()
            throws Exception {
        haltAndRestart(CrashPoints.REQUEST_FILED_BEFORE_MEMORY, true);
    }
}
