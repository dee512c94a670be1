package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor call the HTTP client refuses to send (here a port beyond 65535, which parses as a URL but is no address)
 * throws something that is not an IOException inside the route's doTry, where the routes' onException does not
 * apply. Before, the stage crashed on every delivery and the job ended as {@code internal} after
 * mediagate.broker.max-deliveries; now it ends at once with a record that says the request was never sent.
 */
class UnsentCallTest {

    @TempDir
    Path data;

    @Test
    void a_request_the_http_client_cannot_send_fails_the_job_at_once_as_vendor_not_internal() throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data, Map.of("mediagate.opensearch.api-key", "OS-key",
                "mediagate.opensearch.endpoint", "http://127.0.0.1:99999/opensearch"))) {
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "a.png", TestMedia.image("png", 40, 30));

            JsonNode record = RunningGateway.awaitJson(gateway.failed("opensearch/object-detect/a.png.error.json"), Duration.ofSeconds(60));

            assertEquals("vendor", record.path("kind").asText(), record.toString());
            assertEquals("RequestNotSent", record.path("code").asText(), record.toString());
            assertTrue(record.path("message").asText().contains("http://127.0.0.1:99999/opensearch"), record.toString());
            assertEquals(1, record.path("attempts").asInt(), "one attempt, not a redelivery loop: " + record);
            assertFalse(record.toString().contains("OS-key"));
        }
    }
}
