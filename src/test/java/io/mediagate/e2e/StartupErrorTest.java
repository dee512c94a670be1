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
}
