package io.mediagate.sandbox.bailian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.alibaba.Acs3Verifier;
import io.mediagate.sandbox.alibaba.AlibabaGateway;
import io.mediagate.sandbox.alibaba.AlibabaProductEmulator;

import io.mediagate.media.MediaProbe;
import io.mediagate.media.MediaTypes;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.LoopbackFetch;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bailian's SubmitVideoAnalysisTask and GetVideoAnalysisTask as the sandbox plays them (quanmiaolightapp
 * 2024-08-01, https://help.aliyun.com/zh/model-studio/api-quanmiaolightapp-2024-08-01-getvideoanalysistask): the Alibaba gateway's V3 signature check, {@code 403 NoPermission} for another workspace, the form body of
 * the SDK or a JSON body, the API version, the documented template and range rules ({@link BailianParameterRules}), and tasks {@code PENDING} → {@code RUNNING} →
 * {@code SUCCESSED} (sic) over the task duration with a video analysis result and token usage.
 */
public final class BailianEmulator extends AlibabaProductEmulator {

    public static final String VENDOR = "bailian";
    private static final String APP = "/quanmiao/lightapp/videoAnalysis/";
    /** The only API version of the light app (2024-08-01); the Alibaba gateway refuses any other. */
    private static final String VERSION = "2024-08-01";

    private record Task(String id, String videoUrl, Instant created, String forcedStatus) {
    }

    /** How a task ended: its status, and what the sandbox learned from the downloaded video (or why it could not). */
    private record Ending(String status, long videoBytes, Double seconds, String errorMessage) {
    }

    private final Map<String, Ending> endings = new ConcurrentHashMap<>();
    private final LoopbackFetch downloads = new LoopbackFetch();

    private final String workspaceId;
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();

    public BailianEmulator(AlibabaGateway gateway, String workspaceId, Duration taskDuration, SandboxControl control, Clock clock) {
        super(VENDOR, gateway, taskDuration, control, clock);
        this.workspaceId = workspaceId;
    }

    @Override
    protected SandboxResponse answer(SandboxRequest request, String action) {
        if (!VERSION.equals(request.header("x-acs-version"))) {
            return Acs3Verifier.error(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        int app = request.path().indexOf(APP);
        if (app < 1) {
            return Acs3Verifier.error(404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method.");
        }
        String workspace = java.net.URLDecoder.decode(request.path().substring(1, app), java.nio.charset.StandardCharsets.UTF_8);
        if (!workspace.equals(workspaceId)) {
            return failure(403, "NoPermission", "You are not authorized to perform this action , Please check the assignment of the workspaceId.");
        }
        String api = request.path().substring(app + APP.length());
        if (api.equals("submitVideoAnalysisTask") && "POST".equals(request.method()) && "SubmitVideoAnalysisTask".equals(action)) {
            return submit(request);
        }
        if (api.equals("getVideoAnalysisTask") && "GET".equals(request.method()) && "GetVideoAnalysisTask".equals(action)) {
            return get(request.query().get("taskId"));
        }
        return Acs3Verifier.error(404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method.");
    }

    private SandboxResponse submit(SandboxRequest request) {
        Map<String, String> fields;
        String contentType = String.valueOf(request.header("content-type"));
        if (contentType.startsWith("application/json")) {
            JsonNode json = Json.readOrNull(request.bodyText());
            if (json == null || !json.isObject()) {
                return failure(400, "InvalidParameter", "The request body is not valid JSON.");
            }
            fields = new java.util.HashMap<>();
            json.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue().isValueNode() ? f.getValue().asText() : Json.write(f.getValue())));
        } else {
            // a form body: '+' is a space (the SDKs' URLEncoder writes spaces so)
            fields = SandboxRequest.decodeParams(request.bodyText());
        }
        String videoUrl = fields.get("videoUrl");
        if (videoUrl == null || !videoUrl.matches("https?://.+")) {
            return failure(400, "InvalidParameter", "videoUrl is required and must be an http(s) URL.");
        }
        String invalid = BailianParameterRules.violation(fields);
        if (invalid != null) {
            return failure(400, "InvalidParameter", invalid);
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        String forced = control.plan(VENDOR, "SubmitVideoAnalysisTask").map(FaultPlan::forceStatus).orElse(null);
        tasks.put(id, new Task(id, videoUrl, clock.instant(), forced));
        control.countEvent(VENDOR, "tasks-created");
        ObjectNode body = envelope(200);
        body.putObject("data").put("taskId", id);
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse get(String taskId) {
        Task task = taskId == null ? null : tasks.get(taskId);
        if (task == null) {
            return failure(400, "InvalidParameter", "The task " + taskId + " does not exist.");
        }
        Duration age = Duration.between(task.created(), clock.instant());
        String status = stateAt(age, "PENDING", "RUNNING", "ENDED");
        Ending ending = status.equals("ENDED") ? endings.computeIfAbsent(task.id(), id -> end(task)) : null;
        if (ending != null) {
            status = ending.status();
        }
        ObjectNode body = envelope(200);
        ObjectNode data = body.putObject("data");
        data.put("taskId", task.id());
        data.put("taskStatus", status);
        if (ending != null && ending.errorMessage() != null) {
            data.put("errorMessage", ending.errorMessage());
        }
        if (status.equals("SUCCESSED")) {
            ObjectNode output = data.putObject("payload").putObject("output");
            ObjectNode analysis = output.putObject("videoAnalysisResult");
            analysis.put("generateFinished", true);
            // never echo a presigned URL: its signature would end up in the user's envelope
            analysis.put("text", ending.videoBytes() < 0 ? "Sandbox analysis of " + task.videoUrl()
                    : "Sandbox analysis of a " + ending.videoBytes() + "-byte video"
                    + (ending.seconds() == null ? "" : " of " + ending.seconds() + " s"));
            ArrayNode shots = analysis.putArray("videoShotAnalysisResults");
            shots.addObject().put("startTime", 0).put("endTime", 2000).put("text", "opening shot");
            shots.addObject().put("startTime", 2000).put("endTime", 4000).put("text", "closing shot");
            ObjectNode usage = ((ObjectNode) data.path("payload")).putObject("usage");
            usage.put("inputTokens", 1200).put("outputTokens", 300).put("totalTokens", 1500);
        }
        return SandboxResponse.json(200, body);
    }

    /**
     * Fetches the video once, as Bailian does before analysing it: a loopback URL (the sandbox's own OSS, a
     * presigned URL) is really downloaded, so an expired or tampered URL fails the task; other hosts are out of the
     * sandbox's reach and taken as readable.
     */
    private Ending end(Task task) {
        if (task.forcedStatus() != null) {
            return new Ending(task.forcedStatus(), 0, null, "forced by the sandbox's fault plan");
        }
        LoopbackFetch.Fetched fetched = downloads.fetch(task.videoUrl());
        if (fetched.error() != null) {
            return new Ending("FAILED", 0, null, "video download failed: " + fetched.error());
        }
        if (fetched.bytes() == null) {
            return new Ending("SUCCESSED", -1, null, null);
        }
        Double seconds = null;
        try {
            seconds = MediaProbe.probe(fetched.bytes(), MediaTypes.extension(URI.create(task.videoUrl()).getPath())).durationSeconds();
        } catch (MediaProbe.UnreadableMediaException | IOException | RuntimeException e) {
            // an undecodable video still gets an answer; the duration stays unknown
        }
        control.countEvent(VENDOR, "videos-downloaded");
        return new Ending("SUCCESSED", fetched.bytes().length, seconds, null);
    }

    private static ObjectNode envelope(int status) {
        ObjectNode body = Json.object();
        body.put("requestId", UUID.randomUUID().toString().toUpperCase());
        body.put("success", status == 200);
        body.put("code", status == 200 ? "successful" : null);
        body.put("message", status == 200 ? "success" : null);
        body.put("httpStatusCode", status);
        return body;
    }

    private static SandboxResponse failure(int status, String code, String message) {
        ObjectNode body = envelope(status);
        body.put("code", code);
        body.put("message", message);
        return SandboxResponse.json(status, body);
    }
}
