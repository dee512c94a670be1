package io.mediagate.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.testsupport.LogCapture;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.TestMedia.dropByRename;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * File names a file system accepts but that are awkward for the gateway: names so long (up to 255 bytes, counted in
 * UTF-8) that the gateway's own suffixes do not fit, and names with a line break that could forge log lines.
 */
class HostileFileNamesTest {

    @TempDir
    static Path data;
    /** How long the gateway gets for each outcome (as AttackedGateway gave it). */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    static RunningGateway gateway;
    static LogCapture log;

    @BeforeAll
    static void start() throws Exception {
        log = LogCapture.start("hostile-names-capture");
        // async tasks run long enough for a second file of the same content to join the running job
        gateway = RunningGateway.start(data, Map.of("mediagate.sandbox.task-duration", "2s",
                "mediagate.opensearch.poll.first-delay", "500ms"));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        log.close();
    }

    private static String bytesLong(String stem, String extension, int bytes) {
        StringBuilder name = new StringBuilder(stem);
        while (name.toString().getBytes(StandardCharsets.UTF_8).length + extension.length() < bytes) {
            name.append('n');
        }
        String result = name + extension;
        assertEquals(bytes, result.getBytes(StandardCharsets.UTF_8).length, "test name of " + bytes + " bytes");
        return result;
    }

    /** The envelope (outbox/) or error record (failed/) that names the dropped file as its source. */
    private static Optional<JsonNode> outcomeOf(String operation, String name) {
        for (Path folder : List.of(gateway.outbox(operation), gateway.failed(operation))) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    JsonNode record = file.getFileName().toString().endsWith(".json") ? Json.readOrNull(read(file)) : null;
                    if (record != null && name.equals(record.path("job").path("source").path("name").asText())) {
                        return Optional.of(record);
                    }
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode awaitOutcome(String operation, String name) throws InterruptedException {
        await("an envelope or error record for " + name.getBytes(StandardCharsets.UTF_8).length + "-byte " + name,
                LIMIT, () -> outcomeOf(operation, name).isPresent()
                        && (Files.exists(gateway.done(operation).resolve(name)) || Files.exists(gateway.failed(operation).resolve(name))));
        return outcomeOf(operation, name).orElseThrow();
    }

    /** Files left in the work area (the gateways' lock files aside). */
    private static List<Path> leftInWork() throws IOException {
        try (Stream<Path> walk = Files.walk(data.resolve("work"))) {
            return walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/.instances/")).toList();
        }
    }

    @Test
    void names_of_up_to_255_bytes_each_end_with_an_envelope_or_an_error_record_and_nothing_stays_in_work() throws Exception {
        String ascii = bytesLong("ascii-", ".png", 250);
        String multibyte = bytesLong("图".repeat(83), ".png", 254); // 3 bytes per character
        String broken = bytesLong("broken-", ".png", 250);
        dropByRename(gateway.inbox("opensearch/object-detect"), ascii, TestMedia.image("png", 61, 40));
        dropByRename(gateway.inbox("opensearch/object-detect"), multibyte, TestMedia.image("png", 62, 40));
        dropByRename(gateway.inbox("opensearch/object-detect"), broken, "not an image".getBytes(StandardCharsets.UTF_8));

        assertEquals("succeeded", awaitOutcome("opensearch/object-detect", ascii).path("status").asText());
        assertEquals("succeeded", awaitOutcome("opensearch/object-detect", multibyte).path("status").asText());
        JsonNode failure = awaitOutcome("opensearch/object-detect", broken);
        assertEquals("failed", failure.path("status").asText(), failure.toString());
        assertEquals("input", failure.path("kind").asText(), failure.toString());
        await("nothing left in work/", LIMIT, () -> {
            try {
                return leftInWork().isEmpty();
            } catch (IOException | java.io.UncheckedIOException vanishedWhileWalked) {
                // a job's file went while the walk passed (Files.walk throws for it): look again
                return false;
            }
        });
    }

    @Test
    void the_same_content_under_a_long_and_a_short_name_is_delivered_under_both() throws Exception {
        byte[] same = TestMedia.image("png", 123, 45);
        String longName = bytesLong("long-", ".png", 252);
        dropByRename(gateway.inbox("opensearch/image-analyze"), longName, same);
        dropByRename(gateway.inbox("opensearch/image-analyze"), "short.png", same);

        JsonNode viaLong = awaitOutcome("opensearch/image-analyze", longName);
        JsonNode viaShort = awaitOutcome("opensearch/image-analyze", "short.png");
        assertEquals("succeeded", viaLong.path("status").asText(), viaLong.toString());
        assertEquals("succeeded", viaShort.path("status").asText(), viaShort.toString());
        assertEquals(viaLong.path("result"), viaShort.path("result"));
    }

    @Test
    void a_line_break_in_a_file_name_forges_no_log_line() throws Exception {
        // ESC [2K erases the terminal line a log is read on
        String name = "cat\u001b[2K\nFORGED 00:00:00.000 INFO  Delivery                 Delivered nothing.png";
        dropByRename(gateway.inbox("opensearch/object-detect"), name, TestMedia.image("png", 63, 40));
        awaitOutcome("opensearch/object-detect", name);
        await("the delivery logged", LIMIT, () -> log.text().contains("FORGED"));
        for (String line : log.text().split("\r?\n|\r")) {
            assertFalse(line.startsWith("FORGED"), "a log line forged by a file name: " + line);
        }
        assertTrue(log.text().contains("cat?[2K\\nFORGED"), "the name is logged with its line break escaped");
        assertFalse(log.text().contains("\u001b"), "no terminal escape sequence reaches the log");
    }
}
