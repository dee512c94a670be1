package io.mediagate.vendors.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssStore;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.SANDBOX_ENDPOINT;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.json;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.localJob;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.media;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.operation;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.polledJob;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.remoteJob;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Requests and answers of the eight OpenSearch operations against OpenSearch's API doc. */
class OpenSearchOperationTest {

    @TempDir
    Path dir;

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static JsonNode bodyOf(VendorRequest request) {
        return Json.readOrNull(request.body());
    }

    @Nested
    class Paths {

        @ParameterizedTest(name = "{0} → {1}")
        @CsvSource({
                "object-detect,   /v3/openapi/workspaces/default/image-object-detection/ops-object-detect-001",
                "face-detect,     /v3/openapi/workspaces/default/image-object-detection/ops-object-detect-face-001",
                "image-analyze,   /v3/openapi/workspaces/default/image-analyze/ops-image-analyze-vlm-001/async",
                "image-ocr,       /v3/openapi/workspaces/default/image-analyze/ops-image-analyze-ocr-001/async",
                "video-snapshot,  /v3/openapi/workspaces/default/video-snapshot/ops-video-snapshot-001/async",
                "video-segment,   /v3/openapi/workspaces/default/video-segmentation/ops-video-segment-001/async",
                "video-summarize, /v3/openapi/workspaces/default/video-summarization/ops-video-summarize-001/async",
                "audio-asr,       /v3/openapi/workspaces/default/audio-asr/ops-audio-asr-001/async"})
        void each_operation_posts_json_to_its_documented_path(String name, String path) {
            Job job = remoteJob(name, "https://cdn.example.com/media/input.bin", null);
            // OpenSearch's doc: segmentation, summarization and an oss-output snapshot need output.oss
            job.setParams(json("{\"output\":{\"oss\":\"oss://bucket/out\"}}"));

            VendorRequest request = operation(name).submit(job, null);

            assertEquals("POST", request.method());
            assertEquals(SANDBOX_ENDPOINT + path, request.url());
            assertNull(request.query());
            assertEquals("application/json", request.headers().get("Content-Type"));
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "image-analyze,   image-analyze/ops-image-analyze-vlm-001",
                "image-ocr,       image-analyze/ops-image-analyze-ocr-001",
                "video-snapshot,  video-snapshot/ops-video-snapshot-001",
                "video-segment,   video-segmentation/ops-video-segment-001",
                "video-summarize, video-summarization/ops-video-summarize-001",
                "audio-asr,       audio-asr/ops-audio-asr-001"})
        void each_task_is_polled_with_a_get_to_task_status_with_the_task_id_in_the_query(String name, String segment) {
            VendorRequest request = operation(name).poll(polledJob(name, "task-42"));

            assertEquals("GET", request.method());
            assertEquals(SANDBOX_ENDPOINT + "/v3/openapi/workspaces/default/" + segment + "/async/task-status", request.url());
            assertEquals("task_id=task-42", request.query());
            assertNull(request.body());
        }

        @Test
        void a_synchronous_operation_has_no_status_request() {
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                    () -> operation("object-detect").poll(polledJob("object-detect", "t-1")));
        }

        @Test
        void task_id_is_url_encoded_in_the_poll_query() {
            VendorRequest request = operation("audio-asr").poll(polledJob("audio-asr", "a b&c=d/é"));

            assertEquals("task_id=a%20b%26c%3Dd%2F%C3%A9", request.query());
        }

        @Test
        void configured_endpoint_workspace_and_service_id_shape_the_path() {
            OpenSearchVendor vendor = new OpenSearchVendor(Settings.of(Map.of(
                    "mediagate.opensearch.api-key", "OS-live",
                    "mediagate.opensearch.endpoint", "http://abc.platform-cn-shanghai.opensearch.aliyuncs.com/",
                    "mediagate.opensearch.workspace", "team-a",
                    "mediagate.opensearch.object-detect.service-id", "ops-object-detect-002")), null, null);

            VendorRequest request = operation(vendor, "object-detect").submit(remoteJob("object-detect", "https://x/y.jpg", null), null);

            assertEquals("http://abc.platform-cn-shanghai.opensearch.aliyuncs.com"
                    + "/v3/openapi/workspaces/team-a/image-object-detection/ops-object-detect-002", request.url());
        }

        @Test
        void a_workspace_name_with_reserved_characters_is_encoded() {
            OpenSearchVendor vendor = new OpenSearchVendor(Settings.of(Map.of("mediagate.opensearch.workspace", "my ws/1")),
                    SANDBOX_ENDPOINT, "k");

            VendorRequest request = operation(vendor, "image-analyze").submit(remoteJob("image-analyze", "https://x/y.png", null), null);

            assertEquals(SANDBOX_ENDPOINT + "/v3/openapi/workspaces/my%20ws%2F1/image-analyze/ops-image-analyze-vlm-001/async",
                    request.url());
        }
    }

    @Nested
    class SubmitBodies {

        @ParameterizedTest
        @ValueSource(strings = {"object-detect", "face-detect"})
        void object_detection_request_carries_base64_image_content(String name) throws Exception {
            Path file = TestMedia.writeImage(dir, "street.jpg", "jpg", 64, 48);

            JsonNode body = bodyOf(operation(name).submit(localJob(name, file), media(file)));

            assertEquals(List.of("image"), fieldNames(body));
            assertEquals(List.of("content"), fieldNames(body.get("image")));
            assertArrayEquals(Files.readAllBytes(file), Base64.getDecoder().decode(body.path("image").path("content").asText()));
        }

        @Test
        void object_detection_by_url_sends_only_the_url() {
            JsonNode body = bodyOf(operation("object-detect").submit(
                    remoteJob("object-detect", "https://img.example.com/a/b/photo.jpg?x=1", null), null));

            assertEquals(List.of("url"), fieldNames(body.get("image")));
            assertEquals("https://img.example.com/a/b/photo.jpg?x=1", body.path("image").path("url").asText());
        }

        @ParameterizedTest
        @ValueSource(strings = {"image-analyze", "image-ocr"})
        void image_analysis_request_carries_document_content_file_name_and_file_type(String name) throws Exception {
            Path file = TestMedia.writeImage(dir, "receipt.png", "png", 40, 30);

            JsonNode body = bodyOf(operation(name).submit(localJob(name, file), media(file)));

            assertEquals(List.of("document"), fieldNames(body));
            JsonNode document = body.get("document");
            assertEquals(List.of("content", "file_name", "file_type"), fieldNames(document));
            assertArrayEquals(Files.readAllBytes(file), Base64.getDecoder().decode(document.path("content").asText()));
            assertEquals("receipt.png", document.path("file_name").asText());
            assertEquals("png", document.path("file_type").asText());
        }

        @Test
        void a_tif_file_is_declared_with_the_documented_file_type_tiff() {
            Path file = TestMedia.writeImage(dir, "scan.tif", "tif", 20, 20);

            JsonNode body = bodyOf(operation("image-ocr").submit(localJob("image-ocr", file), media(file)));

            assertEquals("tiff", body.path("document").path("file_type").asText());
        }

        @Test
        void image_analysis_by_url_names_the_file_from_the_url_path() {
            JsonNode body = bodyOf(operation("image-analyze").submit(
                    remoteJob("image-analyze", "https://help.example.com/assets/img/p756843.png?spm=1", null), null));

            JsonNode document = body.get("document");
            assertEquals("https://help.example.com/assets/img/p756843.png?spm=1", document.path("url").asText());
            assertEquals("p756843.png", document.path("file_name").asText());
            assertEquals("png", document.path("file_type").asText());
            assertFalse(document.has("content"));
        }

        @Test
        void image_analysis_by_url_declares_no_file_type_the_api_does_not_take() {
            JsonNode body = bodyOf(operation("image-analyze").submit(
                    remoteJob("image-analyze", "https://cdn.example.com/p/photo.webp", null), null));

            assertEquals("photo.webp", body.path("document").path("file_name").asText());
            assertFalse(body.path("document").has("file_type"), "webp is not a documented file_type: " + body);
        }

        @Test
        void video_snapshot_sends_a_local_video_as_a_data_uri() throws Exception {
            Path file = TestMedia.write(dir.resolve("clip.mp4"), TestMedia.mp4(0, 600, 6_000));

            Job job = localJob("video-snapshot", file);
            job.setParams(json("{\"output\":{\"type\":\"base64\"}}")); // the folder default config/application.properties ships
            JsonNode body = bodyOf(operation("video-snapshot").submit(job, media(file)));

            JsonNode input = body.get("input");
            String content = input.path("content").asText();
            String prefix = "data:video/mp4;base64,";
            assertTrue(content.startsWith(prefix), content.substring(0, Math.min(40, content.length())));
            assertArrayEquals(Files.readAllBytes(file), Base64.getDecoder().decode(content.substring(prefix.length())));
            assertEquals("clip.mp4", input.path("file_name").asText());
        }

        @Test
        void audio_asr_sends_local_audio_as_plain_base64_content() throws Exception {
            Path file = TestMedia.write(dir.resolve("call.wav"), TestMedia.wav(8000f, 800));

            JsonNode body = bodyOf(operation("audio-asr").submit(localJob("audio-asr", file), media(file)));

            JsonNode input = body.get("input");
            assertEquals(List.of("content", "file_name"), fieldNames(input));
            assertArrayEquals(Files.readAllBytes(file), Base64.getDecoder().decode(input.path("content").asText()));
            assertEquals("call.wav", input.path("file_name").asText());
        }

        @Test
        void video_segmentation_sends_the_oss_path_and_the_output_from_the_job_params() {
            Job job = remoteJob("video-segment", null, "oss://my-bucket/example/test.mp4");
            job.setParams(json("{\"output\":{\"type\":\"oss\",\"oss\":\"oss://my-bucket/dump/result\"}}"));

            JsonNode body = bodyOf(operation("video-segment").submit(job, null));

            assertEquals("oss://my-bucket/example/test.mp4", body.path("input").path("oss").asText());
            assertEquals("test.mp4", body.path("input").path("file_name").asText());
            assertFalse(body.path("input").has("content"));
            assertEquals("oss", body.path("output").path("type").asText());
            assertEquals("oss://my-bucket/dump/result", body.path("output").path("oss").asText());
        }

        @Test
        void video_summarization_by_url_names_the_file_without_the_query() {
            Job job = remoteJob("video-summarize", "https://cdn.example.com/v/talk.mp4?sig=abc#t=3", null);
            job.setParams(json("{\"parameters\":{\"generate_tags\":true},\"output\":{\"type\":\"oss\",\"oss\":\"oss://b/out\"}}"));

            JsonNode body = bodyOf(operation("video-summarize").submit(job, null));

            assertEquals("https://cdn.example.com/v/talk.mp4?sig=abc#t=3", body.path("input").path("url").asText());
            assertEquals("talk.mp4", body.path("input").path("file_name").asText());
            assertTrue(body.path("parameters").path("generate_tags").booleanValue());
        }

        @Test
        void job_params_are_deep_merged_into_the_body_without_dropping_the_media() throws Exception {
            Path file = TestMedia.write(dir.resolve("clip.mp4"), TestMedia.mp4(0, 600, 6_000));
            Job job = localJob("video-snapshot", file);
            job.setParams(json("{\"parameters\":{\"interval\":5,\"format\":\"png\"},"
                    + "\"output\":{\"type\":\"base64\"},\"input\":{\"file_name\":\"renamed.mp4\"}}"));

            JsonNode body = bodyOf(operation("video-snapshot").submit(job, media(file)));

            assertTrue(body.path("input").path("content").asText().startsWith("data:video/mp4;base64,"));
            assertEquals("renamed.mp4", body.path("input").path("file_name").asText());
            assertEquals(5, body.path("parameters").path("interval").asInt());
            assertTrue(body.path("parameters").path("interval").isNumber());
            assertEquals("png", body.path("parameters").path("format").asText());
            assertEquals("base64", body.path("output").path("type").asText());
        }

        @Test
        void detection_options_from_the_job_params_sit_beside_the_image() throws Exception {
            Path file = TestMedia.writeImage(dir, "a.png", "png", 8, 8);
            Job job = localJob("object-detect", file);
            job.setParams(json("{\"options\":{\"threshold\":0.5}}"));

            JsonNode body = bodyOf(operation("object-detect").submit(job, media(file)));

            assertEquals(List.of("image", "options"), fieldNames(body));
            assertEquals(0.5, body.path("options").path("threshold").asDouble(), 0);
            assertTrue(body.path("image").has("content"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"object-detect", "face-detect", "image-analyze", "image-ocr"})
        void an_oss_path_for_an_image_operation_goes_as_a_presigned_url_as_the_image_apis_take_no_oss_field(String name) {
            Job job = remoteJob(name, null, "oss://my-bucket/photos/photo.jpg");
            try (OssStore oss = OpenSearchTestJobs.oss()) {
                JsonNode body = bodyOf(operation(OpenSearchTestJobs.vendorWith(oss), name).submit(job, null));

                JsonNode media = body.path(name.endsWith("detect") ? "image" : "document");
                String url = media.path("url").asText();
                assertTrue(url.startsWith(OpenSearchTestJobs.OSS_ENDPOINT + "/my-bucket/photos/photo.jpg?"), body.toString());
                assertTrue(url.contains("x-oss-signature"), "presigned: " + url);
                assertFalse(media.has("oss"), "OpenSearch's doc has no image.oss / document.oss: " + body);
                if (!name.endsWith("detect")) {
                    assertEquals("photo.jpg", media.path("file_name").asText(), body.toString());
                    assertEquals("jpg", media.path("file_type").asText(), body.toString());
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"object-detect", "image-analyze"})
        void an_oss_path_for_an_image_operation_without_oss_settings_fails_as_input_naming_them(String name) {
            Job job = remoteJob(name, null, "oss://bucket/photo.jpg");

            JobFailure failure = assertThrows(JobFailure.class, () -> operation(name).submit(job, null));

            assertEquals(JobError.Kind.input, failure.error().kind());
            assertFalse(failure.error().retryable());
            assertTrue(failure.getMessage().contains("mediagate.oss.bucket"), failure.getMessage());
            assertTrue(failure.getMessage().contains("url"), failure.getMessage());
            assertTrue(failure.getMessage().contains("clip.job.json"), failure.getMessage());
        }

        @Test
        void a_job_that_names_no_media_fails_as_input() {
            JobFailure failure = assertThrows(JobFailure.class,
                    () -> operation("audio-asr").submit(remoteJob("audio-asr", null, null), null));

            assertEquals(JobError.Kind.input, failure.error().kind());
            assertTrue(failure.getMessage().contains("clip.job.json"), failure.getMessage());
        }
    }

    @Nested
    class BodyLimit {

        private Path randomFile(String name, int bytes) throws Exception {
            byte[] content = new byte[bytes];
            new Random(1).nextBytes(content);
            return Files.write(dir.resolve(name), content);
        }

        @Test
        void a_file_too_large_for_8_mb_once_base64_encoded_fails_as_input_naming_the_file_and_the_limit() throws Exception {
            // 6.4 MB of bytes → 8.53 MB of base64: over the 8 MB request limit
            Path file = randomFile("big.jpg", 6_400_000);

            JobFailure failure = assertThrows(JobFailure.class,
                    () -> operation("object-detect").submit(localJob("object-detect", file), media(file)));

            assertEquals(JobError.Kind.input, failure.error().kind());
            assertFalse(failure.error().retryable());
            assertTrue(failure.getMessage().contains("big.jpg"), failure.getMessage());
            assertTrue(failure.getMessage().contains("8 MB"), failure.getMessage());
            // the advice must work: without OSS settings an oss job file would fail for this operation too
            assertTrue(failure.getMessage().contains("\"url\""), failure.getMessage());
            assertTrue(failure.getMessage().contains("mediagate.oss.bucket"), failure.getMessage());
        }

        @Test
        void the_too_large_advice_offers_an_oss_job_file_where_it_works() throws Exception {
            Path image = randomFile("big.jpg", 6_400_000);
            try (OssStore oss = OpenSearchTestJobs.oss()) {
                JobFailure staged = assertThrows(JobFailure.class, () -> operation(OpenSearchTestJobs.vendorWith(oss), "object-detect")
                        .submit(localJob("object-detect", image), media(image)));
                assertTrue(staged.getMessage().contains("\"oss\"") && !staged.getMessage().contains("mediagate.oss.bucket"), staged.getMessage());
            }
            Path video = randomFile("big.mp4", 6_400_000);
            JobFailure snapshot = assertThrows(JobFailure.class, () -> operation("video-snapshot")
                    .submit(localJob("video-snapshot", video), media(video)));
            assertTrue(snapshot.getMessage().contains("\"oss\"") && !snapshot.getMessage().contains("mediagate.oss.bucket"), snapshot.getMessage());
        }

        @Test
        void a_file_whose_base64_fits_under_8_mb_is_sent_inline() throws Exception {
            // 6 000 000 bytes → 8 000 000 base64 characters, under 8 MB (8 388 608 bytes) with room for the JSON
            Path file = randomFile("fits.jpg", 6_000_000);

            VendorRequest request = operation("object-detect").submit(localJob("object-detect", file), media(file));

            assertTrue(request.bodyBytes() <= OpenSearchOperation.MAX_BODY_BYTES, String.valueOf(request.bodyBytes()));
            assertEquals(8_000_000, bodyOf(request).path("image").path("content").asText().length());
        }

        @Test
        void params_that_push_the_body_over_8_mb_fail_as_input_naming_the_job() {
            Job job = remoteJob("video-summarize", "https://cdn.example.com/v.mp4", null);
            job.getParams().putObject("input").put("chunks", "x".repeat(OpenSearchOperation.MAX_BODY_BYTES));

            JobFailure failure = assertThrows(JobFailure.class, () -> operation("video-summarize").submit(job, null));

            assertEquals(JobError.Kind.input, failure.error().kind());
            assertTrue(failure.getMessage().contains("clip.job.json"), failure.getMessage());
            assertTrue(failure.getMessage().contains("8 MB"), failure.getMessage());
        }
    }

    @Nested
    class Answers {

        @Test
        void sync_detection_answer_is_done_with_result_usage_and_request_id() {
            String answer = "{\"request_id\":\"6D5E-REQ\",\"latency\":35,\"usage\":{\"image\":1},"
                    + "\"result\":{\"objects\":[{\"confidence\":80,\"location\":{\"X\":12,\"Y\":34,\"width\":100,\"height\":50}}]}}";

            VendorOutcome outcome = operation("object-detect").readSubmit(remoteJob("object-detect", "https://x/a.jpg", null),
                    VendorResponse.of(200, answer));

            VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class, outcome);
            assertEquals("6D5E-REQ", done.requestId());
            assertEquals(1, done.usage().path("image").asInt());
            JsonNode location = done.result().path("objects").get(0).path("location");
            assertEquals(12, location.path("X").asInt());
            assertEquals(34, location.path("Y").asInt());
            assertEquals(100, location.path("width").asInt());
            assertEquals(50, location.path("height").asInt());
        }

        @Test
        void async_create_answer_is_pending_with_the_task_id() {
            VendorOutcome outcome = operation("image-analyze").readSubmit(remoteJob("image-analyze", "https://x/a.png", null),
                    VendorResponse.of(200, "{\"request_id\":\"R-1\",\"latency\":3,\"result\":{\"task_id\":\"image-analyze-77\"}}"));

            VendorOutcome.Pending pending = assertInstanceOf(VendorOutcome.Pending.class, outcome);
            assertEquals("image-analyze-77", pending.taskId());
            assertEquals("R-1", pending.requestId());
        }

        @Test
        void async_create_answer_without_task_id_is_not_taken_for_a_task() {
            VendorOutcome outcome = operation("audio-asr").readSubmit(remoteJob("audio-asr", "https://x/a.wav", null),
                    VendorResponse.of(200, "{\"request_id\":\"R-2\",\"latency\":3,\"result\":{}}"));

            VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, outcome);
            assertEquals(JobError.Kind.vendor, failed.error().kind());
        }

        @ParameterizedTest
        @ValueSource(strings = {"PENDING", "RUNNING"})
        void task_still_in_progress_is_pending_with_the_same_task_id(String status) {
            Job job = polledJob("video-snapshot", "video-snapshot-5");

            VendorOutcome outcome = operation("video-snapshot").readPoll(job, VendorResponse.of(200,
                    "{\"request_id\":\"R-3\",\"latency\":1,\"result\":{\"task_id\":\"video-snapshot-5\",\"status\":\"" + status + "\"}}"));

            VendorOutcome.Pending pending = assertInstanceOf(VendorOutcome.Pending.class, outcome);
            assertEquals("video-snapshot-5", pending.taskId());
            assertEquals("R-3", pending.requestId());
        }

        @Test
        void task_success_is_done_with_the_result_data_and_usage() {
            String answer = "{\"request_id\":\"R-4\",\"latency\":2,\"usage\":{\"pv_count\":1,\"token_count\":120},"
                    + "\"result\":{\"task_id\":\"t-1\",\"status\":\"SUCCESS\","
                    + "\"data\":{\"content\":\"# Title\",\"content_type\":\"markdown\",\"page_num\":1}}}";

            VendorOutcome outcome = operation("image-analyze").readPoll(polledJob("image-analyze", "t-1"), VendorResponse.of(200, answer));

            VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class, outcome);
            assertEquals("R-4", done.requestId());
            assertEquals("# Title", done.result().path("data").path("content").asText());
            assertEquals(1, done.result().path("data").path("page_num").asInt());
            assertEquals(120, done.usage().path("token_count").asInt());
        }

        @Test
        void asr_success_keeps_the_sentence_list() {
            String answer = "{\"request_id\":\"R-5\",\"latency\":2,\"usage\":{\"duration\":9},"
                    + "\"result\":{\"task_id\":\"t-2\",\"status\":\"SUCCESS\",\"data\":[{\"start\":0,\"end\":4000,\"text\":\"hello\"}]}}";

            VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class,
                    operation("audio-asr").readPoll(polledJob("audio-asr", "t-2"), VendorResponse.of(200, answer)));

            assertEquals("hello", done.result().path("data").get(0).path("text").asText());
            assertEquals(9, done.usage().path("duration").asInt());
        }

        @ParameterizedTest
        @ValueSource(strings = {"FAILED", "FAIL"})
        void task_failure_in_either_spelling_fails_the_job_with_the_vendor_error(String status) {
            String answer = "{\"request_id\":\"R-6\",\"latency\":2,\"result\":{\"task_id\":\"t-3\",\"status\":\"" + status + "\","
                    + "\"error\":\"video decode failed: unsupported codec\"}}";

            VendorOutcome outcome = operation("video-segment").readPoll(polledJob("video-segment", "t-3"), VendorResponse.of(200, answer));

            VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, outcome);
            assertEquals(JobError.Kind.vendor, failed.error().kind());
            assertFalse(failed.error().retryable());
            assertEquals(status, failed.error().code());
            assertTrue(failed.error().message().contains("video decode failed: unsupported codec"), failed.error().message());
            assertEquals("R-6", failed.requestId());
        }

        @Test
        void any_other_terminal_status_is_a_failure() {
            VendorOutcome outcome = operation("video-segment").readPoll(polledJob("video-segment", "t-4"),
                    VendorResponse.of(200, "{\"request_id\":\"R-7\",\"result\":{\"task_id\":\"t-4\",\"status\":\"CANCELLED\"}}"));

            VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, outcome);
            assertFalse(failed.error().retryable());
            assertTrue(failed.error().message().contains("CANCELLED"), failed.error().message());
        }

        @Test
        void a_success_status_answer_that_is_not_json_is_handled_as_a_retryable_vendor_failure() {
            VendorOutcome outcome = operation("image-ocr").readPoll(polledJob("image-ocr", "t-5"),
                    VendorResponse.of(200, "<html><body>gateway page</body></html>"));

            VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, outcome);
            assertEquals(JobError.Kind.vendor, failed.error().kind());
            assertTrue(failed.error().retryable());
            assertTrue(failed.error().message().contains("gateway page"), failed.error().message());
        }
    }
}
