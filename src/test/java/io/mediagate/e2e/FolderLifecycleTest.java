package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through the folders: files dropped into data/inbox/opensearch/<operation>/ come back as
 * envelopes in outbox/ (originals in done/) or as error records in failed/, against the in-process sandbox.
 * <p>
 * The tests run side by side: each keeps to its own folders and changes nothing the others see. Tests that set
 * sandbox faults or count the sandbox's calls are in {@link FolderFaultsTest}, one at a time.
 */
@Execution(ExecutionMode.CONCURRENT)
class FolderLifecycleTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** Quick polls and retries; the gateway of {@link FolderFaultsTest} runs with the same settings. */
    static final Map<String, String> SETTINGS = Map.of(
            "mediagate.ingest.min-age", "1s",
            "mediagate.sandbox.task-duration", "600ms",
            "mediagate.opensearch.poll.first-delay", "200ms",
            "mediagate.opensearch.poll.max-interval", "500ms",
            "mediagate.opensearch.video-summarize.poll.first-delay", "200ms",
            "mediagate.opensearch.audio-asr.poll.deadline", "2s",
            "mediagate.retry.initial-delay", "100ms");

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> SETTINGS);

    @Test
    void sync_detection_returns_objects_inside_the_real_image_and_moves_the_original_to_done() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "cat.jpg", TestMedia.image("jpg", 320, 240));

        Path envelope = gateway.outbox("opensearch/object-detect/cat.jpg.json");
        await("cat.jpg.json in outbox", LIMIT, () -> Files.exists(envelope));
        JsonNode out = JSON.readTree(envelope.toFile());

        assertEquals("succeeded", out.path("status").asText());
        assertEquals(320, out.path("job").path("source").path("media").path("width").asInt());
        assertEquals(240, out.path("job").path("source").path("media").path("height").asInt());
        JsonNode objects = out.path("result").path("objects");
        assertTrue(objects.size() > 0, "detections expected: " + out);
        for (JsonNode object : objects) {
            JsonNode box = object.path("location");
            assertTrue(box.path("X").asInt() + box.path("width").asInt() <= 320, "box outside the image: " + box);
            assertTrue(box.path("Y").asInt() + box.path("height").asInt() <= 240, "box outside the image: " + box);
        }
        assertEquals(1, out.path("job").path("vendorCalls").asInt());
        assertEquals("sandbox", out.path("vendor").path("service").asText());
        RunningGateway.awaitFile(gateway.done("opensearch/object-detect/cat.jpg"));
        assertFalse(Files.exists(gateway.inbox("opensearch/object-detect").resolve("cat.jpg")));
        assertWorkAreaEmpty();
    }

    @Test
    void the_same_name_dropped_again_later_is_a_new_job_whose_results_never_replace_the_first() throws Exception {
        Path folder = gateway.inbox("opensearch/object-detect/again");
        String out = "opensearch/object-detect/again/";
        byte[] original = TestMedia.image("jpg", 100, 80);
        TestMedia.drop(folder, "cat.jpg", original);
        RunningGateway.awaitFile(gateway.done(out + "cat.jpg"));
        byte[] firstEnvelope = Files.readAllBytes(gateway.outbox(out + "cat.jpg.json"));
        String firstId = JSON.readTree(firstEnvelope).path("job").path("id").asText();

        // another cat.jpg, other content: its files take the name with the first 8 characters of its job id
        TestMedia.drop(folder, "cat.jpg", TestMedia.image("jpg", 120, 90));
        Path[] second = new Path[1];
        await("the second cat.jpg's envelope", LIMIT, () -> {
            try (var envelopes = Files.list(gateway.outbox("opensearch/object-detect/again"))) {
                second[0] = envelopes.filter(f -> f.getFileName().toString().matches("cat\\.[0-9a-f]{8}\\.jpg\\.json"))
                        .findFirst().orElse(null);
                return second[0] != null;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        JsonNode other = JSON.readTree(second[0].toFile());
        String id8 = other.path("job").path("id").asText().substring(0, 8);
        assertEquals("cat." + id8 + ".jpg.json", second[0].getFileName().toString(), other.toString());
        assertEquals(120, other.path("job").path("source").path("media").path("width").asInt(), "its own image: " + other);
        assertEquals("cat.jpg", other.path("job").path("source").path("name").asText(), "the name it was dropped as");
        assertEquals(out + "cat." + id8 + ".jpg", other.path("job").path("source").path("path").asText());
        RunningGateway.awaitFile(gateway.done(out + "cat." + id8 + ".jpg"));

        // the first content again after its job ended: it runs again, under the first job's id
        TestMedia.drop(folder, "cat.jpg", original);
        JsonNode again = RunningGateway.awaitJson(gateway.outbox(out + "cat." + firstId.substring(0, 8) + ".jpg.json"), LIMIT);
        assertEquals("succeeded", again.path("status").asText(), again.toString());
        assertEquals(1, again.path("job").path("vendorCalls").asInt(), "a new job, sent again: " + again);
        RunningGateway.awaitFile(gateway.done(out + "cat." + firstId.substring(0, 8) + ".jpg"));

        assertTrue(java.util.Arrays.equals(firstEnvelope, Files.readAllBytes(gateway.outbox(out + "cat.jpg.json"))),
                "the first envelope is never replaced");
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(gateway.done(out + "cat.jpg"))));
    }

    @Test
    void subfolders_of_an_operation_folder_are_kept_in_the_output_paths() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/face-detect/team/2026"), "portrait.png", TestMedia.image("png", 200, 300));

        Path envelope = gateway.outbox("opensearch/face-detect/team/2026/portrait.png.json");
        await("nested envelope", LIMIT, () -> Files.exists(envelope));
        assertEquals("succeeded", JSON.readTree(envelope.toFile()).path("status").asText());
        RunningGateway.awaitFile(gateway.done("opensearch/face-detect/team/2026/portrait.png"));
    }

    @Test
    void async_image_analysis_is_polled_until_success_and_the_result_describes_the_real_image() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "photo.png", TestMedia.image("png", 640, 480));

        Path envelope = gateway.outbox("opensearch/image-analyze/photo.png.json");
        await("image-analyze envelope", LIMIT, () -> Files.exists(envelope));
        JsonNode out = JSON.readTree(envelope.toFile());

        assertEquals("succeeded", out.path("status").asText());
        assertEquals("SUCCESS", out.path("result").path("status").asText());
        assertTrue(out.path("result").path("data").path("content").asText().contains("640x480"), out.toString());
        assertFalse(out.path("vendor").path("taskId").asText().isEmpty());
        assertTrue(out.path("job").path("polls").asInt() >= 1);
        assertEquals(1 + out.path("job").path("polls").asInt(), out.path("job").path("vendorCalls").asInt());
    }

    @Test
    void an_oss_job_file_for_the_image_operations_is_read_through_a_presigned_url_from_the_real_object() throws Exception {
        OssBuckets buckets = gateway.sandbox().emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
        buckets.put(Sandbox.OSS_BUCKET, "photos/big.jpg", TestMedia.image("jpg", 360, 200), "image/jpeg");
        String job = "{\"oss\": \"oss://" + Sandbox.OSS_BUCKET + "/photos/big.jpg\"}";
        TestMedia.drop(gateway.inbox("opensearch/image-analyze/oss"), "big.job.json", job.getBytes());
        TestMedia.drop(gateway.inbox("opensearch/object-detect/oss"), "big.job.json", job.getBytes());

        Path analysis = gateway.outbox("opensearch/image-analyze/oss/big.json");
        await("image-analyze envelope", LIMIT, () -> Files.exists(analysis));
        String analysisText = Files.readString(analysis);
        assertTrue(JSON.readTree(analysisText).path("result").path("data").path("content").asText().contains("360x200"), analysisText);
        assertFalse(analysisText.contains("x-oss-signature"), "no presigned URL in the envelope: " + analysisText);

        Path detection = gateway.outbox("opensearch/object-detect/oss/big.json");
        await("object-detect envelope", LIMIT, () -> Files.exists(detection));
        for (JsonNode object : JSON.readTree(detection.toFile()).path("result").path("objects")) {
            assertTrue(object.path("location").path("X").asInt() + object.path("location").path("width").asInt() <= 360, object.toString());
        }
        assertTrue(buckets.get(Sandbox.OSS_BUCKET, "photos/big.jpg").isPresent(), "the user's object stays");
    }

    @Test
    void a_job_file_passes_remote_media_and_its_params_override_the_folder_defaults() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/video-summarize"), "launch.job.json", """
                {"url": "https://media.example.com/launch.mp4",
                 "params": {"parameters": {"generate_tags": true}, "output": {"oss": "oss://mediagate-sandbox/summaries"}}}
                """.getBytes());

        Path envelope = gateway.outbox("opensearch/video-summarize/launch.json");
        await("launch.json", LIMIT, () -> Files.exists(envelope));
        JsonNode out = JSON.readTree(envelope.toFile());
        assertEquals("succeeded", out.path("status").asText(), out.toString());
        assertEquals("https://media.example.com/launch.mp4", out.path("job").path("source").path("url").asText());
        assertTrue(out.path("result").path("data").path("video_metadata").path("tags").size() > 0,
                "generate_tags from the job file must reach the vendor: " + out);
        RunningGateway.awaitFile(gateway.done("opensearch/video-summarize/launch.job.json"));
    }

    @Test
    void folder_default_params_apply_and_video_results_follow_the_real_duration() throws Exception {
        // config/application.properties sets video-snapshot output.type=base64 and interval=1 for this folder
        TestMedia.drop(gateway.inbox("opensearch/video-snapshot"), "clip.mp4", TestMedia.mp4(0, 1000, 4000));

        Path envelope = gateway.outbox("opensearch/video-snapshot/clip.mp4.json");
        await("clip.mp4.json", LIMIT, () -> Files.exists(envelope));
        JsonNode out = JSON.readTree(envelope.toFile());
        assertEquals("succeeded", out.path("status").asText(), out.toString());
        assertEquals(4.0, out.path("job").path("source").path("media").path("durationSeconds").asDouble());
        assertEquals(4, out.path("result").path("data").size(), "one frame per second of a 4 s video: " + out);
        assertEquals("base64", out.path("job").path("params").path("output").path("type").asText());
    }

    // --- bad input: each ends in failed/ with a clear record, and the gateway keeps going --------------

    @Test
    void a_corrupt_image_is_rejected() throws Exception {
        byte[] jpeg = TestMedia.image("jpg", 300, 300);
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 3);
        TestMedia.drop(gateway.inbox("opensearch/object-detect/bad"), "truncated.jpg", truncated);
        TestMedia.drop(gateway.inbox("opensearch/object-detect/bad"), "notanimage.png", "hello".getBytes());

        JsonNode truncatedRecord = awaitError("opensearch/object-detect/bad/truncated.jpg");
        assertEquals("input", truncatedRecord.path("kind").asText());
        assertTrue(truncatedRecord.path("message").asText().contains("truncated.jpg"));
        JsonNode textRecord = awaitError("opensearch/object-detect/bad/notanimage.png");
        assertEquals("input", textRecord.path("kind").asText());
        assertTrue(textRecord.path("message").asText().contains("not a readable image"), textRecord.toString());
    }

    @Test
    void a_file_type_the_operation_does_not_take_is_rejected_with_the_accepted_types() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/object-detect/bad"), "notes.txt", "some notes".getBytes());

        JsonNode record = awaitError("opensearch/object-detect/bad/notes.txt");
        assertEquals("input", record.path("kind").asText());
        assertTrue(record.path("message").asText().contains(".txt"), record.toString());
        assertTrue(record.path("message").asText().contains("jpg"), record.toString());
    }

    @Test
    void a_file_too_large_to_send_inline_is_rejected_with_the_8_mb_limit() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/video-snapshot/bad"), "long.mp4", TestMedia.padded(TestMedia.mp4(0, 1000, 60_000), 7 * 1024 * 1024));

        JsonNode record = awaitError("opensearch/video-snapshot/bad/long.mp4");
        assertEquals("input", record.path("kind").asText());
        assertTrue(record.path("message").asText().contains("8 MB"), record.toString());
        assertTrue(record.path("message").asText().contains("long.mp4"), record.toString());
    }

    @Test
    void a_malformed_job_file_is_rejected_with_the_parse_position() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/video-summarize/bad"), "broken.job.json", "{\"url\": \"https://x/y.mp4\",".getBytes());

        JsonNode record = awaitError("opensearch/video-summarize/bad/broken.job.json");
        assertEquals("input", record.path("kind").asText());
        assertTrue(record.path("message").asText().contains("not valid JSON"), record.toString());
        assertTrue(record.path("message").asText().contains("line"), record.toString());
    }

    @Test
    void files_outside_an_operation_folder_are_rejected_with_where_to_put_them() throws Exception {
        TestMedia.drop(gateway.data().resolve("inbox"), "stray.jpg", TestMedia.image("jpg", 10, 10));
        TestMedia.drop(gateway.inbox("opensearch/no-such-op"), "x.jpg", TestMedia.image("jpg", 10, 10));

        JsonNode stray = awaitError("stray.jpg");
        assertTrue(stray.path("message").asText().contains("inbox/<vendor>/<operation>/"), stray.toString());
        JsonNode unknown = awaitError("opensearch/no-such-op/x.jpg");
        assertTrue(unknown.path("message").asText().contains("object-detect"), unknown.toString());
    }

    @Test
    void a_file_still_being_written_is_not_taken_half_read() throws Exception {
        byte[] jpeg = TestMedia.image("jpg", 400, 300);
        Path folder = gateway.inbox("opensearch/object-detect/slow");
        Files.createDirectories(folder);
        try (OutputStream out = Files.newOutputStream(folder.resolve("slow.jpg"))) {
            int chunk = jpeg.length / 5 + 1;
            for (int offset = 0; offset < jpeg.length; offset += chunk) {
                out.write(jpeg, offset, Math.min(chunk, jpeg.length - offset));
                out.flush();
                Thread.sleep(300);
            }
        }

        Path envelope = gateway.outbox("opensearch/object-detect/slow/slow.jpg.json");
        await("slow.jpg.json", LIMIT, () -> Files.exists(envelope) || Files.exists(gateway.failed("opensearch/object-detect/slow/slow.jpg.error.json")));
        assertTrue(Files.exists(envelope), "a slowly written file must not be read before it is complete");
        JsonNode out = JSON.readTree(envelope.toFile());
        assertEquals(jpeg.length, out.path("job").path("source").path("bytes").asInt());
        assertEquals(400, out.path("job").path("source").path("media").path("width").asInt());
    }

    private static JsonNode awaitError(String inputPath) throws Exception {
        return awaitError(gateway, inputPath);
    }

    /** The error record of a file in failed/, once it and the original are there. */
    static JsonNode awaitError(RunningGateway gateway, String inputPath) throws Exception {
        Path error = gateway.failed(inputPath + ".error.json");
        await(inputPath + ".error.json", LIMIT, () -> Files.exists(error));
        RunningGateway.awaitFile(gateway.failed(inputPath), "the original must be kept in failed/");
        JsonNode record = JSON.readTree(error.toFile());
        assertEquals(inputPath, record.path("file").asText());
        return record;
    }

    private static void assertWorkAreaEmpty() throws IOException {
        // other tests may have jobs in flight; this file's own job must not be left behind. Their folders come and go
        // while the walk runs (Files.walk fails on an entry that vanished): a vanished entry is simply not there
        List<Path> named = new ArrayList<>();
        Files.walkFileTree(gateway.data().resolve("work"), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return visitFile(dir, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                // the input's own path: the test beside it drops opensearch/object-detect/again/cat.jpg at the same time
                if (file.endsWith(Path.of("opensearch", "object-detect", "cat.jpg"))) {
                    named.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                return vanished(failure);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                return failure == null ? FileVisitResult.CONTINUE : vanished(failure);
            }

            private FileVisitResult vanished(IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw failure;
            }
        });
        assertTrue(named.isEmpty(), "left in the work area: " + named);
    }
}
