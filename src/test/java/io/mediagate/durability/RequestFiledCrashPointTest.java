package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import org.junit.jupiter.api.Test;

/**
 * A gateway halted after a queue request's job was filed and before the request's memory was written; the broker then
 * delivers the request again ({@link RequestCrashPointsTest}'s promise; a class of its own so the integration-test
 * JVMs run the two side by side).
 */
class RequestFiledCrashPointTest extends RequestHalts {

    @Test
    void halted_after_a_requests_job_was_filed_and_before_it_was_remembered_each_request_gets_one_answer() throws Exception {
        haltAndRestart(CrashPoints.REQUEST_FILED_BEFORE_MEMORY, false);
    }
}
