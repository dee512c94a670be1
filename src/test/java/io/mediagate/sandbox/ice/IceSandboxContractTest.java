package io.mediagate.sandbox.ice;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.job.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendor.VendorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's ICE against vendor-contracts §3, with hand-built RPC requests (every parameter in the query, action
 * and version in {@code x-acs-*} headers, V3-signed): the errors in Alibaba's body, the status values over the task
 * duration, and output objects really written into the sandbox's OSS.
 */
class IceSandboxContractTest {

    private static final String KEY = "LTAIice:secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SandboxServer sandbox;
    private Acs3Signer signer;

    @BeforeEach
    void start() {
        sandbox = Sandbox.create(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "2s")), Map.of("ice", KEY)).start();
        signer = new Acs3Signer(() -> Sandbox.alibabaKey(KEY));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private HttpResponse<String> call(String action, Map<String, String> params) throws Exception {
        VendorRequest request = new VendorRequest("POST", sandbox.baseUrl("ice") + "/", Acs3Signer.formEncode(params),
                Map.of("x-acs-action", action, "x-acs-version", "2020-11-09"), null);
        signer.sign(request);
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.url() + "?" + request.query()))
                .POST(HttpRequest.BodyPublishers.noBody());
        request.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host")) {
                http.header(k, v);
            }
        });
        return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
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
                submit("Cover", "oss://" + Sandbox.OSS_BUCKET + "/in/still.png", "oss://" + Sandbox.OSS_BUCKET + "/out/"));
        assertEquals(200, submitted.statusCode(), submitted.body());
        String jobId = Json.readOrNull(submitted.body()).path("JobId").asText();

        JsonNode first = Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body());
        assertEquals("Queuing", first.path("Status").asText(), first.toString());
        Thread.sleep(500);
        assertEquals("Analysing", Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body()).path("Status").asText());
        Thread.sleep(1600);
        JsonNode done = Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body());
        assertEquals("Success", done.path("Status").asText(), done.toString());
        assertTrue(done.path("Result").isTextual(), "Result is a JSON string, as the seed shows");
        assertEquals("cover-00001.jpg", Json.readOrNull(done.path("Result").asText()).path(0).path("Url").asText());
        String key = done.path("OutputFiles").path(0).asText();
        assertEquals("out/cover-00001.jpg", key, "OutputFiles are object paths in the output bucket");
        var cover = ImageIO.read(new ByteArrayInputStream(oss().get(Sandbox.OSS_BUCKET, key).orElseThrow().content()));
        assertNotNull(cover);
        assertEquals(64, cover.getWidth(), "a decodable input becomes the cover itself");
        assertTrue(done.path("OutputUrls").path(0).asText().endsWith("/" + key));
    }

    @Test
    void missing_and_invalid_parameters_and_unknown_jobs_get_alibabas_codes() throws Exception {
        Map<String, String> noOutput = new LinkedHashMap<>(submit("Cover", "oss://b/a.mp4", "oss://b/o/"));
        noOutput.remove("Output");
        assertError(call("SubmitIProductionJob", noOutput), 400, "MissingParameter");
        assertError(call("SubmitIProductionJob", submit("Thumbnail", "oss://b/a.mp4", "oss://b/o/")), 400, "InvalidParameter");
        assertError(call("SubmitIProductionJob", submit("Cover", "https://example.com/a.mp4", "oss://b/o/")), 400, "InvalidParameter");
        assertError(call("QueryIProductionJob", Map.of("JobId", "nope")), 404, "ResourceNotFound");
    }

    @Test
    void an_input_that_is_not_in_oss_ends_the_job_as_fail() throws Exception {
        HttpResponse<String> submitted = call("SubmitIProductionJob",
                submit("SpeechDenoise", "oss://" + Sandbox.OSS_BUCKET + "/none.wav", "oss://" + Sandbox.OSS_BUCKET + "/out/"));
        String jobId = Json.readOrNull(submitted.body()).path("JobId").asText();
        Thread.sleep(2100);
        JsonNode done = Json.readOrNull(call("QueryIProductionJob", Map.of("JobId", jobId)).body());
        assertEquals("Fail", done.path("Status").asText(), done.toString());
        assertTrue(done.path("Result").asText().contains("InputNotFound"), done.toString());
    }

    @Test
    void fault_plans_throttle_fail_and_are_counted() throws Exception {
        sandbox.control().setFault(new FaultPlan("ice", "SubmitIProductionJob", null, null, null, 1, null, null));
        assertError(call("SubmitIProductionJob", submit("Cover", "oss://b/a.mp4", "oss://b/o/")), 400, "Throttling.User");
        sandbox.control().setFault(new FaultPlan("ice", "SubmitIProductionJob", 1.0, null, null, null, null, null));
        assertError(call("SubmitIProductionJob", submit("Cover", "oss://b/a.mp4", "oss://b/o/")), 503, "ServiceUnavailable");
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
