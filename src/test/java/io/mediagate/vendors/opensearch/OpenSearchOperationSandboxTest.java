package io.mediagate.vendors.opensearch;

import io.mediagate.modules.VendorModules;

import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.localJob;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.media;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.operation;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.remoteJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The client side and the sandbox side of the OpenSearch contract together: requests built and signed by
 * {@link OpenSearchOperation} are accepted by the emulator, and its answers read back as the right outcomes.
 */
class OpenSearchOperationSandboxTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private static final Duration TASK_DURATION = Duration.ofMillis(200);

    private SandboxServer sandbox;
    private OpenSearchVendor vendor;
    /** The sandbox's time, moved past a task's duration between polls instead of waiting for it. */
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void start() {
        // quotas raised so that this test's few calls never meet the QPS limits tested elsewhere
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of(
                "mediagate.sandbox.task-duration", TASK_DURATION.toMillis() + "ms",
                "mediagate.sandbox.opensearch.qps.detection", "1000",
                "mediagate.sandbox.opensearch.qps.image-analysis", "1000",
                "mediagate.sandbox.opensearch.qps.video-audio", "1000")), Map.of("opensearch", "sandbox-key"), clock).start();
        vendor = new OpenSearchVendor(Settings.of(Map.of()), sandbox.baseUrl("opensearch"), "sandbox-key");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private VendorResponse send(VendorRequest request) throws Exception {
        vendor.signer().sign(request);
        String uri = request.url() + (request.query() == null ? "" : "?" + request.query());
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(20));
        request.headers().forEach(http::header);
        http.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body()));
        HttpResponse<String> response = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
        return new VendorResponse(response.statusCode(), response.body(), headers, null);
    }

    /** Submits, then polls an async task until it ends, the way the submit and poll stages do. */
    private VendorOutcome run(OpenSearchOperation operation, Job job, Path file) throws Exception {
        VendorOutcome outcome = operation.readSubmit(job, send(operation.submit(job, file == null ? null : media(file))));
        if (!operation.spec().async() || !(outcome instanceof VendorOutcome.Pending pending)) {
            return outcome;
        }
        job.setTaskId(pending.taskId());
        // the first poll finds it pending (no sandbox time has passed); a task duration later it has ended
        for (int polls = 0; outcome instanceof VendorOutcome.Pending; polls++) {
            if (polls == 5) {
                fail(operation.spec().key() + " task still pending five task durations later");
            }
            outcome = operation.readPoll(job, send(operation.poll(job)));
            clock.advance(TASK_DURATION);
        }
        return outcome;
    }

    private VendorOutcome.Done runToDone(String name, Job job, Path file) throws Exception {
        VendorOutcome outcome = run(operation(vendor, name), job, file);
        if (outcome instanceof VendorOutcome.Failed failed) {
            fail(name + " failed: " + failed.error());
        }
        return assertInstanceOf(VendorOutcome.Done.class, outcome);
    }

    @Test
    void object_detection_of_a_local_png_is_done_in_one_call() throws Exception {
        Path file = TestMedia.writeImage(dir, "street.png", "png", 90, 60);

        VendorOutcome.Done done = runToDone("object-detect", localJob("object-detect", file), file);

        assertTrue(done.result().path("objects").size() > 0, done.result().toString());
        assertFalse(done.requestId().isBlank());
    }

    @Test
    void face_detection_of_a_local_jpeg_is_done_in_one_call() throws Exception {
        Path file = TestMedia.writeImage(dir, "people.jpg", "jpg", 90, 60);

        VendorOutcome.Done done = runToDone("face-detect", localJob("face-detect", file), file);

        assertTrue(done.result().path("objects").isArray(), done.result().toString());
    }

    @Test
    void image_analysis_of_a_local_png_ends_with_content_about_that_image() throws Exception {
        Path file = TestMedia.writeImage(dir, "chart.png", "png", 33, 44);

        VendorOutcome.Done done = runToDone("image-analyze", localJob("image-analyze", file), file);

        assertTrue(done.result().path("data").path("content").asText().contains("33x44"), done.result().toString());
        assertEquals("SUCCESS", done.result().path("status").asText());
    }

    @Test
    void ocr_of_a_local_tif_is_accepted_as_file_type_tiff() throws Exception {
        Path file = TestMedia.writeImage(dir, "scan.tif", "tif", 25, 35);

        VendorOutcome.Done done = runToDone("image-ocr", localJob("image-ocr", file), file);

        assertTrue(done.result().path("data").path("content").asText().contains("25x35"), done.result().toString());
    }

    @Test
    void video_snapshot_of_a_local_mp4_with_the_default_folder_params_lists_frames() throws Exception {
        Path file = TestMedia.write(dir.resolve("clip.mp4"), TestMedia.mp4(0, 1000, 3_000));
        Job job = localJob("video-snapshot", file);
        // the per-folder defaults of config/application.properties
        job.setParams(Json.fromDottedKeys(Map.of("parameters.interval", "1", "output.type", "base64")));

        VendorOutcome.Done done = runToDone("video-snapshot", job, file);

        assertEquals(3, done.result().path("data").size(), done.result().toString());
    }

    @Test
    void audio_asr_of_a_local_wav_with_text_output_returns_sentences() throws Exception {
        Path file = TestMedia.write(dir.resolve("call.wav"), TestMedia.wav(8000f, 8000 * 6));
        Job job = localJob("audio-asr", file);
        job.setParams(Json.fromDottedKeys(Map.of("output.type", "text")));

        VendorOutcome.Done done = runToDone("audio-asr", job, file);

        assertTrue(done.result().path("data").size() > 0, done.result().toString());
        assertEquals(6, done.usage().path("duration").asInt(), String.valueOf(done.usage()));
    }

    @Test
    void video_segmentation_of_an_oss_video_with_an_oss_output_is_done() throws Exception {
        Job job = remoteJob("video-segment", null, "oss://bucket/in/talk.mp4");
        job.setParams(Json.fromDottedKeys(Map.of("output.type", "oss", "output.oss", "oss://bucket/out")));

        VendorOutcome.Done done = runToDone("video-segment", job, null);

        assertTrue(done.result().path("data").size() > 0, done.result().toString());
    }

    @Test
    void video_summarization_of_a_url_with_an_oss_output_is_done() throws Exception {
        Job job = remoteJob("video-summarize", "https://cdn.example.com/v/talk.mp4", null);
        job.setParams(Json.fromDottedKeys(Map.of("output.oss", "oss://bucket/out", "parameters.generate_tags", "true")));

        VendorOutcome.Done done = runToDone("video-summarize", job, null);

        assertTrue(done.result().path("data").path("video_metadata").path("tags").isArray(), done.result().toString());
    }

    @Test
    void a_forced_task_failure_in_the_sandbox_reads_back_as_a_vendor_failure() throws Exception {
        sandbox.control().setFault(new io.mediagate.sandbox.FaultPlan("opensearch", "ops-image-analyze-vlm-001",
                null, null, "FAILED", null, null, 0L));
        Path file = TestMedia.writeImage(dir, "a.png", "png", 10, 10);

        VendorOutcome outcome = run(operation(vendor, "image-analyze"), localJob("image-analyze", file), file);

        VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, outcome);
        assertEquals("FAILED", failed.error().code());
        assertFalse(failed.error().retryable());
    }

    @Test
    void a_sandbox_throttling_answer_reads_back_as_retryable_with_its_retry_after() throws Exception {
        sandbox.control().setFault(new io.mediagate.sandbox.FaultPlan("opensearch", "ops-object-detect-001",
                null, null, null, 1, 4, null));
        Path file = TestMedia.writeImage(dir, "a.png", "png", 10, 10);

        VendorOutcome outcome = run(operation(vendor, "object-detect"), localJob("object-detect", file), file);

        VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, outcome);
        assertTrue(failed.error().retryable());
        assertEquals(4_000, failed.retryAfterMillis());
    }

    @Test
    void a_wrong_key_reads_back_as_an_auth_failure() throws Exception {
        vendor = new OpenSearchVendor(Settings.of(Map.of()), sandbox.baseUrl("opensearch"), "wrong-key");
        Path file = TestMedia.writeImage(dir, "a.png", "png", 10, 10);

        VendorOutcome outcome = run(operation(vendor, "object-detect"), localJob("object-detect", file), file);

        assertEquals(JobError.Kind.auth, assertInstanceOf(VendorOutcome.Failed.class, outcome).error().kind());
    }

    @Test
    void a_sandbox_invalid_parameter_reads_back_as_an_input_failure() throws Exception {
        Job job = remoteJob("video-snapshot", null, "oss://bucket/in/talk.mp4");
        // a frame format the vendor doc does not list: only the service (here the sandbox) checks it
        job.setParams(Json.fromDottedKeys(Map.of("output.type", "base64", "parameters.format", "gif")));

        VendorOutcome outcome = run(operation(vendor, "video-snapshot"), job, null);

        VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, outcome);
        assertEquals(JobError.Kind.input, failed.error().kind());
        assertTrue(failed.error().message().contains("parameters.format"), failed.error().message());
    }
}
