package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.sandbox.pai.PaiEmulator;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PAI multimedia analysis through the folders: dropped files staged in the sandbox's OSS and handed to PAI as
 * presigned URLs the emulator really downloads, AppId/token-signed calls, sync image answers, async video jobs,
 * base64 images written as files beside the envelope.
 */
class PaiFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
                "mediagate.sandbox.task-duration", "2s",
                "mediagate.pai.poll.first-delay", "500ms",
                "mediagate.pai.poll.max-interval", "1s",
                // single videos here: a short gathering window (PaiBatchingFolderTest tests the batches)
                "mediagate.pai.batch.window", "1s",
                "mediagate.pai.image-tags.params.configure.tag_top_k", "3",
                "mediagate.pai.image-tags.params.configure.output_embedding", "true"));

    @Test
    void image_quality_is_computed_from_the_very_image_dropped() throws Exception {
        TestMedia.drop(gateway.inbox("pai/image-qa"), "photo.png", TestMedia.image("png", 300, 200));
        JsonNode json = awaitJson(gateway.outbox("pai/image-qa/photo.png.json"), LIMIT);
        assertEquals(300, json.path("result").path("image_width").asInt(), "PAI downloaded the dropped file: " + json);
        assertEquals(200, json.path("result").path("image_height").asInt(), json.toString());
        assertTrue(json.path("result").path("iqa_result").isNumber(), json.toString());
        // without an OSS bucket PAI fetches the file from the gateway's own signed link, not from OSS
        assertEquals(0, gateway.sandbox().control().calls(OssEmulator.VENDOR, "PutObject"));
    }

    @Test
    void every_other_operation_runs_from_a_dropped_file() throws Exception {
        String[] images = {"face-attributes", "age", "ai-painting-tags", "watermark-remove"};
        for (String op : images) {
            TestMedia.drop(gateway.inbox("pai/" + op + "/all"), "in.jpg", TestMedia.image("jpg", 240, 240));
        }
        TestMedia.drop(gateway.inbox("pai/video-qa/all"), "in.mp4", TestMedia.mp4(0, 1000, 4000));
        for (String op : images) {
            JsonNode json = awaitJson(gateway.outbox("pai/" + op + "/all/in.jpg.json"), LIMIT);
            assertEquals("succeeded", json.path("status").asText(), json.toString());
        }
        assertTrue(awaitJson(gateway.outbox("pai/age/all/in.jpg.json"), LIMIT).path("result").has("age_range"));
        assertTrue(awaitJson(gateway.outbox("pai/face-attributes/all/in.jpg.json"), LIMIT).path("result").path("attr").isArray());
        assertTrue(awaitJson(gateway.outbox("pai/ai-painting-tags/all/in.jpg.json"), LIMIT).path("result").has("caption"));
        assertNotNull(ImageIO.read(gateway.outbox("pai/watermark-remove/all/in.jpg.cleaned.jpg").toFile()), "the cleaned image");
        JsonNode video = awaitJson(gateway.outbox("pai/video-qa/all/in.mp4.json"), LIMIT);
        JsonNode quality = video.path("result").path("Result");
        // PAI's documented fields, read from the dropped file's own headers (TestMedia.mp4: 320 × 240 at 25 fps)
        assertEquals(4.0, quality.path("duration").asDouble(), video.toString());
        assertEquals(320, quality.path("width").asInt(), video.toString());
        assertEquals(240, quality.path("height").asInt(), video.toString());
        assertEquals(25, quality.path("avg_fps").asInt(), video.toString());
    }

    @Test
    void image_tags_follow_the_folders_configure_and_embeddings_become_numbers() throws Exception {
        TestMedia.drop(gateway.inbox("pai/image-tags"), "cat.jpg", TestMedia.image("jpg", 320, 240));
        JsonNode json = awaitJson(gateway.outbox("pai/image-tags/cat.jpg.json"), LIMIT);
        assertEquals(3, json.path("result").path("tag_result").size(), json.toString());
        JsonNode embedding = json.path("result").path("embedding_result");
        assertTrue(embedding.isArray() && embedding.size() == 512 && embedding.get(0).isNumber(), "512 numbers: " + embedding);
        assertEquals(3, json.path("job").path("params").path("configure").path("tag_top_k").asInt());
    }

    @Test
    void a_reshaped_portrait_comes_back_as_an_image_file_not_a_base64_blob() throws Exception {
        TestMedia.drop(gateway.inbox("pai/body-reshape"), "portrait.jpg", TestMedia.image("jpg", 200, 300));
        Path envelope = gateway.outbox("pai/body-reshape/portrait.jpg.json");
        JsonNode json = awaitJson(envelope, LIMIT);
        Path reshaped = gateway.outbox("pai/body-reshape/portrait.jpg.reshaped.jpg");
        BufferedImage image = ImageIO.read(reshaped.toFile());
        assertNotNull(image, "a real JPEG beside the envelope");
        assertEquals(300, image.getHeight());
        assertTrue(image.getWidth() < 200, "the default degree slims the figure: " + image.getWidth());
        assertEquals("reshaped.jpg", json.path("result").path("image").path("artifact").asText(), json.toString());
        assertTrue(Files.size(envelope) < 4000, "no base64 image in the envelope (" + Files.size(envelope) + " bytes)");
    }

    @Test
    void a_video_job_is_polled_until_state_2_and_its_result_string_parsed() throws Exception {
        TestMedia.drop(gateway.inbox("pai/video-classify"), "clip.mp4", TestMedia.mp4(0, 1000, 7000));
        JsonNode json = awaitJson(gateway.outbox("pai/video-classify/clip.mp4.json"), LIMIT);
        JsonNode result = json.path("result");
        assertEquals(2, result.path("state").asInt(), json.toString());
        assertEquals(7.0, result.path("Result").path("duration").asDouble(), "from the downloaded video: " + json);
        assertTrue(result.path("Result").path("embedding_result").isArray(), json.toString());
        assertTrue(json.path("job").path("polls").asInt() >= 1);
    }

    @Test
    void a_job_file_listing_several_videos_makes_one_batch_call_and_one_envelope_per_video() throws Exception {
        String unreachable = gateway.sandbox().baseUrl("oss") + "/mediagate-sandbox/gone.mp4";
        Files.createDirectories(gateway.inbox("pai/video-qa"));
        Files.writeString(gateway.inbox("pai/video-qa").resolve("week.job.json"),
                "{\"urls\": [\"https://example.com/mon.mp4\", \"https://example.com/tue.mp4\", \"" + unreachable + "\"],"
                        + " \"params\": {\"titles\": [\"Monday\", \"Tuesday\"]}}");
        JsonNode summary = awaitJson(gateway.outbox("pai/video-qa/week.json"), LIMIT);
        assertEquals(3, summary.path("result").path("jobs").size(), summary.toString());
        // the batch's own envelope says that not every video succeeded, and which one failed
        assertEquals("partly-failed", summary.path("status").asText(), summary.toString());
        assertEquals(2, summary.path("parts").path("succeeded").asInt(), summary.toString());
        JsonNode failedPart = summary.path("parts").path("failed").path(0);
        assertEquals("pai/video-qa/week/3-gone.mp4", failedPart.path("file").asText(), summary.toString());
        assertEquals("failed/pai/video-qa/week/3-gone.mp4.error.json", failedPart.path("errorRecord").asText(), summary.toString());
        assertEquals("vendor", failedPart.path("kind").asText(), summary.toString());
        JsonNode monday = awaitJson(gateway.outbox("pai/video-qa/week/1-mon.mp4.json"), LIMIT);
        assertEquals("succeeded", monday.path("status").asText(), monday.toString());
        assertEquals(2, monday.path("result").path("state").asInt(), monday.toString());
        assertTrue(Files.exists(gateway.outbox("pai/video-qa/week/2-tue.mp4.json")));
        JsonNode gone = awaitJson(gateway.failed("pai/video-qa/week/3-gone.mp4.error.json"), LIMIT);
        assertEquals("vendor", gone.path("kind").asText(), gone.toString());
        assertTrue(gone.path("message").asText().contains("failed to download video"), gone.toString());
        assertEquals(1, gateway.sandbox().control().events(PaiEmulator.VENDOR, "batches-created"), "one call for three videos");
        RunningGateway.awaitFile(gateway.done("pai/video-qa/week.job.json"));
    }

    @Test
    void a_multimodal_post_of_video_images_and_text_is_classified() throws Exception {
        Files.createDirectories(gateway.inbox("pai/multimodal-tags"));
        Files.writeString(gateway.inbox("pai/multimodal-tags").resolve("post.job.json"), """
                {"url": "https://example.com/post.mp4",
                 "params": {"images": ["https://example.com/0.jpg", "https://example.com/1.jpg"], "text": "Launch day",
                            "configure": {"classification_top_k": 2, "tag_top_k": 3}}}""");
        JsonNode json = awaitJson(gateway.outbox("pai/multimodal-tags/post.json"), LIMIT);
        JsonNode result = json.path("result").path("Result");
        assertEquals(2, result.path("classification_result").size(), json.toString());
        assertEquals(3, result.path("tag_result").size(), json.toString());
        assertTrue(result.path("embedding_result").isArray(), json.toString());

        Files.writeString(gateway.inbox("pai/multimodal-tags").resolve("empty.job.json"), "{\"params\": {\"text\": \"only words\"}}");
        JsonNode record = awaitJson(gateway.failed("pai/multimodal-tags/empty.job.json.error.json"), LIMIT);
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("images"), record.toString());
    }

    @Test
    void a_configure_value_outside_the_seeds_range_fails_before_any_call() throws Exception {
        Files.createDirectories(gateway.inbox("pai/image-tags"));
        Files.writeString(gateway.inbox("pai/image-tags").resolve("bad.job.json"),
                "{\"url\": \"https://example.com/a.jpg\", \"params\": {\"configure\": {\"tag_top_k\": 20}}}");
        JsonNode record = awaitJson(gateway.failed("pai/image-tags/bad.job.json.error.json"), LIMIT);
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("tag_top_k must be an integer from 1 to 10, not 20"), record.toString());
        assertEquals(0, record.path("attempts").asInt(), record.toString());
    }

    @Test
    void an_unknown_model_fails_as_input_naming_it() throws Exception {
        Files.createDirectories(gateway.inbox("pai/image-qa"));
        Files.writeString(gateway.inbox("pai/image-qa").resolve("custom.job.json"),
                "{\"url\": \"https://example.com/a.jpg\", \"params\": {\"model_name\": \"my-custom-model\"}}");
        JsonNode record = awaitJson(gateway.failed("pai/image-qa/custom.job.json.error.json"), LIMIT);
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertEquals(404, record.path("httpStatus").asInt(), record.toString());
        assertTrue(record.path("message").asText().contains("my-custom-model"), record.toString());
        assertFalse(gateway.sandbox().control().calls(PaiEmulator.VENDOR, "images") == 0);
    }
}
