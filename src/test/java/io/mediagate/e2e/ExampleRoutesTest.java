package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The example user routes of routes/examples/, enabled the way the README says (copied into the routes folder the
 * gateway reads), each doing what its header comment promises with the job events of real jobs.
 */
class ExampleRoutesTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Queue<Posted> posted = new ConcurrentLinkedQueue<>();
    private static HttpServer webhook;
    private static Path routes;
    private static Path copies;
    private static Path authFailures;

    private record Posted(String event, String body) {
    }

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            posted.add(new Posted(exchange.getRequestHeaders().getFirst("MediagateEvent"), new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        routes = Files.createTempDirectory("mediagate-routes");
        copies = Files.createTempDirectory("mediagate-copies");
        authFailures = Files.createTempDirectory("mediagate-auth-failures");
        copyRouteFiles(Path.of("routes"), routes);
        copyRouteFiles(Path.of("routes/examples"), routes);
        return Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml",
                "mediagate.examples.webhook-url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook",
                "mediagate.examples.copy-dir", copies.toString(),
                "mediagate.examples.auth-failures-dir", authFailures.toString(),
                "mediagate.baidu.models.flowers.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/flowers");
    });

    private static void copyRouteFiles(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }

    /**
     * The examples' subscriptions start with the gateway but connect on their own: events sent before they do are
     * not theirs (a topic keeps nothing for subscribers to come). Probe events until each example has acted on one.
     */
    @BeforeAll
    static void examplesSubscribed() throws Exception {
        ProducerTemplate producer = gateway.context().createProducerTemplate();
        Path probeCopy = copies.resolve("probe/copy.json");
        Path probeAuth = authFailures.resolve("probe/auth.error.json");
        await("every example subscribed to mediagate.events", LIMIT, () -> {
            if (!Files.exists(probeCopy)) {
                producer.sendBodyAndHeaders("jms:topic:mediagate.events", "{\"kind\":\"delivered\",\"envelope\":{\"probe\":true}}",
                        Map.of("MediagateEvent", "delivered", "MediagateInput", "probe/copy"));
            }
            if (!Files.exists(probeAuth)) {
                producer.sendBodyAndHeaders("jms:topic:mediagate.events", "{\"kind\":\"failed\",\"error\":{\"probe\":true}}",
                        Map.of("MediagateEvent", "failed", "MediagateErrorKind", "auth", "MediagateInput", "probe/auth"));
            }
            return Files.exists(probeCopy) && Files.exists(probeAuth) && !posted.isEmpty();
        });
    }

    @AfterAll
    static void stopWebhook() {
        webhook.stop(0);
    }

    @Test
    void a_delivered_envelope_is_posted_to_the_webhook_and_copied_to_the_other_folder() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "cat.jpg", TestMedia.image("jpg", 64, 48));
        JsonNode envelope = awaitJson(gateway.outbox("opensearch/object-detect/cat.jpg.json"), LIMIT);
        assertEquals(envelope, awaitJson(copies.resolve("opensearch/object-detect/cat.jpg.json"), LIMIT), "the copy is the envelope");
        await("the envelope posted to the webhook", LIMIT, () -> posted.stream().anyMatch(post -> envelope.equals(Json.readOrNull(post.body()))));
        assertEquals("delivered", posted.stream().filter(post -> envelope.equals(Json.readOrNull(post.body()))).findFirst().orElseThrow().event());
    }

    @Test
    void an_auth_failure_lands_in_the_auth_failures_folder() throws Exception {
        // Baidu's error 6: no permission for this model, an auth failure
        gateway.sandbox().control().setFault(new FaultPlan("baidu", "*", null, null, "6", null, null, null));
        try {
            TestMedia.drop(gateway.inbox("baidu/image-classify/flowers"), "denied.png", TestMedia.image("png", 64, 64));
            JsonNode record = awaitJson(gateway.failed("baidu/image-classify/flowers/denied.png.error.json"), LIMIT);
            assertEquals("auth", record.path("kind").asText(), record.toString());
            assertEquals(record, awaitJson(authFailures.resolve("baidu/image-classify/flowers/denied.png.error.json"), LIMIT));
        } finally {
            gateway.sandbox().control().clearFaults();
        }
    }
}
