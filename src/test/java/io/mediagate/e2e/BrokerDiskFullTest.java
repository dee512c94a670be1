package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.json.Json;
import io.mediagate.status.StatusCommand;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The embedded broker's disk full: played by a limit ({@code mediagate.broker.max-disk-usage}) below what the disk
 * really uses, so Artemis' own disk monitor finds it full. The gateway says so (health DOWN, {@code status}), loses
 * nothing, and goes on by itself once there is room (the limit raised while it runs, as freeing space would).
 */
class BrokerDiskFullTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void a_full_broker_disk_is_reported_holds_the_new_file_and_lets_it_through_once_there_is_room() throws Exception {
        FileStore disk = Files.getFileStore(data);
        double usedPercent = 100.0 * (disk.getTotalSpace() - disk.getUsableSpace()) / disk.getTotalSpace();
        int limit = (int) Math.floor(usedPercent) - 1;
        assumeTrue(limit >= 1, "the test disk is almost empty (" + usedPercent + " % used): no limit below its use");

        try (RunningGateway gateway = RunningGateway.start(data, Map.of(
                "mediagate.broker.max-disk-usage", String.valueOf(limit),
                "mediagate.broker.disk-check-interval", "200ms"))) {
            await("health DOWN for the broker's disk", LIMIT, () -> health(gateway).body().contains("broker-disk"));
            HttpResponse<String> health = health(gateway);
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("mediagate.broker.max-disk-usage"), "names the setting: " + health.body());
            String status = statusText(gateway);
            assertTrue(status.contains("broker-disk") && status.contains("jobs wait between stages"), status);

            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "cat.jpg", TestMedia.image("jpg", 64, 48));

            // space returns (here: the limit goes back above the disk's use)
            gateway.context().getRegistry().lookupByNameAndType("embeddedBroker", EmbeddedBroker.class).maxDiskUsagePercent(100);

            JsonNode envelope = awaitJson(gateway.outbox("opensearch/object-detect/cat.jpg.json"), LIMIT);
            assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
            assertEquals(1, envelope.path("job").path("vendorCalls").asInt(), envelope.toString());
            await("health UP again", LIMIT, () -> health(gateway).statusCode() == 200);
            assertTrue(statusText(gateway).contains("/observe/health: UP"), statusText(gateway));
        }
    }

    private static HttpResponse<String> health(RunningGateway gateway) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.managementPort() + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String statusText(RunningGateway gateway) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StatusCommand.run(List.of(), Settings.of(Map.of("mediagate.data-dir", gateway.data().toString(),
                "camel.management.enabled", "true", "camel.management.port", String.valueOf(gateway.managementPort()))),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
