package io.mediagate.e2e;

import io.mediagate.Application;
import io.mediagate.BackgroundMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A gateway that cannot start says why, instead of waiting out the start-up limit without a reason. */
class StartupErrorTest {

    @TempDir
    Path data;

    @Test
    void a_missing_vendor_setting_is_reported_immediately_with_its_name() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> BackgroundMain.start(Application.newMain(Map.of(
                "mediagate.data-dir", data.toString(),
                "mediagate.sandbox.enabled", "false",
                "mediagate.opensearch.api-key", "",
                "mediagate.broker.listen", "",
                "camel.main.routes-reload-enabled", "false",
                "camel.management.port", String.valueOf(io.mediagate.testsupport.Ports.free()),
                "camel.server.port", String.valueOf(io.mediagate.testsupport.Ports.free()))), Duration.ofSeconds(120)));
        // before, the caller waited out the start-up limit and heard only "did not start within 120 s"
        assertTrue(error.getMessage().contains("OPENSEARCH_API_KEY"), error.getMessage());
    }

    @TempDir
    Path secondData;

    @Test
    void a_failed_start_leaves_no_broker_behind_to_hijack_the_next_gateway() throws Exception {
        assertThrows(IllegalStateException.class, () -> BackgroundMain.start(Application.newMain(Map.of(
                "mediagate.data-dir", data.toString(),
                "mediagate.sandbox.enabled", "false",
                "mediagate.opensearch.api-key", "",
                "mediagate.broker.listen", "",
                "camel.management.port", String.valueOf(io.mediagate.testsupport.Ports.free()),
                "camel.server.port", String.valueOf(io.mediagate.testsupport.Ports.free()))), Duration.ofSeconds(120)));
        // a leaked broker would keep the in-VM acceptor: the next gateway's broker could not take it, its
        // connections would go to the orphan, and die with it once its journal folder is deleted
        assertTrue(org.apache.activemq.artemis.core.remoting.impl.invm.InVMRegistry.instance.getAcceptor(0) == null,
                "the failed start's embedded broker was stopped");
        try (RunningGateway next = RunningGateway.start(secondData, Map.of())) {
            io.mediagate.testsupport.TestMedia.drop(next.inbox("opensearch/object-detect"), "cat.png",
                    io.mediagate.testsupport.TestMedia.image("png", 40, 30));
            RunningGateway.await("cat.png.json", Duration.ofSeconds(30),
                    () -> java.nio.file.Files.exists(next.outbox("opensearch/object-detect/cat.png.json")));
        }
    }
}
