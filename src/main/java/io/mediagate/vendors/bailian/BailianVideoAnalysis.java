package io.mediagate.vendors.bailian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.job.Job;
import io.mediagate.job.JobSource;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.LocalMedia;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import io.mediagate.vendors.alibaba.AlibabaErrors;

import io.mediagate.media.oss.OssStore;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bailian light-app video analysis (quanmiaolightapp 2024-08-01): {@code SubmitVideoAnalysisTask} as an ROA
 * {@code POST /{workspaceId}/quanmiao/lightapp/videoAnalysis/submitVideoAnalysisTask} with a form body (nested
 * values as JSON strings, as Alibaba's SDK sends them), then {@code GetVideoAnalysisTask?taskId=…} until the
 * task ends. The video is the job file's {@code url}; the documented options come from params ({@code modelId},
 * {@code videoModelCustomPromptTemplate}, {@code frameSampleMethod}, {@code snapshotInterval}, {@code language},
 * {@code videoRoles}, {@code videoExtraInfo}, …) and are checked before sending where the API doc sets rules.
 */
public final class BailianVideoAnalysis implements VendorOperation {

    static final String VERSION = "2024-08-01";
    private static final String PRODUCT = "Alibaba Cloud Bailian";

    private final OperationSpec spec;
    private final String endpoint;
    private final String workspaceId;
    private final OssStore oss;

    /** @param oss where dropped videos are staged (and {@code oss://} paths presigned); null when OSS is not configured */
    BailianVideoAnalysis(OperationSpec spec, String endpoint, String workspaceId, OssStore oss) {
        this.spec = spec;
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.workspaceId = workspaceId;
        this.oss = oss;
    }

    @Override
    public OssPaths ossPaths() {
        return OssPaths.PRESIGNED; // Bailian takes the video by URL only
    }

    @Override
    public boolean stagesLocalMedia() {
        return true;
    }

    /**
     * The URL Bailian downloads the video from: the job's {@code url}, or a presigned URL (bounded by
     * {@code mediagate.oss.url-expiry}) of the staged file or of the job's {@code oss://} path.
     */
    private String videoUrl(Job job) {
        JobSource source = job.getSource();
        if (source.url != null) {
            return source.url;
        }
        if (source.ossPath() != null && oss != null) {
            return oss.presign(source.ossPath());
        }
        throw JobFailure.input("Bailian video analysis needs the video's http(s) URL: give \"url\" in " + source.name
                + (source.oss != null ? " (an oss:// path needs mediagate.oss.* set so the gateway can presign it)" : ""));
    }

    @Override
    public OperationSpec spec() {
        return spec;
    }

    private String base() {
        return endpoint + "/" + Acs3Signer.percentEncode(workspaceId) + "/quanmiao/lightapp/videoAnalysis/";
    }

    @Override
    public VendorRequest submit(Job job, LocalMedia media) {
        String url = videoUrl(job);
        ObjectNode fields = Json.object();
        fields.put("videoUrl", url);
        if (job.getParams() != null) {
            fields.setAll(job.getParams());
        }
        check(fields, job);
        Map<String, String> form = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isNull()) {
                form.put(field.getKey(), value.isValueNode() ? value.asText() : Json.write(value));
            }
        }
        Map<String, String> headers = headers("SubmitVideoAnalysisTask");
        headers.put("content-type", "application/x-www-form-urlencoded");
        return new VendorRequest("POST", base() + "submitVideoAnalysisTask", null, headers, Acs3Signer.formEncode(form));
    }

    /** Values of {@code frameSampleMethod.methodName}: the copy of the doc this was written from was cut off after
     * {@code standard}; the current
     * SubmitVideoAnalysisTask reference lists {@code fast}, {@code standard} (default) and {@code userdefined}. */
    static final java.util.Set<String> FRAME_SAMPLE_METHODS = java.util.Set.of("fast", "standard", "userdefined");

    /**
     * Bailian's documented rules, checked here so a wrong template or range fails at once instead of costing a vendor call.
     * {@code videoExtraInfo} is not checked: the doc only advises adding {@code {videoExtraInfo}} to a template for
     * the text to be used, and Bailian takes the field either way.
     */
    private static void check(ObjectNode fields, Job job) {
        String name = job.getSource().name;
        String vl = fields.path("videoModelCustomPromptTemplate").asText(null);
        if (vl != null && !vl.contains("{videoAsrText}")) {
            throw JobFailure.input("videoModelCustomPromptTemplate in " + name + " must contain the variable {videoAsrText} (Bailian's rule)");
        }
        String summary = fields.path("modelCustomPromptTemplate").asText(null);
        if (summary != null && !(summary.contains("{videoAsrText}") && summary.contains("{videoAnalysisText}"))) {
            throw JobFailure.input("modelCustomPromptTemplate in " + name
                    + " must contain both {videoAsrText} and {videoAnalysisText} (Bailian's rule)");
        }
        JsonNode interval = fields.get("snapshotInterval");
        if (interval != null && (!interval.isNumber() || interval.asDouble() < 1 || interval.asDouble() > 10)) {
            throw JobFailure.input("snapshotInterval in " + name + " must be a number of seconds from 1 to 10, not " + interval);
        }
        checkFrameSampleMethod(fields.get("frameSampleMethod"), name);
    }

    /** Bailian's rule: {@code methodName} a frame-sampling type, {@code interval} 1.0–5.0 s, {@code pixel} (longest side) 300–768. */
    private static void checkFrameSampleMethod(JsonNode method, String name) {
        if (method == null || method.isNull()) {
            return;
        }
        if (!method.isObject()) {
            throw JobFailure.input("frameSampleMethod in " + name + " must be an object {methodName, interval, pixel}, not " + method);
        }
        JsonNode methodName = method.get("methodName");
        if (methodName != null && !(methodName.isTextual() && FRAME_SAMPLE_METHODS.contains(methodName.asText()))) {
            throw JobFailure.input("frameSampleMethod.methodName in " + name + " must be one of " + new java.util.TreeSet<>(FRAME_SAMPLE_METHODS)
                    + ", not " + methodName);
        }
        JsonNode interval = method.get("interval");
        if (interval != null && (!interval.isNumber() || interval.asDouble() < 1.0 || interval.asDouble() > 5.0)) {
            throw JobFailure.input("frameSampleMethod.interval in " + name + " must be a number of seconds from 1.0 to 5.0 (Bailian's rule), not " + interval);
        }
        JsonNode pixel = method.get("pixel");
        if (pixel != null && (!pixel.isIntegralNumber() || pixel.asLong() < 300 || pixel.asLong() > 768)) {
            throw JobFailure.input("frameSampleMethod.pixel in " + name + " must be a whole number of pixels (the longest side) from 300 to 768"
                    + " (Bailian's rule), not " + pixel);
        }
    }

    @Override
    public VendorOutcome readSubmit(Job job, VendorResponse response) {
        JsonNode answer = Json.readOrNull(response.body());
        if (!response.isSuccess() || (answer != null && answer.has("success") && !answer.path("success").asBoolean())) {
            return AlibabaErrors.outcomeOf(response, PRODUCT);
        }
        String taskId = answer == null ? null : answer.path("data").path("taskId").asText(null);
        if (taskId == null) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(),
                    "Bailian accepted the task but named no taskId: " + response.body()
                            + ". Not sent again: the task may be running; check the Bailian console", false), null, -1);
        }
        return new VendorOutcome.Pending(taskId, answer.path("requestId").asText(null));
    }

    @Override
    public VendorRequest poll(Job job) {
        return new VendorRequest("GET", base() + "getVideoAnalysisTask", "taskId=" + Acs3Signer.percentEncode(job.getTaskId()),
                headers("GetVideoAnalysisTask"), null);
    }

    @Override
    public VendorOutcome readPoll(Job job, VendorResponse response) {
        JsonNode answer = Json.readOrNull(response.body());
        if (!response.isSuccess() || (answer != null && answer.has("success") && !answer.path("success").asBoolean())) {
            // throttling or an internal error of the status call itself: the task may well be running
            return AlibabaErrors.outcomeOf(response, PRODUCT);
        }
        if (answer == null) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(),
                    "Bailian sent a status answer that is not JSON: " + response.body(), true), null, -1);
        }
        String requestId = answer.path("requestId").asText(null);
        JsonNode data = answer.path("data");
        String status = data.path("taskStatus").asText("");
        String securityError = data.path("header").path("errorCode").asText("");
        if (securityError.equals("ViolationOfSecurityPolicy")) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.input, securityError, 200,
                    "Bailian refused the video under its security policy: " + data.path("header").path("errorMessage").asText(""),
                    false), requestId, -1);
        }
        return switch (status) {
            // SUSPENDED is a pause, not an end: keep asking until the task resumes or the deadline passes
            case "PENDING", "RUNNING", "SUSPENDED" -> new VendorOutcome.Pending(job.getTaskId(), requestId);
            case "SUCCESSED", "SUCCEEDED", "SUCCESS" -> new VendorOutcome.Done(data.path("payload").path("output"),
                    data.path("payload").get("usage"), requestId);
            default -> new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, status.isEmpty() ? "UnknownStatus" : status, 200,
                    "the Bailian task " + job.getTaskId() + " ended with status " + (status.isEmpty() ? "(none)" : status)
                            + (data.hasNonNull("errorMessage") ? ": " + data.get("errorMessage").asText() : ""), false), requestId, -1);
        };
    }

    private static Map<String, String> headers(String action) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", VERSION);
        headers.put("Accept", "application/json");
        return headers;
    }
}
