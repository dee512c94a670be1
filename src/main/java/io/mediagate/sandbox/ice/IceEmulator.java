package io.mediagate.sandbox.ice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.job.Json;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.alibaba.Acs3Verifier;
import io.mediagate.sandbox.alibaba.AlibabaProductEmulator;
import io.mediagate.vendor.ice.IceFunction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ICE's SubmitIProductionJob and QueryIProductionJob as the sandbox plays them (vendor-contracts §3): the
 * Alibaba gateway's V3 signature check, RPC parameters from the query, {@code MissingParameter} /
 * {@code InvalidParameter} / {@code ResourceNotFound} errors in Alibaba's body, jobs {@code Queuing} →
 * {@code Analysing} → {@code Success} over the task duration with a {@code Result} JSON string and the output
 * files under the requested OSS prefix.
 */
public final class IceEmulator extends AlibabaProductEmulator {

    public static final String VENDOR = "ice";

    private record IceJob(String id, IceFunction function, JsonNode input, JsonNode output, String userData, Instant created) {
    }

    private final Map<String, IceJob> jobs = new ConcurrentHashMap<>();

    public IceEmulator(Acs3Verifier gateway, Duration taskDuration, SandboxControl control, Clock clock) {
        super(VENDOR, gateway, taskDuration, control, clock);
    }

    @Override
    protected SandboxResponse answer(SandboxRequest request, String action) {
        if (!"/".equals(request.path()) && !request.path().isEmpty()) {
            return Acs3Verifier.error(404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method.");
        }
        if (!"2020-11-09".equals(request.header("x-acs-version"))) {
            return Acs3Verifier.error(400, "InvalidVersion", "Specified parameter Version is not valid.");
        }
        Map<String, String> params = Acs3Signer.queryParameters(request.rawQuery());
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
        if (output == null || !output.path("Media").isTextual() || !output.path("Media").asText().startsWith("oss://")) {
            return Acs3Verifier.error(400, "InvalidParameter", "The specified parameter Output is not valid.");
        }
        if (params.containsKey("JobParams") && Json.readOrNull(params.get("JobParams")) == null) {
            return Acs3Verifier.error(400, "InvalidParameter", "The specified parameter JobParams is not valid JSON.");
        }
        String id = UUID.randomUUID().toString().replace("-", "");
        jobs.put(id, new IceJob(id, function, input, output, params.get("UserData"), clock.instant()));
        control.countEvent(VENDOR, "jobs-created");
        ObjectNode body = Json.object();
        body.put("RequestId", requestId());
        body.put("JobId", id);
        return SandboxResponse.json(200, body);
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
        String status = stateAt(age, "Queuing", "Analysing", "Success");
        ObjectNode body = Json.object();
        body.put("RequestId", requestId());
        body.put("JobId", job.id());
        body.put("FunctionName", job.function().name());
        body.set("Input", job.input());
        body.set("Output", job.output());
        if (job.userData() != null) {
            body.put("UserData", job.userData());
        }
        body.put("CreateTime", job.created().toString().replaceAll("\\.\\d+Z$", "Z"));
        body.put("Status", status);
        if (status.equals("Success")) {
            body.put("FinishTime", job.created().plus(taskDuration).toString().replaceAll("\\.\\d+Z$", "Z"));
            String file = job.output().path("Media").asText() + outputName(job.function());
            ArrayNode files = body.putArray("OutputFiles");
            files.add(file);
            ObjectNode result = Json.object();
            result.put("FunctionName", job.function().name());
            result.put("Source", job.input().path("Media").asText());
            result.put("OutputFile", file);
            body.put("Result", Json.write(result));
        }
        return SandboxResponse.json(200, body);
    }

    private static String outputName(IceFunction function) {
        return switch (function) {
            case Cover -> "cover.jpg";
            case CaptionExtraction, MusicSegmentDetect, AudioBeatDetection, AudioQualityAssessment -> "result.json";
            case SpeechDenoise, AudioMixing, MusicDemix -> "output.wav";
            default -> "output.mp4";
        };
    }

    private static String requestId() {
        return UUID.randomUUID().toString().toUpperCase();
    }
}
