package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway halted (as by a power cut or kill -9) at each moment the design depends on, then started again with
 * {@code --once}: every input still ends exactly once with its result, and every job the vendor served twice says
 * {@code possibleDuplicateSubmission}. The halt is the test-only hook {@link CrashPoints}, so the moment is hit on
 * every run, unlike CrashAndRestartTest's random kills.
 */
class CrashPointsTest extends OutlivingSandbox {

    private static final int INPUTS = 6;

    @Override
    Map<String, String> sandboxSettings() {
        return Map.of("mediagate.sandbox.task-duration", "1s");
    }

    @Test
    void halted_after_the_vendor_answered_a_submit_and_before_the_commit_the_job_is_sent_again_and_marked() throws Exception {
        Set<String> servedTwice = haltAndRestart(CrashPoints.SUBMIT_ANSWERED);

        // the answered call was lost with the halt: the redelivered job is sent again, and its envelope must say so
        assertFalse(servedTwice.isEmpty(), "the job whose answer was lost is sent again (a second vendor call)");
    }

    @Test
    void halted_after_the_broker_send_and_before_the_enqueued_marker_the_job_ends_once() throws Exception {
        haltAndRestart(CrashPoints.SENT_BEFORE_ENQUEUED_MARKER);
    }

    @Test
    void halted_between_the_envelope_and_the_original_the_delivery_completes_with_one_envelope() throws Exception {
        haltAndRestart(CrashPoints.ENVELOPE_BEFORE_ORIGINAL);
    }

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

    private Set<String> haltAndRestart(String point) throws Exception {
        return haltAndRestart(point, Map.of());
    }

    /**
     * Drops the inputs, runs a gateway until it halts at {@code point}, runs {@code --once} on the same data and checks
     * the promise ({@link Outcomes}).
     *
     * @return the digests of the media the vendor served more than once
     */
    private Set<String> haltAndRestart(String point, Map<String, String> settings) throws Exception {
        Map<String, String> inputs = Outcomes.dropMixedInputs(data, INPUTS);
        Map<String, String> both = new HashMap<>(GatewayProcess.quickSettings());
        both.putAll(settings);
        Map<String, String> halting = new HashMap<>(both);
        halting.put("mediagate.test.halt-at", point);
        GatewayProcess first = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), halting);
        assertEquals(CrashPoints.HALT_STATUS, first.awaitExit(120), "the gateway halts at " + point + ":\n" + first.tail());
        assertTrue(Files.readString(first.log).contains("halting at " + point), first.tail());

        GatewayProcess second = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), both, "--once");
        int exit = second.awaitExit(120);
        String context = "halted at " + point + "\n" + second.tail();
        Set<String> servedTwice = sandbox.emulator("opensearch", OpenSearchEmulator.class).mediaServedMoreThanOnce();
        Outcomes.assertEachInputEndedOnce(data, inputs, servedTwice, context);
        assertEquals(0, exit, "--once ends with 0 when every input has its result: " + context);
        return servedTwice;
    }
}
