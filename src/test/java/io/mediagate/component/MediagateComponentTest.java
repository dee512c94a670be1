package io.mediagate.component;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code mediagate:} component from the Java DSL of a plain Camel application, against the in-process sandbox:
 * a sync operation answers with the vendor's result in the gateway's envelope, an async one is polled to its end, a
 * job the vendor cannot take fails with a typed exception.
 */
class MediagateComponentTest {

    private static CamelContext context;
    private static Path artifacts;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        artifacts = Files.createTempDirectory("mediagate-artifacts-");
        context = EmbeddingApp.context(EmbeddingApp.sandboxed());
        context.addRoutes(new AnalyzeImagesRoutes());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:credentials-rejected").to("log:rejected");
                from("direct:detect").to("mediagate:opensearch/object-detect");
                from("direct:cover").to("mediagate:ice/cover?pollFirstDelay=100ms&pollMaxInterval=500ms");
                from("direct:cover-files").to("mediagate:ice/cover?pollFirstDelay=100ms&pollMaxInterval=500ms"
                        + "&artifactsDir=" + artifacts);
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        context.stop();
    }

    @Test
    void aSyncOperationAnswersWithTheVendorsResultInTheGatewaysEnvelope() {
        Exchange answer = detectPng(MediagateConstants.FILE_NAME, "cat.png");

        assertEquals(null, answer.getException());
        JsonNode envelope = Json.read(answer.getMessage().getBody(String.class), JsonNode.class);
        assertEquals("succeeded", envelope.path("status").asText());
        assertEquals("opensearch", envelope.path("job").path("vendor").asText());
        assertEquals("object-detect", envelope.path("job").path("operation").asText());
        assertEquals("cat.png", envelope.path("job").path("source").path("name").asText());
        assertEquals("sandbox", envelope.path("vendor").path("service").asText());
        assertTrue(envelope.path("result").isObject(), envelope.toString());
        assertEquals("succeeded", answer.getMessage().getHeader(MediagateConstants.STATUS));
        assertEquals(1, answer.getMessage().getHeader(MediagateConstants.VENDOR_CALLS, Integer.class));
        assertEquals(1, answer.getMessage().getHeader(MediagateConstants.REQUEST_IDS, List.class).size());
    }

    @Test
    void camelsFileNameHeaderNamesMediaSentAsBytes() {
        Exchange answer = detectPng(Exchange.FILE_NAME, "scans/cat.png");

        assertEquals(null, answer.getException());
        JsonNode envelope = Json.read(answer.getMessage().getBody(String.class), JsonNode.class);
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertEquals("cat.png", envelope.path("job").path("source").path("name").asText());
    }

    @Test
    void aJobRequestNamesRemoteMediaAndParams() {
        String request = "{\"url\": \"https://example.com/photos/dog.jpg\", \"params\": {\"parameters\": {\"max_results\": 3}}}";

        JsonNode envelope = Json.read(template.requestBody("direct:detect", request, String.class), JsonNode.class);

        assertEquals("succeeded", envelope.path("status").asText());
        assertEquals("https://example.com/photos/dog.jpg", envelope.path("job").path("source").path("url").asText());
        assertEquals(3, envelope.path("job").path("params").path("parameters").path("max_results").asInt());
    }

    @Test
    void nestedParamsInTheParamsHeaderOfAYamlRouteNeedNoSpacedBraces() throws Exception {
        String yaml = """
                - route:
                    from:
                      uri: direct:detect-top-three
                      steps:
                        - setHeader:
                            name: CamelMediagateParams
                            constant: '{"parameters": {"max_results": 3}}'
                        - to: mediagate:opensearch/object-detect
                """;
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.fromString("top-three.camel.yaml", yaml));

        String request = "{\"url\": \"https://example.com/photos/dog.jpg\"}";
        JsonNode envelope = Json.read(template.requestBody("direct:detect-top-three", request, String.class), JsonNode.class);

        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertEquals(3, envelope.path("job").path("params").path("parameters").path("max_results").asInt());
    }

    @Test
    void anAsyncOperationIsPolledUntilItsTaskEnds() {
        Exchange answer = template.request("direct:analyze-image", exchange -> {
            exchange.getMessage().setBody(TestMedia.image("png", 80, 60));
            exchange.getMessage().setHeader(Exchange.FILE_NAME_ONLY, "receipt.png");
        });

        assertEquals(null, answer.getException());
        JsonNode envelope = Json.read(answer.getMessage().getBody(String.class), JsonNode.class);
        assertEquals("succeeded", envelope.path("status").asText());
        String taskId = answer.getMessage().getHeader(MediagateConstants.TASK_ID, String.class);
        assertNotNull(taskId);
        assertEquals(taskId, envelope.path("vendor").path("taskId").asText());
        assertTrue(envelope.path("job").path("polls").asInt() >= 1, envelope.toString());
        // the submit and every status call
        assertEquals(1 + envelope.path("job").path("polls").asInt(),
                answer.getMessage().getHeader(MediagateConstants.VENDOR_CALLS, Integer.class));
    }

    @Test
    void mediaTheOperationDoesNotTakeFailsWithAnInputErrorRecord() {
        Exchange answer = template.request("direct:detect", exchange -> {
            exchange.getMessage().setBody("not an image".getBytes());
            exchange.getMessage().setHeader(MediagateConstants.FILE_NAME, "notes.txt");
        });

        MediagateVendorException failure = assertInstanceOf(MediagateVendorException.class, answer.getException());
        assertEquals("input", failure.getKind());
        JsonNode record = Json.read(failure.getErrorRecord(), JsonNode.class);
        assertEquals("failed", record.path("status").asText());
        assertEquals("input", record.path("kind").asText());
        assertEquals(0, record.path("attempts").asInt());
    }

    @Test
    void localMediaForAVendorThatReadsOnlyOssIsStagedThereAndRemovedWhenTheJobEnds() {
        Exchange answer = template.request("direct:cover", exchange -> {
            exchange.getMessage().setBody(TestMedia.mp4(0, 1000, 12_000));
            exchange.getMessage().setHeader(MediagateConstants.FILE_NAME, "launch.mp4");
        });

        assertEquals(null, answer.getException());
        JsonNode envelope = Json.read(answer.getMessage().getBody(String.class), JsonNode.class);
        assertEquals("Success", envelope.path("result").path("Status").asText(), envelope.toString());
        assertEquals("launch.mp4", envelope.path("job").path("source").path("name").asText());
        String jobId = envelope.path("job").path("id").asText();
        OssBuckets oss = context.getComponent("mediagate", MediagateComponent.class).services().sandbox()
                .emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
        assertEquals(List.of(), oss.keys(Sandbox.OSS_BUCKET, "mediagate/staging/" + jobId), "the staged copy is removed");
    }

    @Test
    void outputFilesAreDownloadedIntoTheArtifactsFolderAndListedInTheEnvelopeAndAHeader() throws Exception {
        Exchange answer = template.request("direct:cover-files", exchange -> {
            exchange.getMessage().setBody(TestMedia.mp4(0, 1000, 12_000));
            exchange.getMessage().setHeader(MediagateConstants.FILE_NAME, "launch.mp4");
        });

        assertEquals(null, answer.getException());
        JsonNode envelope = Json.read(answer.getMessage().getBody(String.class), JsonNode.class);
        JsonNode artifact = envelope.path("artifacts").path(0);
        assertEquals("cover-00001.jpg", artifact.path("file").asText(), envelope.toString());
        List<?> files = answer.getMessage().getHeader(MediagateConstants.ARTIFACTS, List.class);
        assertEquals(1, files.size());
        Path cover = Path.of(files.get(0).toString());
        assertTrue(cover.startsWith(artifacts), cover.toString());
        assertEquals(artifact.path("bytes").asLong(), Files.size(cover));
        assertNotNull(ImageIO.read(cover.toFile()), "the cover is a real JPEG");
        String jobId = envelope.path("job").path("id").asText();
        OssBuckets oss = context.getComponent("mediagate", MediagateComponent.class).services().sandbox()
                .emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
        assertEquals(List.of(), oss.keys(Sandbox.OSS_BUCKET, "mediagate/outputs/" + jobId), "the downloaded output is removed");
    }

    @Test
    void theComponentIsFoundByItsSchemeWithoutRegistration() {
        assertInstanceOf(MediagateComponent.class, context.getComponent("mediagate"));
    }

    /** A png sent as bytes to object detection, named by the given header. */
    private static Exchange detectPng(String nameHeader, String name) {
        return template.request("direct:detect", exchange -> {
            exchange.getMessage().setBody(TestMedia.image("png", 64, 48));
            exchange.getMessage().setHeader(nameHeader, name);
        });
    }
}
