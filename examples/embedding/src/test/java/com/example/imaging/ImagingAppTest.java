package com.example.imaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The application as it runs, with every vendor played by mediagate's in-process sandbox. */
class ImagingAppTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path folder;
    private static Main main;

    @BeforeAll
    static void start() throws Exception {
        main = ImagingApp.main();
        main.addOverrideProperty("images.in", folder.resolve("in").toString());
        main.addOverrideProperty("images.out", folder.resolve("out").toString());
        // the sandbox even where credentials are set, and its tasks short
        main.addOverrideProperty("mediagate.sandbox.enabled", "true");
        main.addOverrideProperty("mediagate.sandbox.task-duration", "500ms");
        main.start();
    }

    @AfterAll
    static void stop() {
        main.stop();
    }

    @Test
    void anImageDroppedIntoTheFolderIsClassifiedByTheKamelet() throws Exception {
        Files.createDirectories(folder.resolve("in"));
        Files.write(folder.resolve("in").resolve("tulip.png"), png(64, 48));

        Path written = folder.resolve("out").resolve("tulip.png.json");
        awaitReadable(written);
        JsonNode envelope = JSON.readTree(Files.readString(written));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertEquals("baidu", envelope.path("job").path("vendor").asText());
        assertEquals("image-classify", envelope.path("job").path("operation").asText());
        assertEquals("tulip.png", envelope.path("job").path("source").path("name").asText());
        JsonNode labels = envelope.path("result").path("results");
        assertFalse(labels.isEmpty(), envelope.toString());
        assertTrue(labels.get(0).hasNonNull("name"), envelope.toString());
        assertTrue(labels.get(0).path("score").asDouble() > 0, envelope.toString());
    }

    @Test
    void anAsyncOperationIsPolledToItsResultByTheJavaRoute() throws Exception {
        Exchange answer = main.getCamelContext().createProducerTemplate().request("direct:analyze-image", exchange -> {
            exchange.getMessage().setBody(png(40, 30));
            exchange.getMessage().setHeader(Exchange.FILE_NAME, "receipt.png");
        });

        assertNull(answer.getException());
        JsonNode envelope = JSON.readTree(answer.getMessage().getBody(String.class));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertEquals("image-analyze", envelope.path("job").path("operation").asText());
        assertEquals("receipt.png", envelope.path("job").path("source").path("name").asText());
        assertEquals("SUCCESS", envelope.path("result").path("status").asText(), envelope.toString());
        assertFalse(envelope.path("result").path("data").path("content").asText().isBlank(), envelope.toString());
        assertEquals("succeeded", answer.getMessage().getHeader("CamelMediagateStatus"));
        assertFalse(answer.getMessage().getHeader("CamelMediagateTaskId", "", String.class).isBlank());
        // one submit and at least one status call
        assertTrue(answer.getMessage().getHeader("CamelMediagateVendorCalls", Integer.class) >= 2);
        assertTrue(envelope.path("job").path("polls").asInt() >= 1, envelope.toString());
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.getGraphics().setColor(Color.ORANGE);
        image.getGraphics().fillRect(0, 0, width / 2, height / 2);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    /** The file route writes its envelope in one go; wait until it is there and whole. */
    private static void awaitReadable(Path json) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (Files.exists(json)) {
                try {
                    JSON.readTree(Files.readString(json));
                    return;
                } catch (IOException notYetWhole) {
                    // the file component is still writing it
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + json + " after 30 s");
    }
}
