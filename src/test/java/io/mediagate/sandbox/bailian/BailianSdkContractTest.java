package io.mediagate.sandbox.bailian;

import io.mediagate.modules.VendorModules;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.Client;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import io.mediagate.config.Settings;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bailian's video analysis through Alibaba's generic OpenAPI client ({@code com.aliyun:tea-openapi}, V3 signature),
 * unmodified, pointed at the standalone sandbox's root address, with the request built exactly as the
 * quanmiaolightapp-20240801 SDK's {@code submitVideoAnalysisTaskWithOptions} / {@code getVideoAnalysisTaskWithOptions}
 * build it (aliyun/alibabacloud-java-sdk): a form body whose nested values are JSON strings, the workspace in the
 * path, Style ROA. (That SDK itself is not served by the registry here; its request is rebuilt from its source.)
 */
class BailianSdkContractTest {

    private static final String WORKSPACE = "llm-sandbox";
    private static SandboxServer sandbox;

    @BeforeAll
    static void start() {
        // as `mediagate.jar sandbox` starts it (its default keys and workspace), with tasks that end at once
        sandbox = VendorModules.sandbox("127.0.0.1", 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "0s")),
                Sandbox.standaloneKeys(Map.of())).start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @Test
    void a_video_analysis_is_submitted_and_got_until_successed() throws Exception {
        Client client = client("sandbox-secret");
        Map<String, ?> submitted = client.callApi(submitParams(WORKSPACE), submitRequest(), new RuntimeOptions());
        assertEquals(200, submitted.get("statusCode"));
        Map<?, ?> body = (Map<?, ?>) submitted.get("body");
        assertEquals(true, body.get("success"), body.toString());
        String taskId = (String) ((Map<?, ?>) body.get("data")).get("taskId");
        assertNotNull(taskId, body.toString());

        Map<?, ?> data = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, ?> got = client.callApi(getParams(WORKSPACE), getRequest(taskId), new RuntimeOptions());
            data = (Map<?, ?>) ((Map<?, ?>) got.get("body")).get("data");
            if ("SUCCESSED".equals(data.get("taskStatus"))) {
                break;
            }
        }
        assertEquals("SUCCESSED", data.get("taskStatus"), String.valueOf(data));
        assertEquals(taskId, data.get("taskId"));
        Map<?, ?> output = (Map<?, ?>) ((Map<?, ?>) data.get("payload")).get("output");
        assertTrue(output.get("videoAnalysisResult") instanceof Map, String.valueOf(data));
        // the form body carries the space as '+' (URLEncoder): the sandbox must read the URL the SDK meant
        String text = String.valueOf(((Map<?, ?>) output.get("videoAnalysisResult")).get("text"));
        assertTrue(text.contains("https://example.com/videos/sdk clip.mp4"), text);
    }

    @Test
    void a_wrong_secret_is_refused_with_alibabas_code() throws Exception {
        TeaException refused = assertThrows(TeaException.class,
                () -> client("not-the-secret").callApi(submitParams(WORKSPACE), submitRequest(), new RuntimeOptions()));
        assertEquals("SignatureDoesNotMatch", refused.getCode(), refused.getMessage());
    }

    @Test
    void another_workspace_is_refused_as_the_seed_shows() throws Exception {
        TeaException refused = assertThrows(TeaException.class,
                () -> client("sandbox-secret").callApi(submitParams("llm-someone-else"), submitRequest(), new RuntimeOptions()));
        assertEquals("NoPermission", refused.getCode(), refused.getMessage());
        assertEquals(403, refused.getData().get("statusCode"));
    }

    private static Client client(String secret) throws Exception {
        return new Client(new Config()
                .setAccessKeyId("sandbox-id")
                .setAccessKeySecret(secret)
                .setProtocol("http")
                .setEndpoint("127.0.0.1:" + sandbox.port()));
    }

    /** As {@code submitVideoAnalysisTaskWithOptions} builds it: nested values JSON-stringified, the rest as they are. */
    private static OpenApiRequest submitRequest() throws Exception {
        Map<String, Object> frameSampleMethod = new LinkedHashMap<>();
        frameSampleMethod.put("methodName", "standard");
        frameSampleMethod.put("interval", 2.0);
        frameSampleMethod.put("pixel", 768);
        Map<String, Object> role = new LinkedHashMap<>();
        role.put("roleName", "张三");
        role.put("roleInfo", "张三是一个男生");
        role.put("urls", List.of("https://example.com/zhangsan.png"));

        Map<String, Object> body = new HashMap<>();
        body.put("frameSampleMethod", com.aliyun.openapiutil.Client.arrayToStringWithSpecifiedStyle(frameSampleMethod, "frameSampleMethod", "json"));
        body.put("generateOptions", com.aliyun.openapiutil.Client.arrayToStringWithSpecifiedStyle(List.of("videoAnalysis"), "generateOptions", "json"));
        body.put("videoRoles", com.aliyun.openapiutil.Client.arrayToStringWithSpecifiedStyle(List.of(role), "videoRoles", "json"));
        body.put("language", "chinese");
        body.put("videoModelId", "qwen-vl-max-latest");
        body.put("videoModelCustomPromptTemplate", "Describe each key frame, then the plot. ASR: {videoAsrText}");
        body.put("videoUrl", "https://example.com/videos/sdk clip.mp4");
        return OpenApiRequest.build(Map.of("headers", new HashMap<String, String>(),
                "body", com.aliyun.openapiutil.Client.parseToMap(body)));
    }

    private static OpenApiRequest getRequest(String taskId) throws Exception {
        return OpenApiRequest.build(Map.of("headers", new HashMap<String, String>(),
                "query", com.aliyun.openapiutil.Client.query(Map.of("taskId", taskId))));
    }

    private static Params submitParams(String workspace) throws Exception {
        return params("SubmitVideoAnalysisTask", workspace, "submitVideoAnalysisTask", "POST", "formData");
    }

    private static Params getParams(String workspace) throws Exception {
        return params("GetVideoAnalysisTask", workspace, "getVideoAnalysisTask", "GET", "json");
    }

    private static Params params(String action, String workspace, String api, String method, String reqBodyType) throws Exception {
        return Params.build(Map.of(
                "action", action,
                "version", "2024-08-01",
                "protocol", "HTTP",
                "pathname", "/" + com.aliyun.openapiutil.Client.getEncodeParam(workspace) + "/quanmiao/lightapp/videoAnalysis/" + api,
                "method", method,
                "authType", "AK",
                "style", "ROA",
                "reqBodyType", reqBodyType,
                "bodyType", "json"));
    }
}
