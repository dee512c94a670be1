package io.mediagate.sandbox;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.testsupport.LoopbackMedia;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sandbox's Bailian and Baidu answers have the shapes of their
 * examples: Bailian's submit and finished task, Baidu's token, classification and error body.
 *
 * <p>Optional fields: a finished Bailian task carries the {@code payload.output} parts its {@code generateOptions}
 * asked for; the sandbox answers video analysis, the derived example's part. {@code errorMessage} appears only on a
 * failed task, {@code taskRunInfo} and {@code header} are not produced by the sandbox and are optional in Bailian's API doc's list.
 * Baidu's token answer: Baidu's documented sample has six fields; the Baidu SDKs need {@code access_token}, {@code expires_in} and
 * {@code scope}; the others ({@code refresh_token}, {@code session_key}, {@code session_secret}) are compared too.
 */
class SeedShapeBailianBaiduTest {

    private static final String KEY = "LTAIbailian:secret";
    private static final String APP = "/llm-sandbox/quanmiao/lightapp/videoAnalysis/";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static SandboxServer sandbox;
    private static LoopbackMedia media;
    private static final Acs3Signer SIGNER = new Acs3Signer(() -> Sandbox.alibabaKey(KEY));

    @BeforeAll
    static void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "0s")),
                Map.of("ice", KEY, "baidu", "ak-1:sk-1")).start();
        media = new LoopbackMedia();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
        media.close();
    }

    @Test
    void bailian_submit_and_finished_task() throws Exception {
        JsonNode request = JsonShape.fixture("bailian/submit-video-analysis-task.request--contracts-4.2.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) request).put("videoUrl", media.serve("v.mp4", TestMedia.mp4Video(640, 360, 25, 100)));
        HttpResponse<String> submitted = send(new VendorRequest("POST", sandbox.baseUrl("bailian") + APP + "submitVideoAnalysisTask", null,
                Map.of("x-acs-action", "SubmitVideoAnalysisTask", "x-acs-version", "2024-08-01", "content-type", "application/json"),
                Json.write(request)));
        assertEquals(200, submitted.statusCode(), submitted.body());
        JsonNode answer = Json.readOrNull(submitted.body());
        JsonShape.ofFixture("bailian/submit-video-analysis-task.response--003-normal-return-sample.json").assertMatches(answer, "submit");

        HttpResponse<String> task = send(new VendorRequest("GET", sandbox.baseUrl("bailian") + APP + "getVideoAnalysisTask",
                "taskId=" + answer.path("data").path("taskId").asText(),
                Map.of("x-acs-action", "GetVideoAnalysisTask", "x-acs-version", "2024-08-01"), null));
        assertEquals(200, task.statusCode(), task.body());
        JsonShape.ofFixture("bailian/get-video-analysis-task.response--contracts-4.3.json")
                .assertMatches(Json.readOrNull(task.body()), "finished task");
    }

    @Test
    void baidu_token_classification_and_error() throws Exception {
        String base = sandbox.baseUrl("baidu");
        JsonNode token = Json.readOrNull(HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=ak-1&client_secret=sk-1")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonShape.ofFixture("baidu/token.response--contracts-2.1.json").assertMatches(token, "token");
        JsonNode badToken = Json.readOrNull(HTTP.send(HttpRequest.newBuilder(URI.create(base
                + "/oauth/2.0/token?grant_type=client_credentials&client_id=nope&client_secret=sk-1")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonShape.ofFixture("baidu/token-error.response--contracts-2.1.json").assertMatches(badToken, "token error");

        // Baidu's documented body example, with a real image in place of its placeholder
        JsonNode body = JsonShape.fixture("baidu/classify.request--001-body-example.json");
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("image", Base64.getEncoder().encodeToString(TestMedia.image("jpg", 64, 64)));
        String classify = base + "/rpc/2.0/ai_custom/v1/classification/flowers?access_token=";
        JsonNode classified = Json.readOrNull(HTTP.send(HttpRequest.newBuilder(URI.create(classify + token.path("access_token").asText()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonShape.ofFixture("baidu/classify.response--contracts-2.2.json").assertMatches(classified, "classification");

        JsonNode invalid = Json.readOrNull(HTTP.send(HttpRequest.newBuilder(URI.create(classify + "not-a-token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        JsonShape.ofFixture("baidu/error.response--001-error-codes.json").assertMatches(invalid, "token error of the classification");
    }

    private static HttpResponse<String> send(VendorRequest request) throws Exception {
        return io.mediagate.testsupport.SignedCalls.send(SIGNER, request);
    }
}
