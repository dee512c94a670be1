package io.mediagate.vendors.opensearch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.testsupport.WireFields;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests our OpenSearch client builds, held to OpenSearch's documented request examples (its curl bodies and SDK calls; the
 * image-analyze body per OpenSearch's API doc): method, path, and the body's field names, nesting and JSON types.
 * Jobs carry the folder defaults config/application.properties ships, merged as the gateway merges them. Fields the
 * vendor documents beside an example's (e.g. {@code file_name}, inline {@code content}) are listed per operation.
 */
class OpenSearchSeedRequestsTest {

    @TempDir
    Path dir;

    /** The folder's default params as shipped ({@code mediagate.opensearch.<op>.params.*}), as the gateway reads them. */
    private static ObjectNode shippedDefaults(String operation) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("config/application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return Json.fromDottedKeys(Settings.of(values).withPrefix("mediagate.opensearch." + operation + ".params."));
    }

    private static ObjectNode withDefaults(String operation, String jobParams) {
        return Json.deepMerge(shippedDefaults(operation), Json.readOrNull(jobParams));
    }

    private VendorRequest dropped(String operation, String file, byte[] content) throws IOException {
        Path path = Files.write(dir.resolve(file), content);
        Job job = OpenSearchTestJobs.localJob(operation, path);
        job.setParams(withDefaults(operation, "{}"));
        return OpenSearchTestJobs.operation(operation).submit(job, OpenSearchTestJobs.media(path));
    }

    private static VendorRequest jobFile(String operation, String url, String oss, String params) {
        Job job = OpenSearchTestJobs.remoteJob(operation, url, oss);
        job.setParams(withDefaults(operation, params));
        return OpenSearchTestJobs.operation(operation).submit(job, null);
    }

    private static void assertPosted(VendorRequest request, String path, JsonShape shape) {
        assertEquals("POST", request.method());
        assertEquals(path, URI.create(request.url()).getPath().replaceFirst("^/opensearch", ""));
        assertNull(request.query());
        assertEquals("application/json", request.headers().get("Content-Type"));
        shape.assertMatches(Json.readOrNull(request.body()), "the body to " + path);
    }

    // --- object detection (OpenSearch's doc "Object Detection - Python"): {"image": {"url"}} --------------------------------

    private static JsonShape detection() {
        // image.content: the vendor doc's parameter table ("base64-encoded string"), instead of image.url
        return JsonShape.ofFixture("opensearch/image-object-detection.request--004-python-object-detection.json")
                .alsoDocumented("{\"image\": {\"content\": \"…\"}}");
    }

    @ParameterizedTest
    @CsvSource({"object-detect, ops-object-detect-001", "face-detect, ops-object-detect-face-001"})
    void detection_sends_the_seeds_body_by_url_or_inline(String operation, String serviceId) throws IOException {
        String path = "/v3/openapi/workspaces/default/image-object-detection/" + serviceId;
        assertPosted(jobFile(operation, "https://example.com/a.jpg", null, "{}"), path, detection());
        // a dropped file goes inline: image.url is then left out (the table: url or content)
        assertPosted(dropped(operation, "a.png", TestMedia.image("png", 40, 30)), path, detection().optional("$.image.url"));
    }

    // --- image content extraction (OpenSearch's API doc; the vendor doc's Python sample builds it) ----------------------

    private static JsonShape document() {
        // document.content / file_name / file_type: the vendor doc's parameter table for Extract Image Content
        return JsonShape.ofFixture("opensearch/image-analyze.request--contracts-5.3.json")
                .alsoDocumented("{\"document\": {\"content\": \"…\", \"file_name\": \"a.png\", \"file_type\": \"png\"}}");
    }

    @ParameterizedTest
    @CsvSource({"image-analyze, ops-image-analyze-vlm-001", "image-ocr, ops-image-analyze-ocr-001"})
    void image_analysis_sends_the_document_by_url_or_inline(String operation, String serviceId) throws IOException {
        String path = "/v3/openapi/workspaces/default/image-analyze/" + serviceId + "/async";
        assertPosted(jobFile(operation, "https://example.com/p756843.png", null, "{}"), path, document());
        assertPosted(dropped(operation, "a.png", TestMedia.image("png", 40, 30)), path, document().optional("$.document.url"));
    }

    // --- video snapshot (OpenSearch's doc "Video Snapshot - Bash") ----------------------------------------------------------

    private static JsonShape snapshot() {
        // input.content / input.url / input.file_name and parameters.interval / format: the vendor doc's table and OpenSearch's API doc
        return JsonShape.ofFixture("opensearch/video-snapshot.request--004-bash-video-snapshot.json")
                .alsoDocumented("{\"input\": {\"content\": \"data:video/mp4;base64,…\", \"url\": \"https://…\", \"file_name\": \"a.mp4\"},"
                        + " \"parameters\": {\"interval\": 1, \"format\": \"jpg\"}}")
                // output.oss: "Required when type is oss"; the shipped default is base64
                .optional("$.output.oss");
    }

    @Test
    void a_snapshot_sends_the_seeds_body() throws IOException {
        String path = "/v3/openapi/workspaces/default/video-snapshot/ops-video-snapshot-001/async";
        assertPosted(jobFile("video-snapshot", null, "oss://bucket/test.mp4", "{}"), path, snapshot());
        assertPosted(jobFile("video-snapshot", null, "oss://bucket/test.mp4", "{\"output\": {\"type\": \"oss\", \"oss\": \"oss://bucket/result/path\"}}"),
                path, snapshot());
        assertPosted(dropped("video-snapshot", "a.mp4", TestMedia.mp4Video(64, 48, 10, 10)), path, snapshot().optional("$.input.oss"));
    }

    // --- video segmentation and summarization (OpenSearch's doc "Curl"): OSS or URL in, OSS out -----------------------------

    @Test
    void segmentation_sends_the_seeds_body() {
        String path = "/v3/openapi/workspaces/default/video-segmentation/ops-video-segment-001/async";
        JsonShape shape = JsonShape.ofFixture("opensearch/video-segmentation.request--004-curl-video-segmentation.json")
                // input.url / file_name and an empty parameters object: OpenSearch's API doc
                .alsoDocumented("{\"input\": {\"url\": \"https://…\", \"file_name\": \"test.mp4\"}, \"parameters\": {}}")
                // output.type: optional, default oss (the vendor doc's table)
                .optional("$.output.type");
        assertPosted(jobFile("video-segment", null, "oss://my-bucket-name/example/test.mp4",
                "{\"output\": {\"oss\": \"oss://my-bucket-name/dump/result/path\"}}"), path, shape);
        assertPosted(jobFile("video-segment", "https://example.com/test.mp4", null,
                "{\"output\": {\"type\": \"oss\", \"oss\": \"oss://b/r\"}}"), path, shape.optional("$.input.oss"));
    }

    @Test
    void summarization_sends_the_seeds_body_for_the_readme_job_file() {
        String path = "/v3/openapi/workspaces/default/video-summarization/ops-video-summarize-001/async";
        JsonShape shape = JsonShape.ofFixture("opensearch/video-summarization.request--004-curl-video-summarization.json")
                .alsoDocumented("{\"input\": {\"url\": \"https://…\", \"file_name\": \"test.mp4\"}}")
                // each parameter optional, default false; output.type optional, default oss (the vendor doc's table)
                .optional("$.parameters.rewrite_transcript", "$.parameters.extract_snapshot", "$.output.type", "$.input.oss");
        // the job file README.md shows ("A job file: remote media and per-job parameters")
        assertPosted(jobFile("video-summarize", "https://example.com/launch.mp4", null,
                "{\"parameters\": {\"generate_tags\": true}, \"output\": {\"oss\": \"oss://my-bucket/summaries\"}}"), path, shape);
    }

    /**
     * OpenSearch's doc marks {@code output.oss} required for segmentation and summarization, and for a snapshot whose
     * {@code output.type} is oss (the default): a request without it is refused here, before it is sent, with the
     * setting named; the shipped defaults set none for segmentation and summarization.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "video-segment   | {}",
            "video-summarize | {\"parameters\": {\"generate_tags\": true}}",
            "video-snapshot  | {\"output\": {\"type\": \"oss\"}}"})
    void a_request_without_the_seeds_required_output_oss_is_not_sent(String operation, String params) {
        JobFailure refused = assertThrows(JobFailure.class, () -> jobFile(operation, null, "oss://bucket/test.mp4", params));
        assertEquals(JobError.Kind.input, refused.error().kind());
        assertTrue(refused.getMessage().contains("mediagate.opensearch." + operation + ".params.output.oss"), refused.getMessage());
        assertTrue(refused.getMessage().contains("\"output\": {\"oss\""), refused.getMessage());
    }

    // --- audio ASR (OpenSearch's doc "Audio ASR - Bash") ------------------------------------------------------------------

    @Test
    void asr_sends_the_seeds_body() throws IOException {
        String path = "/v3/openapi/workspaces/default/audio-asr/ops-audio-asr-001/async";
        JsonShape shape = JsonShape.ofFixture("opensearch/audio-asr.request--004-bash-audio-asr.json")
                // input.content / url and an empty parameters object: the vendor doc's table and OpenSearch's API doc
                .alsoDocumented("{\"input\": {\"content\": \"…\", \"url\": \"https://…\"}, \"parameters\": {}}")
                // output.oss: optional (the vendor doc's table); the shipped default output.type is text
                .optional("$.output.oss");
        assertPosted(jobFile("audio-asr", null, "oss://bucket/xxx/xxx.mp3", "{}"), path, shape);
        assertPosted(dropped("audio-asr", "a.wav", TestMedia.wav(8000, 8000)), path, shape.optional("$.input.oss"));
    }

    // --- status calls (OpenSearch's doc "Async Task Pattern": GET …/async/task-status?task_id=) ----------------------------

    @ParameterizedTest
    @CsvSource({"image-analyze, image-analyze/ops-image-analyze-vlm-001", "video-snapshot, video-snapshot/ops-video-snapshot-001",
            "video-segment, video-segmentation/ops-video-segment-001", "video-summarize, video-summarization/ops-video-summarize-001",
            "audio-asr, audio-asr/ops-audio-asr-001"})
    void a_status_call_is_a_get_with_task_id(String operation, String api) {
        VendorRequest poll = OpenSearchTestJobs.operation(operation).poll(OpenSearchTestJobs.polledJob(operation, "test-summary-001"));
        assertEquals("GET", poll.method());
        assertEquals("/v3/openapi/workspaces/default/" + api + "/async/task-status", URI.create(poll.url()).getPath().replaceFirst("^/opensearch", ""));
        assertNull(poll.body());
        JsonShape.of(Json.readOrNull("{\"task_id\": \"…\"}")).assertMatches(WireFields.strings(poll.query()), "the status query");
    }
}
