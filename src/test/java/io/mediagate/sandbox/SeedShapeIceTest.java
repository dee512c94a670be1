package io.mediagate.sandbox;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.http.VendorRequest;
import io.mediagate.vendors.ice.IceFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sandbox's ICE answers have the shape of ICE's documented QueryIProductionJob example, and each function's
 * {@code Result} the shape of the vendor's sample for it; the submit answer that of ICE's API doc.
 *
 * <p>The vendor doc's example echoes every optional request parameter (Name, TemplateId, JobParams, ScheduleConfig,
 * UserData), so the submits here send them all. {@code Output.OutputUrl} and {@code OutputMediaIds} concern
 * {@code Type=Media} outputs (ICE's QueryIProductionJob doc: "當 Type=Media 時"); the sandbox writes OSS outputs, so they are optional.
 * {@code Output.Biz} is an optional part of the Output the submit gives (ICE's API doc): echoed when sent.
 */
class SeedShapeIceTest {

    private static final String KEY = "LTAIice:secret";
    private static SandboxServer sandbox;
    private static Acs3Signer signer;

    @BeforeAll
    static void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "0s")), Map.of("ice", KEY)).start();
        signer = new Acs3Signer(() -> Sandbox.alibabaKey(KEY));
        var oss = sandbox.emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
        oss.put(Sandbox.OSS_BUCKET, "in/clip.mp4", TestMedia.mp4Video(640, 360, 25, 250), "video/mp4");
        oss.put(Sandbox.OSS_BUCKET, "in/voice.wav", TestMedia.wav(8000, 16000), "audio/wav");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void submit() throws Exception {
        JsonShape.ofFixture("ice/submit-iproduction-job.response--contracts-3.3.json")
                .assertMatches(call("SubmitIProductionJob", submitParams(IceFunction.Cover)), "SubmitIProductionJob");
    }

    @ParameterizedTest
    @EnumSource(IceFunction.class)
    void a_finished_job_and_its_result(IceFunction function) throws Exception {
        String jobId = call("SubmitIProductionJob", submitParams(function)).path("JobId").asText();
        JsonNode done = call("QueryIProductionJob", Map.of("JobId", jobId));
        assertEquals("Success", done.path("Status").asText(), done.toString());
        JsonShape.ofFixture("ice/query-iproduction-job.response--002-normal-return-sample.json")
                .optional("$.Output.Biz", "$.Output.OutputUrl", "$.OutputMediaIds")
                .assertMatches(done, "QueryIProductionJob of " + function);
        String name = function.folder();
        JsonShape.ofFixture("ice/result-" + name + "--002-result-samples.json")
                .assertMatches(Json.readOrNull(done.path("Result").asText()), function + "'s Result");
    }

    private static Map<String, String> submitParams(IceFunction function) {
        boolean audio = function.extensions().contains("wav");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("FunctionName", function.name());
        params.put("Input", "{\"Media\":\"oss://" + Sandbox.OSS_BUCKET + (audio ? "/in/voice.wav" : "/in/clip.mp4") + "\",\"Type\":\"OSS\"}");
        params.put("Output", "{\"Media\":\"oss://" + Sandbox.OSS_BUCKET + "/out/" + function.folder() + "/{index}"
                + (audio ? ".wav" : ".mp4") + "\",\"Type\":\"OSS\"}");
        params.put("Name", "測試工作");
        params.put("TemplateId", "****96e8864746a0b6f3****");
        params.put("JobParams", "{\"Model\":\"gif\"}");
        params.put("ScheduleConfig", "{\"PipelineId\":\"a54fdc9c9aab413caef0d1150f565e86\",\"Priority\":6}");
        params.put("UserData", "{\"test\":1}");
        return params;
    }

    private static JsonNode call(String action, Map<String, String> params) throws Exception {
        VendorRequest request = new VendorRequest("POST", sandbox.baseUrl("ice") + "/", Acs3Signer.formEncode(params),
                Map.of("x-acs-action", action, "x-acs-version", "2020-11-09"), null);
        HttpResponse<String> response = io.mediagate.testsupport.SignedCalls.send(signer, request);
        assertEquals(200, response.statusCode(), response.body());
        return Json.readOrNull(response.body());
    }
}
