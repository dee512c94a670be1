package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.ice.IceFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICE intelligent production through the folders: dropped files staged in the sandbox's OSS, V3-signed calls to
 * the ICE emulator, output files downloaded beside the envelope, and the gateway's own OSS objects removed after.
 * <p>
 * The tests run side by side, each in its own folders; those that set sandbox faults or count the sandbox's calls are
 * in {@link IceFaultsTest}, one at a time.
 */
@Execution(ExecutionMode.CONCURRENT)
class IceFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);

    /** Serves the url job files' media; the gateway downloads from loopback only what mediagate.download.allow names. */
    static io.mediagate.testsupport.LoopbackMedia media;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        media = new io.mediagate.testsupport.LoopbackMedia();
        return settings(media);
    });

    /** Quick ICE polls, small OSS parts; {@link IceFaultsTest}'s gateway runs with the same settings. */
    static Map<String, String> settings(io.mediagate.testsupport.LoopbackMedia media) {
        return Map.of(
                "mediagate.download.allow", media.authority(),
                "mediagate.sandbox.task-duration", "2s",
                "mediagate.ice.poll.first-delay", "500ms",
                "mediagate.ice.poll.max-interval", "1s",
                // small parts so a test video goes up in several
                "mediagate.oss.multipart-threshold", "300KB",
                "mediagate.oss.part-size", "100KB",
                "mediagate.ice.audio-mixing.params.Output.Media", "oss://" + Sandbox.OSS_BUCKET + "/results/",
                // an answer slower than this is lost to the gateway (the lost-answer test); the sandbox answers in ms
                "camel.component.http.so-timeout", "3000",
                "mediagate.retry.initial-delay", "500ms");
    }

    @AfterAll
    static void stop() throws Exception {
        media.close();
    }

    private static OssBuckets oss() {
        return gateway.sandbox().emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
    }

    private static JsonNode awaitEnvelope(String path) throws Exception {
        return awaitEnvelope(gateway, path);
    }

    /** The envelope at outbox/{@code path}, once it is there. */
    static JsonNode awaitEnvelope(RunningGateway gateway, String path) throws Exception {
        Path envelope = gateway.outbox(path);
        await(path, LIMIT, () -> Files.exists(envelope));
        return Json.readOrNull(Files.readString(envelope));
    }

    @Test
    void a_dropped_video_is_staged_and_comes_back_with_its_cover_image_and_nothing_left_in_oss() throws Exception {
        byte[] video = TestMedia.padded(TestMedia.mp4(0, 1000, 12_000), 350_000);
        TestMedia.drop(gateway.inbox("ice/cover"), "launch.mp4", video);
        JsonNode json = awaitEnvelope("ice/cover/launch.mp4.json");
        JsonNode result = json.path("result");
        assertEquals("Success", result.path("Status").asText(), json.toString());
        assertTrue(result.path("Result").path(0).path("Url").asText().endsWith("/cover-00001.jpg"), "Result parsed: " + json);
        String staged = json.path("job").path("source").path("staged").asText(null);
        assertEquals(null, staged, "the envelope names the dropped file, not the gateway's staging copy");

        JsonNode artifact = json.path("artifacts").path(0);
        assertEquals("launch.mp4.cover-00001.jpg", artifact.path("file").asText(), json.toString());
        Path cover = gateway.outbox("ice/cover/launch.mp4.cover-00001.jpg");
        BufferedImage image = ImageIO.read(cover.toFile());
        assertNotNull(image, "the cover is a real JPEG");
        assertEquals(artifact.path("bytes").asLong(), Files.size(cover));
        assertTrue(artifact.path("source").asText().startsWith("oss://" + Sandbox.OSS_BUCKET + "/mediagate/outputs/"), json.toString());
        RunningGateway.awaitFile(gateway.done("ice/cover/launch.mp4"));
        assertTrue(gateway.sandbox().control().calls(OssEmulator.VENDOR, "UploadPart") >= 4, "350 KB went up in 100 KB parts");

        String jobId = json.path("job").path("id").asText();
        await("staged input and outputs removed", LIMIT, () -> oss().keys(Sandbox.OSS_BUCKET, "mediagate/staging/" + jobId).isEmpty()
                && oss().keys(Sandbox.OSS_BUCKET, "mediagate/outputs/" + jobId).isEmpty());
    }

    @Test
    void speech_denoise_returns_the_cleaned_audio_beside_the_envelope() throws Exception {
        byte[] wav = TestMedia.wav(16_000, 16_000);
        TestMedia.drop(gateway.inbox("ice/speech-denoise/calls"), "noisy.wav", wav);
        JsonNode json = awaitEnvelope("ice/speech-denoise/calls/noisy.wav.json");
        assertEquals("SpeechDenoise", json.path("result").path("FunctionName").asText(), json.toString());
        Path cleaned = gateway.outbox("ice/speech-denoise/calls/noisy.wav.output.wav");
        assertArrayEquals(wav, Files.readAllBytes(cleaned), "the sandbox's 'denoised' audio is the input WAV");
    }

    @Test
    void every_function_runs_from_a_dropped_file() throws Exception {
        for (IceFunction function : IceFunction.values()) {
            boolean audio = function.extensions().contains("wav");
            TestMedia.drop(gateway.inbox("ice/" + function.folder() + "/all"), audio ? "in.wav" : "in.mp4",
                    audio ? TestMedia.wav(8000, 8000) : TestMedia.mp4(0, 1000, 5000));
        }
        for (IceFunction function : IceFunction.values()) {
            boolean audio = function.extensions().contains("wav");
            JsonNode json = awaitEnvelope("ice/" + function.folder() + "/all/" + (audio ? "in.wav" : "in.mp4") + ".json");
            assertEquals("succeeded", json.path("status").asText(), json.toString());
            assertEquals(function.name(), json.path("result").path("FunctionName").asText(), json.toString());
            for (JsonNode artifact : json.path("artifacts")) {
                assertTrue(Files.size(gateway.outbox("ice/" + function.folder() + "/all/" + artifact.path("file").asText())) > 0, json.toString());
            }
        }
    }

    @Test
    void outputs_in_a_configured_location_are_downloaded_and_left_where_ice_wrote_them() throws Exception {
        oss().put(Sandbox.OSS_BUCKET, "music/track.wav", TestMedia.wav(8000, 8000), "audio/wav");
        Files.createDirectories(gateway.inbox("ice/audio-mixing"));
        Files.writeString(gateway.inbox("ice/audio-mixing").resolve("mix.job.json"),
                "{\"oss\": \"oss://" + Sandbox.OSS_BUCKET + "/music/track.wav\", \"params\": {\"UserData\": \"order-17\"}}");
        JsonNode json = awaitEnvelope("ice/audio-mixing/mix.json");
        assertEquals("order-17", json.path("result").path("UserData").asText(), json.toString());
        String jobId = json.path("job").path("id").asText();
        assertTrue(Files.exists(gateway.outbox("ice/audio-mixing/mix.output.wav")));
        assertEquals(1, oss().keys(Sandbox.OSS_BUCKET, "results/" + jobId + "/").size(), "the user's output location is theirs: kept");
        assertTrue(oss().get(Sandbox.OSS_BUCKET, "music/track.wav").isPresent(), "the user's input is never deleted");
    }

    @Test
    void an_input_missing_from_oss_fails_with_ices_own_message() throws Exception {
        Files.createDirectories(gateway.inbox("ice/video-clip"));
        Files.writeString(gateway.inbox("ice/video-clip").resolve("gone.job.json"),
                "{\"oss\": \"oss://" + Sandbox.OSS_BUCKET + "/nothing/here.mp4\"}");
        Path error = gateway.failed("ice/video-clip/gone.job.json.error.json");
        await("gone.job.json.error.json", LIMIT, () -> Files.exists(error));
        JsonNode record = Json.readOrNull(Files.readString(error));
        assertEquals("vendor", record.path("kind").asText(), record.toString());
        assertEquals("Fail", record.path("code").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("InputNotFound"), record.toString());
    }

    @Test
    void a_url_job_file_is_downloaded_staged_in_oss_and_processed_like_a_dropped_file() throws Exception {
        byte[] video = TestMedia.mp4(0, 1000, 3000);
        Files.createDirectories(gateway.inbox("ice/video-h2v/web"));
        Files.writeString(gateway.inbox("ice/video-h2v/web").resolve("wide.job.json"),
                "{\"url\": \"" + media.serve("media/wide.mp4", video) + "\"}");
        JsonNode json = awaitEnvelope("ice/video-h2v/web/wide.json");
        assertEquals("succeeded", json.path("status").asText(), json.toString());
        String jobId = json.path("job").path("id").asText();
        assertTrue(json.path("result").path("Input").path("Media").asText().startsWith("oss://" + Sandbox.OSS_BUCKET
                + "/mediagate/staging/" + jobId + "/wide.mp4"), "ICE read the staged copy: " + json);
        assertArrayEquals(video, Files.readAllBytes(gateway.outbox("ice/video-h2v/web/wide.output.mp4")));
        await("staged input removed", LIMIT, () -> oss().keys(Sandbox.OSS_BUCKET, "mediagate/staging/" + jobId).isEmpty());
    }

}
