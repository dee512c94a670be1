package io.mediagate.sandbox.ice;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's ICE against ICE's API doc, with hand-built RPC requests (every parameter in the query, action
 * and version in {@code x-acs-*} headers, V3-signed): the errors in Alibaba's body, the status values over the task
 * duration, and output objects really written into the sandbox's OSS.
 */
class IceSandboxContractTest {

    private static final String KEY = "LTAIice:secret";

    private SandboxServer sandbox;
    /** The sandbox's time, moved by hand; it starts now, so requests signed with the real time are within its skew. */
    private final MovableClock clock = new MovableClock(Instant.now());
    private Acs3Signer signer;

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "2s")), Map.of("ice", KEY), clock).start();
        signer = new Acs3Signer(() -> Sandbox.alibabaKey(KEY));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> call(String action, Map<String, String> params) throws Exception {
        VendorRequest request = new VendorRequest("POST", sandbox.baseUrl("ice") + "/", Acs3Signer.formEncode(params),
                Map.of("x-acs-action", action, "x-acs-version", "2020-11-09"), null);
        return io.mediagate.testsupport.SignedCalls.send(signer, request);
    }

    private static Map<String, String> submit(String function, String input, String output) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("FunctionName", function);
        params.put("Input", "{\"Media\":\"" + input + "\",\"Type\":\"OSS\"}");
        params.put("Output", "{\"Media\":\"" + output + "\",\"Type\":\"OSS\"}");
        return params;
    }

    private OssBuckets oss() {
        return sandbox.emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
    }

    @Test
    void a_cover_job_queues_runs_and_succeeds_with_a_real_jpeg_in_the_output_folder() throws Exception {
        byte[] picture = TestMedia.image("png", 64, 48);
        oss().put(Sandbox.OSS_BUCKET, "in/still.png", picture, "image/png");
        HttpResponse<String> submitted = call("SubmitIProductionJob",
                submit("Cover", "oss://" + Sandbox.OSS_BUCKET + "/in/still.png", "oss://" + Sandbox.OSS_BUCKET + "/out/cover.jpg"));
        assertEquals(200, submitted.statusCode(), submitted.body());
        String jobId = Json.readOrNull(submitted.body()).path("JobId").asText();

        JsonNode first = Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body());
        assertEquals("Queuing", first.path("Status").asText(), first.toString());
        clock.advance(Duration.ofMillis(500));
        assertEquals("Analysing", Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body()).path("Status").asText());
        clock.advance(Duration.ofMillis(1600));
        JsonNode done = Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body());
        assertEquals("Success", done.path("Status").asText(), done.toString());
        assertTrue(done.path("Result").isTextual(), "Result is a JSON string, as the vendor doc shows");
        assertEquals("out/cover-00001.jpg", Json.readOrNull(done.path("Result").asText()).path(0).path("Url").asText(),
                "the cover's path in the bucket, as the vendor doc's cover/test-00001.jpg");
        String key = done.path("OutputFiles").path(0).asText();
        assertEquals("out/cover-00001.jpg", key, "OutputFiles are object paths in the output bucket, numbered after the"
                + " Output object's name as the vendor doc's cover/test-00001.jpg");
        var cover = ImageIO.read(new ByteArrayInputStream(oss().get(Sandbox.OSS_BUCKET, key).orElseThrow().content()));
        assertNotNull(cover);
        assertEquals(64, cover.getWidth(), "a decodable input becomes the cover itself");
        assertTrue(done.path("OutputUrls").path(0).asText().endsWith("/" + key));
    }

    @Test
    void missing_and_invalid_parameters_and_unknown_jobs_get_alibabas_codes() throws Exception {
        Map<String, String> noOutput = new LinkedHashMap<>(submit("Cover", "oss://b/a.mp4", "oss://b/o/out.mp4"));
        noOutput.remove("Output");
        assertError(call("SubmitIProductionJob", noOutput), 400, "MissingParameter");
        assertError(call("SubmitIProductionJob", submit("Thumbnail", "oss://b/a.mp4", "oss://b/o/out.mp4")), 400, "InvalidParameter");
        assertError(call("SubmitIProductionJob", submit("Cover", "https://example.com/a.mp4", "oss://b/o/out.mp4")), 400, "InvalidParameter");
        assertError(call("QueryIProductionJob", Map.of("JobId", "nope")), 404, "ResourceNotFound");
    }

    @Test
    void the_output_is_an_oss_object_and_a_folder_is_refused_as_ice_refuses_a_malformed_parameter() throws Exception {
        oss().put(Sandbox.OSS_BUCKET, "in/voice.wav", TestMedia.wav(8000, 8000), "audio/wav");
        String input = "oss://" + Sandbox.OSS_BUCKET + "/in/voice.wav";
        // ICE's API doc and the SDK's Output.Media: oss://bucket/object or http(s)://bucket.oss-<region>.aliyuncs.com/object
        assertError(call("SubmitIProductionJob", submit("SpeechDenoise", input, "oss://" + Sandbox.OSS_BUCKET + "/out/")), 400, "InvalidParameter");
        assertError(call("SubmitIProductionJob", submit("SpeechDenoise", input, "oss://" + Sandbox.OSS_BUCKET)), 400, "InvalidParameter");
        assertError(call("SubmitIProductionJob", submit("SpeechDenoise", input, "https://example.com/out.wav")), 400, "InvalidParameter");
        HttpResponse<String> byUrl = call("SubmitIProductionJob", submit("SpeechDenoise", input,
                "https://" + Sandbox.OSS_BUCKET + ".oss-" + Sandbox.OSS_REGION + ".aliyuncs.com/out/clean.wav"));
        assertEquals(200, byUrl.statusCode(), byUrl.body());
        HttpResponse<String> byPath = call("SubmitIProductionJob", submit("SpeechDenoise", input, "oss://" + Sandbox.OSS_BUCKET + "/out/clean.wav"));
        assertEquals(200, byPath.statusCode(), byPath.body());
        clock.advance(Duration.ofMillis(2100));
        JsonNode done = Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", Json.readOrNull(byPath.body()).path("JobId").asText())).body());
        assertEquals("Success", done.path("Status").asText(), done.toString());
        assertEquals("out/clean.wav", done.path("OutputFiles").path(0).asText(), "a single output is written at the named object: " + done);
        assertTrue(oss().get(Sandbox.OSS_BUCKET, "out/clean.wav").isPresent());
    }

    @Test
    void the_same_client_token_with_the_same_parameters_returns_the_same_job_and_makes_no_second_one() throws Exception {
        Map<String, String> first = submit("Cover", "oss://b/a.mp4", "oss://b/o/cover.jpg");
        first.put("ClientToken", "mediagate-0123456789abcdef0123456789abcdef-1700000000000");
        HttpResponse<String> created = call("SubmitIProductionJob", first);
        assertEquals(200, created.statusCode(), created.body());
        String jobId = Json.readOrNull(created.body()).path("JobId").asText();
        long jobs = sandbox.control().events("ice", "jobs-created");

        // the same parameters in another order, as a retry after a lost answer may send them
        Map<String, String> again = new LinkedHashMap<>();
        again.put("ClientToken", first.get("ClientToken"));
        again.put("Output", "{\"Type\":\"OSS\",\"Media\":\"oss://b/o/cover.jpg\"}");
        again.put("Input", first.get("Input"));
        again.put("FunctionName", "Cover");
        HttpResponse<String> repeated = call("SubmitIProductionJob", again);
        assertEquals(200, repeated.statusCode(), repeated.body());
        JsonNode answer = Json.readOrNull(repeated.body());
        assertEquals(jobId, answer.path("JobId").asText(), "the repeat names the first job: " + repeated.body());
        assertTrue(answer.hasNonNull("RequestId"), repeated.body());
        assertEquals(jobs, sandbox.control().events("ice", "jobs-created"), "no second job");
        assertEquals("Queuing", Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body()).path("Status").asText());

        Map<String, String> otherToken = new LinkedHashMap<>(first);
        otherToken.put("ClientToken", "mediagate-0123456789abcdef0123456789abcdef-1700000000001");
        String otherJob = Json.readOrNull(call("SubmitIProductionJob", otherToken).body()).path("JobId").asText();
        assertTrue(!otherJob.isEmpty() && !otherJob.equals(jobId), "another token is another job");
        assertEquals(jobs + 1, sandbox.control().events("ice", "jobs-created"));
    }

    @Test
    void the_same_client_token_with_other_parameters_is_refused_with_idempotent_parameter_mismatch() throws Exception {
        Map<String, String> first = submit("Cover", "oss://b/a.mp4", "oss://b/o/cover.jpg");
        first.put("ClientToken", "mediagate-fedcba9876543210fedcba9876543210-1700000000000");
        assertEquals(200, call("SubmitIProductionJob", first).statusCode());
        long jobs = sandbox.control().events("ice", "jobs-created");

        Map<String, String> changed = new LinkedHashMap<>(first);
        changed.put("Output", "{\"Media\":\"oss://b/elsewhere/cover.jpg\",\"Type\":\"OSS\"}");
        HttpResponse<String> refused = call("SubmitIProductionJob", changed);
        assertError(refused, 400, "IdempotentParameterMismatch");
        // ICE's documented error table, word for word
        assertEquals("The request uses the same client token as a previous, but non-identical request. Do not reuse a client"
                + " token with different requests, unless the requests are identical.", Json.readOrNull(refused.body()).path("Message").asText());
        assertEquals(jobs, sandbox.control().events("ice", "jobs-created"));
    }

    @Test
    void an_input_that_is_not_in_oss_ends_the_job_as_fail() throws Exception {
        HttpResponse<String> submitted = call("SubmitIProductionJob",
                submit("SpeechDenoise", "oss://" + Sandbox.OSS_BUCKET + "/none.wav", "oss://" + Sandbox.OSS_BUCKET + "/out/clean.wav"));
        String jobId = Json.readOrNull(submitted.body()).path("JobId").asText();
        clock.advance(Duration.ofMillis(2100));
        JsonNode done = Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body());
        assertEquals("Fail", done.path("Status").asText(), done.toString());
        assertTrue(done.path("Result").asText().contains("InputNotFound"), done.toString());
    }

    @Test
    void fault_plans_throttle_fail_and_are_counted() throws Exception {
        sandbox.control().setFault(new FaultPlan("ice", "SubmitIProductionJob", null, null, null, 1, null, null));
        assertError(call("SubmitIProductionJob", submit("Cover", "oss://b/a.mp4", "oss://b/o/out.mp4")), 400, "Throttling.User");
        sandbox.control().setFault(new FaultPlan("ice", "SubmitIProductionJob", 1.0, null, null, null, null, null));
        // ICE's error table spells its 503 ServiceUnAvailable (capital A)
        assertError(call("SubmitIProductionJob", submit("Cover", "oss://b/a.mp4", "oss://b/o/out.mp4")), 503, "ServiceUnAvailable");
        assertEquals(2, sandbox.control().calls("ice", "SubmitIProductionJob"));
    }

    @Test
    void a_tampered_request_is_refused_by_the_gateway_check() throws Exception {
        signer = new Acs3Signer(() -> Sandbox.alibabaKey("LTAIice:wrong-secret"));
        assertError(call("QueryIProductionJob", Map.of("JobId", "x")), 400, "SignatureDoesNotMatch");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        JsonNode body = Json.readOrNull(response.body());
        assertEquals(code, body.path("Code").asText(), response.body());
        assertTrue(body.hasNonNull("RequestId") && body.hasNonNull("Message"), response.body());
    }
}
