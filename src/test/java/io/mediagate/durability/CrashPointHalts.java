package io.mediagate.durability;

import io.mediagate.flow.CrashPoints;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway halted (as by a power cut or kill -9) at each moment the design depends on, then started again with
 * {@code --once}: every input still ends exactly once with its result, and every job the vendor served twice says
 * {@code possibleDuplicateSubmission}. The halt is the test-only hook {@link CrashPoints}, so the moment is hit on
 * every run, unlike CrashAndRestartTest's random kills.
 *
 * <p>The crash points are split over two test classes so the integration-test JVMs run them side by side.
 */
abstract class CrashPointHalts extends OutlivingSandbox {

    private static final int INPUTS = 6;

    @Override
    Map<String, String> sandboxSettings() {
        return Map.of("mediagate.sandbox.task-duration", "1s");
    }

    /** Input name → content digest of the inputs whose envelope was in outbox/ when the halted gateway stopped. */
    Map<String, String> deliveredBeforeRestart;

    Set<String> haltAndRestart(String point) throws Exception {
        return haltAndRestart(point, Map.of());
    }

    /**
     * Drops the inputs, runs a gateway until it halts at {@code point}, runs {@code --once} on the same data and checks
     * the promise ({@link Outcomes}).
     *
     * @return the digests of the media the vendor served more than once
     */
    Set<String> haltAndRestart(String point, Map<String, String> settings) throws Exception {
        Map<String, String> inputs = Outcomes.dropMixedInputs(data, INPUTS);
        Map<String, String> both = new HashMap<>(GatewayProcess.quickSettings());
        both.putAll(settings);
        Map<String, String> halting = new HashMap<>(both);
        halting.put("mediagate.test.halt-at", point);
        GatewayProcess first = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), halting);
        assertEquals(CrashPoints.HALT_STATUS, first.awaitExit(120), "the gateway halts at " + point + ":\n" + first.tail());
        assertTrue(Files.readString(first.log).contains("halting at " + point), first.tail());
        deliveredBeforeRestart = new java.util.TreeMap<>();
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            if (Files.exists(data.resolve("outbox/opensearch/" + input.getKey() + ".json"))) {
                deliveredBeforeRestart.put(input.getKey(), input.getValue());
            }
        }

        GatewayProcess second = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), both, "--once");
        int exit = second.awaitExit(120);
        String context = "halted at " + point + "\n" + second.tail() + "\nthe halted gateway's log:\n" + first.tail();
        Set<String> servedTwice = sandbox.emulator("opensearch", OpenSearchEmulator.class).mediaServedMoreThanOnce();
        Outcomes.assertEachInputEndedOnce(data, inputs, servedTwice, context);
        assertEquals(0, exit, "--once ends with 0 when every input has its result: " + context);
        return servedTwice;
    }
}
