package io.mediagate.sandbox.bailian;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's Bailian light app against Bailian's API doc, with hand-built V3-signed ROA requests: the form
 * and the JSON body both accepted, the workspace check, the vendor doc's parameter rules, the task states in Bailian's
 * own spelling and its {@code success}/{@code code}/{@code message} envelope.
 */
class BailianSandboxContractTest {

    private static final String KEY = "LTAIbailian:secret";
    private static final String APP = "/quanmiao/lightapp/videoAnalysis/";

    private SandboxServer sandbox;
    /** The sandbox's time, moved by hand; it starts now, so requests signed with the real time are within its skew. */
    private final MovableClock clock = new MovableClock(Instant.now());
    private final Acs3Signer signer = new Acs3Signer(() -> Sandbox.alibabaKey(KEY));

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "2s")), Map.of("ice", KEY), clock).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> submit(String workspace, String contentType, String body) throws Exception {
        VendorRequest request = new VendorRequest("POST", sandbox.baseUrl("bailian") + "/" + workspace + APP + "submitVideoAnalysisTask",
                null, Map.of("x-acs-action", "SubmitVideoAnalysisTask", "x-acs-version", "2024-08-01", "content-type", contentType), body);
        return send(request);
    }

    private JsonNode get(String taskId) throws Exception {
        VendorRequest request = new VendorRequest("GET", sandbox.baseUrl("bailian") + "/llm-sandbox" + APP + "getVideoAnalysisTask",
                "taskId=" + taskId, Map.of("x-acs-action", "GetVideoAnalysisTask", "x-acs-version", "2024-08-01"), null);
        return Json.readOrNull(send(request).body());
    }

    private HttpResponse<String> send(VendorRequest request) throws Exception {
        return io.mediagate.testsupport.SignedCalls.send(signer, request);
    }

    private static String form(Map<String, String> fields) {
        return Acs3Signer.formEncode(new LinkedHashMap<>(fields));
    }

    @Test
    void a_form_submitted_task_runs_pending_running_successed() throws Exception {
        HttpResponse<String> submitted = submit("llm-sandbox", "application/x-www-form-urlencoded",
                form(Map.of("videoUrl", "https://example.com/a.mp4", "frameSampleMethod", "{\"methodName\":\"standard\"}")));
        JsonNode answer = Json.readOrNull(submitted.body());
        assertEquals(200, submitted.statusCode(), submitted.body());
        assertTrue(answer.path("success").asBoolean(), submitted.body());
        String taskId = answer.path("data").path("taskId").asText();
        assertEquals("PENDING", get(taskId).path("data").path("taskStatus").asText());
        clock.advance(Duration.ofMillis(700));
        assertEquals("RUNNING", get(taskId).path("data").path("taskStatus").asText());
        clock.advance(Duration.ofMillis(1500));
        JsonNode done = get(taskId);
        assertEquals("SUCCESSED", done.path("data").path("taskStatus").asText(), done.toString());
        assertTrue(done.path("data").path("payload").path("output").path("videoAnalysisResult").path("text").isTextual(), done.toString());
        assertTrue(done.path("data").path("payload").path("usage").path("totalTokens").asInt() > 0, done.toString());
    }

    @Test
    void a_json_body_is_accepted_as_well() throws Exception {
        HttpResponse<String> submitted = submit("llm-sandbox", "application/json", "{\"videoUrl\":\"https://example.com/b.mp4\"}");
        assertEquals(200, submitted.statusCode(), submitted.body());
    }

    @Test
    void workspace_and_parameter_rules_answer_in_bailians_envelope() throws Exception {
        assertRefused(submit("llm-other", "application/x-www-form-urlencoded", form(Map.of("videoUrl", "https://example.com/a.mp4"))),
                403, "NoPermission");
        assertRefused(submit("llm-sandbox", "application/x-www-form-urlencoded", form(Map.of("videoUrl", "ftp://x/a.mp4"))),
                400, "InvalidParameter");
        assertRefused(submit("llm-sandbox", "application/x-www-form-urlencoded", form(Map.of("videoUrl", "https://example.com/a.mp4",
                "videoModelCustomPromptTemplate", "no variable"))), 400, "InvalidParameter");
        assertRefused(submit("llm-sandbox", "application/json", "{not json"), 400, "InvalidParameter");
    }

    @Test
    void frame_sample_method_ranges_template_rules_and_the_api_version_of_seed_003_are_enforced() throws Exception {
        for (String bad : new String[]{"{\"interval\":0.9}", "{\"interval\":5.1}", "{\"pixel\":299}", "{\"pixel\":769}",
                "{\"pixel\":400.5}", "{\"methodName\":\"slow\"}", "not json"}) {
            HttpResponse<String> refused = submit("llm-sandbox", "application/x-www-form-urlencoded",
                    form(Map.of("videoUrl", "https://example.com/a.mp4", "frameSampleMethod", bad)));
            assertRefused(refused, 400, "InvalidParameter");
            assertTrue(Json.readOrNull(refused.body()).path("message").asText().contains("frameSampleMethod"), refused.body());
        }
        assertRefused(submit("llm-sandbox", "application/json",
                "{\"videoUrl\":\"https://example.com/a.mp4\",\"frameSampleMethod\":{\"pixel\":1024}}"), 400, "InvalidParameter");
        assertEquals(200, submit("llm-sandbox", "application/json", "{\"videoUrl\":\"https://example.com/a.mp4\","
                + "\"frameSampleMethod\":{\"methodName\":\"userdefined\",\"interval\":5.0,\"pixel\":300}}").statusCode());
        assertRefused(submit("llm-sandbox", "application/x-www-form-urlencoded", form(Map.of("videoUrl", "https://example.com/a.mp4",
                "modelCustomPromptTemplate", "only {videoAsrText}"))), 400, "InvalidParameter");
        assertRefused(submit("llm-sandbox", "application/x-www-form-urlencoded", form(Map.of("videoUrl", "https://example.com/a.mp4",
                "snapshotInterval", "11"))), 400, "InvalidParameter");
        // videoExtraInfo without the variable in a template is taken: the vendor doc only advises adding {videoExtraInfo}
        assertEquals(200, submit("llm-sandbox", "application/x-www-form-urlencoded", form(Map.of("videoUrl", "https://example.com/a.mp4",
                "videoExtraInfo", "a product launch"))).statusCode());

        VendorRequest otherVersion = new VendorRequest("POST", sandbox.baseUrl("bailian") + "/llm-sandbox" + APP + "submitVideoAnalysisTask",
                null, Map.of("x-acs-action", "SubmitVideoAnalysisTask", "x-acs-version", "2023-01-01",
                "content-type", "application/x-www-form-urlencoded"), form(Map.of("videoUrl", "https://example.com/a.mp4")));
        HttpResponse<String> version = send(otherVersion);
        assertEquals(400, version.statusCode(), version.body());
        assertEquals("InvalidVersion", Json.readOrNull(version.body()).path("Code").asText(), version.body());
    }

    @Test
    void a_forced_status_ends_the_task_that_way() throws Exception {
        sandbox.control().setFault(new FaultPlan("bailian", "SubmitVideoAnalysisTask", null, null, "CANCELED", null, null, null));
        String taskId = Json.readOrNull(submit("llm-sandbox", "application/x-www-form-urlencoded",
                form(Map.of("videoUrl", "https://example.com/a.mp4"))).body()).path("data").path("taskId").asText();
        clock.advance(Duration.ofMillis(2100));
        assertEquals("CANCELED", get(taskId).path("data").path("taskStatus").asText());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = Json.readOrNull(response.body());
        assertFalse(body.path("success").asBoolean(true), response.body());
        assertEquals(code, body.path("code").asText(), response.body());
        assertTrue(body.hasNonNull("requestId") && body.hasNonNull("message"), response.body());
    }
}
