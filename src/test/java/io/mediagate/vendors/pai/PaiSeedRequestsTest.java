package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssStores;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The requests our PAI client builds, held to the wire bodies of PAI's documented SDK calls (the PAI SDKs' wire format, the
 * {@code contracts-1.3} fixtures beside the vendor doc's {@code .py.txt} samples): method, path, and the body's field names,
 * nesting and JSON types. Every field the examples show is sent; the client adds none.
 */
class PaiSeedRequestsTest {

    private final PaiVendor vendor = new PaiVendor(Settings.of(Map.of("mediagate.pai.app-id", "app", "mediagate.pai.token", "t",
            "mediagate.pai.host", "ai-service.example.com")), null, null, OssStores.none(), null);

    private VendorOperation op(String folder) {
        return vendor.operations().stream().filter(o -> o.spec().name().equals(folder)).findFirst().orElseThrow();
    }

    private static Job job(String params) {
        Job job = new Job();
        job.setId("j1");
        job.setTaskId("42");
        job.getSource().name = "a.job.json";
        job.getSource().url = "https://example.com/a.jpg";
        job.setParams((ObjectNode) Json.readOrNull(params));
        return job;
    }

    /** PAI's documented {@code configure} for the classify models: each key optional ("{} if the model has no settings"). */
    private static final String CLASSIFY_CONFIGURE = "{\"configure\": {\"output_classification\": true, \"classification_top_k\": 1,"
            + " \"output_tag\": true, \"tag_top_k\": 5, \"output_embedding\": true}}";
    private static final String[] CLASSIFY_CONFIGURE_PATHS = {"$.configure.output_classification", "$.configure.classification_top_k",
            "$.configure.output_tag", "$.configure.tag_top_k", "$.configure.output_embedding"};

    private static void assertSentAs(VendorRequest request, String method, String path, String fixture) {
        assertSentAs(request, method, path, JsonShape.ofFixture("pai/" + fixture));
    }

    private static void assertSentAs(VendorRequest request, String method, String path, JsonShape shape) {
        assertEquals(method, request.method());
        assertEquals(path, URI.create(request.url()).getPath());
        assertNull(request.query(), "PAI's endpoints take no query parameters (the PAI SDKs' wire format)");
        assertEquals("application/json", request.headers().get("Content-Type"));
        shape.assertMatches(Json.readOrNull(request.body()), request.method() + " " + path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image-qa", "face-attributes", "age", "image-tags", "ai-painting-tags", "body-reshape", "watermark-remove"})
    void an_image_operation_posts_the_images_body(String operation) {
        assertSentAs(op(operation).submit(job("{}"), null), "POST", "/api/v1/images", "images.request--contracts-1.3.json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "video-qa       | {}",
            "video-classify | {\"video_title\":\"t\",\"configure\":{\"output_classification\":true,\"classification_top_k\":1,\"output_tag\":true,\"tag_top_k\":5,\"output_embedding\":true}}"})
    void a_video_operation_posts_the_videos_body(String operation, String params) {
        // the example's configure is the classify model's; each of its keys is optional (PAI's SDK doc: {} for none)
        assertSentAs(op(operation).submit(job(params), null), "POST", "/api/v1/videos",
                JsonShape.ofFixture("pai/videos.request--contracts-1.3.json").optional(CLASSIFY_CONFIGURE_PATHS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"images\":[\"https://example.com/0.jpg\"],\"text\":\"a post\"}",
            "{\"images\":[\"https://example.com/0.jpg\"],\"text\":\"a post\",\"configure\":{\"output_classification\":true,\"classification_top_k\":1,\"output_tag\":true,\"tag_top_k\":5,\"output_embedding\":true}}"})
    void a_post_posts_the_multimodal_body(String params) {
        // configure: the keys PAI's documented multimodal_classify sample sets, each optional
        assertSentAs(op("multimodal-tags").submit(job(params), null), "POST", "/api/v1/videos",
                JsonShape.ofFixture("pai/multimodal-tags.request--contracts-1.3.json").alsoDocumented(CLASSIFY_CONFIGURE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"video-qa", "video-classify"})
    void a_job_file_with_several_videos_posts_the_batch_body(String operation) {
        Job batch = job("{\"titles\":[\"first\"]}");
        batch.getSource().url = null;
        batch.getSource().urls = List.of("https://example.com/1.mp4", "https://example.com/2.mp4");
        assertSentAs(op(operation).submit(batch, null), "POST", "/api/v1/batch_videos", "batch-videos.request--contracts-1.3.json");
        Job classified = job("{\"titles\":[\"first\"],\"configure\":{\"classification_top_k\":3}}");
        classified.getSource().url = null;
        classified.getSource().urls = batch.getSource().urls;
        if (operation.equals("video-classify")) {
            assertSentAs(op(operation).submit(classified, null), "POST", "/api/v1/batch_videos",
                    JsonShape.ofFixture("pai/batch-videos.request--contracts-1.3.json").alsoDocumented(CLASSIFY_CONFIGURE));
        }
    }

    /** PAI's documented get_async_job / get_batch_job_with_id: POST and GET without a body (the PAI SDKs' wire format). */
    @ParameterizedTest
    @CsvSource({"42, POST, /api/v1/async_jobs/42", "batch-7, GET, /api/v1/batch_jobs/7"})
    void the_status_calls_have_the_sdks_method_and_path_and_no_body(String taskId, String method, String path) {
        Job polled = job("{}");
        polled.setTaskId(taskId);
        VendorRequest poll = op("video-qa").poll(polled);
        assertEquals(method, poll.method());
        assertEquals(path, URI.create(poll.url()).getPath());
        assertNull(poll.query());
        assertNull(poll.body());
    }
}
