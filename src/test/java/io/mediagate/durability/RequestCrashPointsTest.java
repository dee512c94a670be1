package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

/**
 * Queue requests and a gateway halted (as by a power cut) while a request's transaction is open: after its job was
 * filed, before or after the request's memory was written. The broker then delivers the request again. Every request
 * must get exactly one answer, its own job's, and no media may be sent to the vendor twice: neither a {@code duplicate}
 * or {@code busy} answer for the request's own redelivery, nor a second job.
 */
class RequestCrashPointsTest extends RequestHalts {

    @Test
    void halted_during_a_requests_commit_each_request_gets_one_answer_from_one_job() throws Exception {
        haltAndRestart(CrashPoints.REQUEST_BEFORE_COMMIT, false);
    }
}
