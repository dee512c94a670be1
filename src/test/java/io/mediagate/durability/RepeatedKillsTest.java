package io.mediagate.durability;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway killed (SIGKILL) three times at random moments while it works through 300 inputs, then run with
 * {@code --once}: every input ends exactly once, and every task the vendor was asked for twice is marked.
 */
class RepeatedKillsTest extends OutlivingSandbox {

    @Override
    Map<String, String> sandboxSettings() {
        return CrashAndRestartTest.busySandbox();
    }

    @Test
    void killed_three_times_every_input_still_ends_exactly_once_and_no_task_is_created_twice_unmarked() throws Exception {
        Map<String, String> inputs = Outcomes.dropMixedInputs(data, 300);
        // different processing times: image-analyze tasks take 3 s, OCR tasks 6 s
        control.setFault(new io.mediagate.sandbox.FaultPlan("opensearch", "ops-image-analyze-ocr-001", null, null, null, null, null, 6000L));
        // three random moments, a different set each run; the seed is in every failure message to replay it
        long seed = Long.getLong("mediagate.crash-seed", System.nanoTime());
        Random random = new Random(seed);
        for (int crash = 0; crash < 3; crash++) {
            GatewayProcess gateway = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), GatewayProcess.quickSettings());
            // let it work for a while (start-up takes 2-3 s), a different time each round, then kill it without warning
            Thread.sleep(3000 + random.nextInt(4000));
            gateway.kill();
        }
        GatewayProcess last = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), GatewayProcess.quickSettings(), "--once");
        int exit;
        try {
            exit = last.awaitExit(180);
        } catch (AssertionError stuck) {
            throw new AssertionError("seed " + seed + ": left in inbox/work: " + Outcomes.files(data.resolve("inbox")) + " " + Outcomes.files(data.resolve("work")), stuck);
        }

        String context = "seed " + seed + "\n" + last.tail();
        Outcomes.assertEachInputEndedOnce(data, inputs,
                sandbox.emulator("opensearch", io.mediagate.sandbox.opensearch.OpenSearchEmulator.class).mediaServedMoreThanOnce(), context);
        assertEquals(0, exit, "--once ends with 0 when every input has its result: " + context);
        // a killed gateway runs no clean-up: nothing it made in the temporary folder may outlive it (Vert.x made a
        // vertx-cache-<uuid> folder per start, left behind by every kill: one more in /tmp per crash)
        try (var left = Files.list(GatewayProcess.tmpOf(data))) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(), "left in the gateways' temporary folder");
        }
    }
}
