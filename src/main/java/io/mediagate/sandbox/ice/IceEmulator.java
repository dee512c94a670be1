package io.mediagate.sandbox.ice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.media.MediaTypes;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.alibaba.Acs3Verifier;
import io.mediagate.sandbox.alibaba.AlibabaGateway;
import io.mediagate.sandbox.alibaba.AlibabaProductEmulator;
import io.mediagate.vendors.ice.IceFunction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ICE's SubmitIProductionJob and QueryIProductionJob as the sandbox plays them (ICE API 2020-11-09, RPC style): the
 * Alibaba gateway's V3 or V2 signature check, RPC parameters from the query (or a form body), {@code MissingParameter} /
 * {@code InvalidParameter} / {@code ResourceNotFound} errors in Alibaba's body, {@code ClientToken} idempotency with
 * {@code IdempotentParameterMismatch} (HTTP 400), jobs {@code Queuing} →
 * {@code Analysing} → {@code Success} over the task duration with a {@code Result} JSON string and the output
 * files at (or numbered after) the requested Output object.
 */
public final class IceEmulator extends AlibabaProductEmulator {

    public static final String VENDOR = "ice";

    private record IceJob(String id, IceFunction function, JsonNode input, JsonNode output, Map<String, String> echoed, Instant created,
                          String forcedStatus) {
    }

    /** What a job left behind once it ended: its status, the output object keys and the Result string. */
    private record Ending(String status, List<String> outputKeys, String result) {
    }

    /** A ClientToken's first request and the job it made. */
    private record Submitted(JsonNode request, String jobId) {
    }

    /** SubmitIProductionJob's parameters, all in the query; those in JSON_PARAMETERS carry JSON. */
    private static final List<String> REQUEST_PARAMETERS = List.of("FunctionName", "Input", "Output", "JobParams", "TemplateId",
            "ScheduleConfig", "UserData", "Name", "ModelId");
    private static final java.util.Set<String> JSON_PARAMETERS = java.util.Set.of("Input", "Output", "JobParams", "ScheduleConfig");

    /** The optional submit parameters QueryIProductionJob gives back (its documented example shows each). */
    private static final List<String> ECHOED = List.of("Name", "TemplateId", "JobParams", "ScheduleConfig", "UserData");

    private final Map<String, IceJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, Submitted> tokens = new ConcurrentHashMap<>();
    private final Map<String, Ending> endings = new ConcurrentHashMap<>();
    private final OssBuckets buckets;

    public IceEmulator(AlibabaGateway gateway, OssBuckets buckets, Duration taskDuration, SandboxControl control, Clock clock) {
        super(VENDOR, gateway, taskDuration, control, clock);
        this.buckets = buckets;
    }

    /** ICE's error table (https://help.aliyun.com/document_detail/197855.html) spells its 503 with a capital A. */
    @Override
    protected String serviceUnavailableCode() {
        return "ServiceUnAvailable";
    }

    @Override
    protected SandboxResponse answer(SandboxRequest request, String action) {
        if (!"/".equals(request.path()) && !request.path().isEmpty()) {
            return Acs3Verifier.error(404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method.");
        }
        Map<String, String> params = AlibabaGateway.rpcParameters(request);
        String version = request.header("x-acs-version") != null ? request.header("x-acs-version") : params.get("Version");
        if (!"2020-11-09".equals(version)) {
            return Acs3Verifier.error(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        if ("SubmitIProductionJob".equals(action)) {
            return submit(params);
        }
        if ("QueryIProductionJob".equals(action)) {
            return query(params);
        }
        return Acs3Verifier.error(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
    }

    private SandboxResponse submit(Map<String, String> params) {
        for (String required : new String[]{"FunctionName", "Input", "Output"}) {
            if (params.get(required) == null || params.get(required).isBlank()) {
                return Acs3Verifier.error(400, "MissingParameter", "The input parameter \"" + required + "\" that is mandatory for processing this request is not supplied.");
            }
        }
        IceFunction function = Arrays.stream(IceFunction.values()).filter(f -> f.name().equals(params.get("FunctionName")))
                .findFirst().orElse(null);
        if (function == null) {
            return Acs3Verifier.error(400, "InvalidParameter", "The specified parameter FunctionName is not valid.");
        }
        JsonNode input = Json.readOrNull(params.get("Input"));
        JsonNode output = Json.readOrNull(params.get("Output"));
        if (input == null || !input.path("Media").isTextual() || !"OSS".equals(input.path("Type").asText())
                || !input.path("Media").asText().matches("(oss://[^/]+/.+)|(https?://[^/]+\\.oss-[^/]+\\.aliyuncs\\.com/.+)")) {
            return Acs3Verifier.error(400, "InvalidParameter", "The specified parameter Input is not valid.");
        }
        if (output == null || !isOssObject(output.path("Media").asText(null))) {
            // Output.Media names an OSS object (oss://bucket/object or its https URL), not a folder
            return Acs3Verifier.error(400, "InvalidParameter", "The specified parameter Output is not valid.");
        }
        if (params.containsKey("JobParams") && Json.readOrNull(params.get("JobParams")) == null) {
            return Acs3Verifier.error(400, "InvalidParameter", "The specified parameter JobParams is not valid JSON.");
        }
        String token = params.get("ClientToken");
        if (token == null || token.isBlank()) {
            IceJob job = create(function, input, output, params);
            return submitted(job.id());
        }
        // ClientToken, QueryIProductionJob's idempotency token: the same token with the same request answers the first job; with another request
        // it is refused with IdempotentParameterMismatch. Decided atomically, so two racing repeats make one job.
        JsonNode request = requestOf(params);
        Submitted[] outcome = new Submitted[1];
        tokens.compute(token, (key, earlier) -> {
            outcome[0] = earlier != null ? earlier : new Submitted(request, create(function, input, output, params).id());
            return outcome[0];
        });
        if (!outcome[0].request().equals(request)) {
            return Acs3Verifier.error(400, "IdempotentParameterMismatch", "The request uses the same client token as a previous,"
                    + " but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.");
        }
        return submitted(outcome[0].jobId());
    }

    private IceJob create(IceFunction function, JsonNode input, JsonNode output, Map<String, String> params) {
        String id = UUID.randomUUID().toString().replace("-", "");
        String forced = control.plan(VENDOR, "SubmitIProductionJob").map(FaultPlan::forceStatus).orElse(null);
        Map<String, String> echoed = new java.util.LinkedHashMap<>();
        for (String optional : ECHOED) {
            if (params.get(optional) != null) {
                echoed.put(optional, params.get(optional));
            }
        }
        IceJob job = new IceJob(id, function, input, output, echoed, clock.instant(), forced);
        jobs.put(id, job);
        control.countEvent(VENDOR, "jobs-created");
        return job;
    }

    private static SandboxResponse submitted(String jobId) {
        ObjectNode body = Json.object();
        body.put("RequestId", requestId());
        body.put("JobId", jobId);
        return SandboxResponse.json(200, body);
    }

    /** An OSS object (not a folder) in either documented form: {@code oss://bucket/object} or its OSS https URL. */
    private static boolean isOssObject(String media) {
        return media != null && !media.endsWith("/") && OssLocation.parse(media).isPresent();
    }

    /**
     * What makes two submits "the same request": SubmitIProductionJob's own parameters, the JSON ones parsed so that
     * key order and spacing do not count; the token itself and any signature parameters are not part of it.
     */
    private static JsonNode requestOf(Map<String, String> params) {
        ObjectNode request = Json.object();
        for (String name : REQUEST_PARAMETERS) {
            String value = params.get(name);
            if (value != null) {
                JsonNode parsed = JSON_PARAMETERS.contains(name) ? Json.readOrNull(value) : null;
                request.set(name, parsed != null ? parsed : Json.MAPPER.getNodeFactory().textNode(value));
            }
        }
        return request;
    }

    private SandboxResponse query(Map<String, String> params) {
        String id = params.get("JobId");
        if (id == null || id.isBlank()) {
            return Acs3Verifier.error(400, "MissingParameter", "The input parameter \"JobId\" that is mandatory for processing this request is not supplied.");
        }
        IceJob job = jobs.get(id);
        if (job == null) {
            return Acs3Verifier.error(404, "ResourceNotFound", "The specified job " + id + " does not exist.");
        }
        Duration age = Duration.between(job.created(), clock.instant());
        String status = stateAt(age, "Queuing", "Analysing", "Done");
        ObjectNode body = Json.object();
        body.put("RequestId", requestId());
        body.put("JobId", job.id());
        body.put("FunctionName", job.function().name());
        body.set("Input", job.input());
        body.set("Output", job.output());
        job.echoed().forEach((name, value) -> {
            if (name.equals("ScheduleConfig") && Json.readOrNull(value) instanceof ObjectNode config) {
                body.set(name, config); // an object in the documented answer, a JSON string in the request
            } else {
                body.put(name, value);
            }
        });
        body.put("CreateTime", job.created().toString().replaceAll("\\.\\d+Z$", "Z"));
        if (!status.equals("Done")) {
            body.put("Status", status);
            return SandboxResponse.json(200, body);
        }
        Ending ending = endings.computeIfAbsent(job.id(), ended -> end(job));
        body.put("Status", ending.status());
        body.put("FinishTime", job.created().plus(taskDuration).toString().replaceAll("\\.\\d+Z$", "Z"));
        body.put("Result", ending.result());
        String bucket = OssLocation.parse(job.output().path("Media").asText()).map(OssLocation::bucket).orElse("");
        ArrayNode files = body.putArray("OutputFiles");
        ArrayNode urls = body.putArray("OutputUrls");
        for (String key : ending.outputKeys()) {
            // as the documented example shows: the object's path in the output bucket, and its OSS URL
            files.add(key);
            urls.add("http://" + bucket + ".oss-" + io.mediagate.sandbox.oss.OssEmulator.REGION + ".aliyuncs.com/" + key);
        }
        return SandboxResponse.json(200, body);
    }

    /**
     * Runs the job once: reads the input from the emulated OSS, writes the outputs under the Output location and
     * keeps the Result. A missing input or output bucket fails the job, as ICE does when it cannot read or write OSS.
     */
    private Ending end(IceJob job) {
        if (job.forcedStatus() != null) {
            return new Ending(job.forcedStatus(), List.of(), Json.write(Json.object().put("Message", "forced by the sandbox's fault plan")));
        }
        OssLocation input = OssLocation.parse(job.input().path("Media").asText()).orElse(null);
        OssLocation output = OssLocation.parse(job.output().path("Media").asText()).orElse(null);
        byte[] content = input == null ? null : buckets.get(input.bucket(), input.key()).map(OssBuckets.StoredObject::content).orElse(null);
        if (content == null) {
            return new Ending("Fail", List.of(), Json.write(Json.object().put("Code", "InputNotFound")
                    .put("Message", "cannot read the input " + job.input().path("Media").asText() + ": the object does not exist")));
        }
        if (output == null || !buckets.hasBucket(output.bucket())) {
            return new Ending("Fail", List.of(), Json.write(Json.object().put("Code", "OutputNotWritable")
                    .put("Message", "cannot write to " + job.output().path("Media").asText() + ": the bucket does not exist")));
        }
        IceOutputs outputs = IceOutputs.of(job.function(), input.fileName(), content, output.key());
        List<String> keys = new ArrayList<>();
        outputs.files().forEach((key, bytes) -> {
            buckets.put(output.bucket(), key, bytes, MediaTypes.mimeType(MediaTypes.extension(key)));
            keys.add(key);
        });
        control.countEvent(VENDOR, "outputs-written");
        return new Ending("Success", keys, Json.write(outputs.result()));
    }

    private static String requestId() {
        return UUID.randomUUID().toString().toUpperCase();
    }
}
