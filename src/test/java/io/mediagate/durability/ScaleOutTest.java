package io.mediagate.durability;

import io.mediagate.modules.VendorModules;

import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.config.Settings;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.GatewayJvm;
import io.mediagate.testsupport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateway JVMs share one broker (a third JVM: {@code mediagate.jar broker}) and one data
 * folder. One is killed mid-run; the other finishes every job, including those the dead one had taken,
 * and no vendor task is created twice unmarked.
 */
class ScaleOutTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void two_gateways_share_the_work_and_the_survivor_finishes_what_the_killed_one_held() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String brokerUrl = "tcp://127.0.0.1:" + Ports.free();
        // the broker as a third JVM, started with the command users have for it
        List<String> brokerLine = GatewayJvm.command();
        brokerLine.addAll(List.of("io.mediagate.Application", "broker", "--listen", brokerUrl, "--data", dir.resolve("broker").toString()));
        ProcessBuilder brokerCommand = new ProcessBuilder(brokerLine)
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.log").toFile());
        // the broker's one account, from the environment as users give it
        brokerCommand.environment().put("MEDIAGATE_BROKER_USER", BrokerLogin.USER);
        brokerCommand.environment().put("MEDIAGATE_BROKER_PASSWORD", BrokerLogin.PASSWORD);
        Process broker = brokerCommand.start();
        awaitListening(brokerUrl, broker);
        try (AutoCloseable stopBroker = broker::destroy;
             SandboxServer sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of(
                     "mediagate.sandbox.task-duration", "3s",
                     "mediagate.sandbox.opensearch.qps.detection", "200",
                     "mediagate.sandbox.opensearch.qps.image-analysis", "200")), Map.of("opensearch", "test-key")).start()) {
            SandboxControl control = sandbox.control();
            control.setFault(new FaultPlan("opensearch", "ops-image-analyze-ocr-001", null, null, null, null, null, 6000L));
            Map<String, String> inputs = Outcomes.dropMixedInputs(data, 300);

            // each gateway paces itself at 40 QPS; together they stay under the sandbox's limits
            Map<String, String> settings = GatewayProcess.quickSettings();
            settings.put("mediagate.broker.url", brokerUrl);
            settings.put("mediagate.broker.user", BrokerLogin.USER);
            settings.put("mediagate.broker.password", BrokerLogin.PASSWORD);
            // the survivor looks for a dead gateway's leftovers every 2 s, and takes half-made jobs after 5 s
            settings.put("mediagate.housekeeping.reconcile.cron", "0/2 * * * * ?");
            settings.put("mediagate.reconcile.grace", "5s");
            GatewayProcess killed = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), settings);
            GatewayProcess survivor = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), settings);
            try {
                long end = System.nanoTime() + 60_000_000_000L;
                while (Outcomes.outcomes(data).size() < 60 && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                killed.kill();
                end = System.nanoTime() + 180_000_000_000L;
                while (Outcomes.outcomes(data).size() < inputs.size() && System.nanoTime() < end) {
                    Thread.sleep(200);
                }
                // let a redelivered duplicate, if any, show up before counting
                Thread.sleep(1000);
            } finally {
                killed.kill();
                survivor.stop();
            }
            String logs = "killed gateway:\n" + killed.tail() + "\nsurvivor:\n" + survivor.tail();
            assertTrue(Files.readString(killed.log).contains("Delivered "), "both gateways took part: " + logs);
            assertTrue(Files.readString(survivor.log).contains("Delivered "), "both gateways took part: " + logs);
            Outcomes.assertEachInputEndedOnce(data, inputs,
                sandbox.emulator("opensearch", io.mediagate.sandbox.opensearch.OpenSearchEmulator.class).mediaServedMoreThanOnce(), logs);
            // for the record: what the survivor took over (depends on the moment of the kill)
            Files.readAllLines(survivor.log).stream().filter(l -> l.contains("Reconciliation") || l.contains("possible") || l.contains("already on the broker"))
                    .forEach(System.out::println);
            System.out.println("killed gateway delivered " + Files.readAllLines(killed.log).stream().filter(l -> l.contains("Delivered ")).count()
                    + ", survivor " + Files.readAllLines(survivor.log).stream().filter(l -> l.contains("Delivered ")).count());
        }
    }

    private static void awaitListening(String url, Process broker) throws Exception {
        int port = Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                assertTrue(broker.isAlive() && System.nanoTime() < end, "the broker command did not start listening on " + url);
                Thread.sleep(100);
            }
        }
    }

}
