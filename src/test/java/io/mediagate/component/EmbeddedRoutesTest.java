package io.mediagate.component;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.testsupport.LiveSandbox;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's user routes, run as written: the YAML route on the sandbox, the Java routes' handling of a rejected key. */
class EmbeddedRoutesTest {

    /** The README's YAML example (it quotes this file). */
    static final String YAML_ROUTE = "embedding/detect-objects.camel.yaml";

    @TempDir
    Path folder;
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void theYamlRouteSendsDroppedImagesToTheVendorAndWritesTheirEnvelopes() throws Exception {
        Path in = folder.resolve("in");
        Path out = folder.resolve("out");
        Map<String, String> properties = EmbeddingApp.sandboxed();
        properties.put("images.in", in.toString());
        properties.put("images.out", out.toString());
        context = EmbeddingApp.context(properties);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("classpath:" + YAML_ROUTE));
        context.start();

        Files.createDirectories(in);
        TestMedia.writeImage(in, "cat.png", "png", 64, 48);

        Path envelopeFile = out.resolve("cat.png.json");
        RunningGateway.await("cat.png's envelope in out/", Duration.ofSeconds(30), () -> readable(envelopeFile));
        JsonNode envelope = Json.read(Files.readString(envelopeFile), JsonNode.class);
        assertEquals("succeeded", envelope.path("status").asText());
        assertEquals("object-detect", envelope.path("job").path("operation").asText());
        assertEquals("cat.png", envelope.path("job").path("source").path("name").asText());
        assertTrue(envelope.path("result").isObject(), envelope.toString());
    }

    @Test
    void aRejectedKeyIsRoutedByItsKindAsTheJavaRoutesSay() throws Exception {
        List<Exchange> rejected = new CopyOnWriteArrayList<>();
        try (LiveSandbox sandbox = new LiveSandbox()) {
            context = EmbeddingApp.context(Map.of("mediagate.sandbox.enabled", "false",
                    "mediagate.opensearch.endpoint", sandbox.server().baseUrl("opensearch"),
                    "mediagate.opensearch.api-key", "not-" + LiveSandbox.OPENSEARCH_KEY));
            context.addRoutes(new AnalyzeImagesRoutes());
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:credentials-rejected").process(rejected::add);
                }
            });
            context.start();

            Exchange answer = context.createProducerTemplate().request("direct:analyze-image", exchange -> {
                exchange.getMessage().setBody(TestMedia.image("png", 40, 30));
                exchange.getMessage().setHeader(MediagateConstants.FILE_NAME, "receipt.png");
            });

            assertNull(answer.getException(), "handled by the routes' onException");
            assertEquals(1, rejected.size());
            JsonNode record = Json.read(rejected.get(0).getMessage().getBody(String.class), JsonNode.class);
            assertEquals("auth", record.path("kind").asText());
            assertEquals("failed", record.path("status").asText());
            assertEquals(401, record.path("httpStatus").asInt(), record.toString());
            assertEquals("receipt.png", record.path("job").path("source").path("name").asText());
        }
    }

    private static boolean readable(Path json) {
        try {
            return Files.exists(json) && Json.readOrNull(Files.readString(json)) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
