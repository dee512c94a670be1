package io.mediagate.vendors.bailian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssStores;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.testsupport.WireFields;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The ROA requests our Bailian client builds, held to Bailian's documented request line and the request examples: the
 * SubmitVideoAnalysisTask fields ({@code submit-video-analysis-task.request--contracts-4.2}, Bailian's documented parameter table
 * with its example values) sent as the SDK sends them, a form with nested values as JSON strings (Bailian's API doc),
 * and GetVideoAnalysisTask's {@code taskId} query ({@code get-video-analysis-task.request--contracts-4.3}).
 */
class BailianSeedRequestsTest {

    private static final String SUBMIT = "bailian/submit-video-analysis-task.request--contracts-4.2.json";

    private final VendorOperation op = new BailianVendor(Settings.of(Map.of()), "http://127.0.0.1:9/bailian",
            new AlibabaCredentials("id", "secret", null), "llm-xxx", OssStores.none()).operations().get(0);

    private static Job job(String params) {
        Job job = new Job();
        job.setId("j1");
        job.setTaskId("3feb69ed02d9b1a17d0f1a942675d300");
        job.getSource().url = "http://example.com/v.mp4";
        job.getSource().name = "v.job.json";
        job.setParams((ObjectNode) Json.readOrNull(params));
        return job;
    }

    /**
     * Bailian's documented fields beyond the example; the prompt templates are needed here because the example's
     * {@code videoExtraInfo} is used only by a template that names {@code {videoExtraInfo}} (Bailian's SubmitVideoAnalysisTask doc).
     */
    private static JsonShape submitShape() {
        return JsonShape.ofFixture(SUBMIT)
                .alsoDocumented("{\"videoModelCustomPromptTemplate\": \"… {videoAsrText} …\","
                        + " \"modelCustomPromptTemplate\": \"… {videoAsrText} {videoAnalysisText} …\"}");
    }

    private static ObjectNode formOf(VendorRequest request) {
        assertEquals("application/x-www-form-urlencoded", request.headers().get("content-type"));
        return WireFields.typedLike(request.body(), JsonShape.fixture(SUBMIT));
    }

    private static void assertSubmitLine(VendorRequest request) {
        // Bailian's SubmitVideoAnalysisTask doc: "POST /{workspaceId}/quanmiao/lightapp/videoAnalysis/submitVideoAnalysisTask HTTP/1.1"
        String requestLine = JsonShape.fixtureText("bailian/submit-video-analysis-task.request--003-request-syntax.txt").trim();
        assertEquals(requestLine.replace("{workspaceId}", "llm-xxx"),
                request.method() + " " + URI.create(request.url()).getRawPath().replaceFirst("^/bailian", "") + " HTTP/1.1");
        assertNull(request.query());
        assertEquals("SubmitVideoAnalysisTask", request.headers().get("x-acs-action"));
        assertEquals("2024-08-01", request.headers().get("x-acs-version"));
    }

    @Test
    void a_job_with_the_seeds_example_fields_sends_them_in_their_documented_form() {
        String params = JsonShape.fixtureText(SUBMIT).replaceFirst("\"videoUrl\"\\s*:\\s*\"[^\"]*\",", "");
        ObjectNode withTemplates = (ObjectNode) Json.readOrNull(params);
        withTemplates.put("videoModelCustomPromptTemplate", "Describe {videoAsrText} with {videoExtraInfo}");
        withTemplates.put("modelCustomPromptTemplate", "Tell {videoAsrText} and {videoAnalysisText}");
        VendorRequest request = op.submit(job(withTemplates.toString()), null);
        assertSubmitLine(request);
        ObjectNode form = formOf(request);
        submitShape().assertMatches(form, "SubmitVideoAnalysisTask's form");
        assertEquals("http://example.com/v.mp4", form.path("videoUrl").asText());
    }

    @Test
    void a_job_with_only_a_video_sends_only_the_required_video_url() {
        VendorRequest request = op.submit(job("{}"), null);
        assertSubmitLine(request);
        // everything but videoUrl is optional ("否", Bailian's documented parameter table)
        submitShape().optional("$.videoModelId", "$.modelId", "$.modelCustomPromptTemplateId", "$.generateOptions",
                        "$.videoExtraInfo", "$.snapshotInterval", "$.language", "$.frameSampleMethod", "$.videoRoles")
                .assertMatches(formOf(request), "SubmitVideoAnalysisTask's form");
    }

    @Test
    void the_status_call_is_a_get_with_the_task_id_in_the_query() {
        VendorRequest request = op.poll(job("{}"));
        assertEquals("GET", request.method());
        assertEquals("/llm-xxx/quanmiao/lightapp/videoAnalysis/getVideoAnalysisTask",
                URI.create(request.url()).getRawPath().replaceFirst("^/bailian", ""));
        assertEquals("GetVideoAnalysisTask", request.headers().get("x-acs-action"));
        assertNull(request.body());
        JsonNode query = WireFields.strings(request.query());
        JsonShape.ofFixture("bailian/get-video-analysis-task.request--contracts-4.3.json").assertMatches(query, "GetVideoAnalysisTask's query");
    }
}
