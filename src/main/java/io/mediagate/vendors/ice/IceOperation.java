package io.mediagate.vendors.ice;

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

import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.RemoteFile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * One ICE intelligent production function (RPC API 2020-11-09): {@code SubmitIProductionJob} and
 * {@code QueryIProductionJob}, RPC style — {@code POST /} with every parameter in the query and an empty body,
 * action and version in {@code x-acs-*} headers, signed with ACS3 by the vendor's signer.
 *
 * <p>Parameters: {@code Input} from the dropped file (or the job file's {@code url}) as the gateway staged it in OSS,
 * or the job file's {@code oss://bucket/key} (or OSS https URL); {@code Output}, an OSS object as ICE documents it,
 * from the job's {@code params.Output} or the folder's {@code mediagate.ice.<op>.params.Output.*} (a prefix ending in
 * {@code /} becomes {@code <prefix><job id>/<name>}, so jobs do not overwrite each other), else
 * {@code <prefix>outputs/<job id>/<name>} in the gateway's bucket; {@code ClientToken} from the job (see
 * {@link #clientToken}); and {@code JobParams}, {@code TemplateId}, {@code ScheduleConfig}, {@code UserData},
 * {@code Name}, {@code ModelId} from params.
 *
 * <p>Every ICE job needs the gateway's OSS ({@code mediagate.oss.bucket}): ICE writes its outputs only to OSS, and the
 * gateway reads them from there with its OSS settings. Without it a job is refused before any call, instead of being
 * billed and then failing at the download.
 */
public final class IceOperation implements VendorOperation {

    static final String VERSION = "2020-11-09";
    /** ICE's IdempotentParameterMismatch: the same ClientToken was sent before with a request that was not identical. */
    static final String IDEMPOTENT_PARAMETER_MISMATCH = "IdempotentParameterMismatch";
    private static final String PRODUCT = "Alibaba Cloud ICE";
    /** Optional request fields passed through from params; objects are sent as JSON strings, as the SDK does. */
    private static final String[] PASSED_THROUGH = {"JobParams", "TemplateId", "ScheduleConfig", "UserData", "Name", "ModelId"};

    private final OperationSpec spec;
    private final IceFunction function;
    private final String endpoint;
    private final OssStore oss;

    /** @param oss where dropped files are staged and default outputs go; null when OSS is not configured */
    IceOperation(OperationSpec spec, IceFunction function, String endpoint, OssStore oss) {
        this.spec = spec;
        this.function = function;
        this.endpoint = endpoint.replaceAll("/+$", "") + "/";
        this.oss = oss;
    }

    @Override
    public boolean stagesLocalMedia() {
        return true;
    }

    @Override
    public boolean takesMediaUrls() {
        return false; // OSS only (or the object's own OSS URL): other URLs are downloaded and staged by the gateway
    }

    @Override
    public OperationSpec spec() {
        return spec;
    }

    @Override
    public VendorRequest submit(Job job, LocalMedia media) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("ClientToken", clientToken(job));
        query.put("FunctionName", function.name());
        query.put("Input", Json.write(input(job)));
        query.put("Output", Json.write(output(job)));
        ObjectNode params = job.getParams();
        for (String field : PASSED_THROUGH) {
            JsonNode value = params == null ? null : params.get(field);
            if (value != null && !value.isNull()) {
                query.put(field, value.isTextual() ? value.asText() : Json.write(value));
            }
        }
        if (query.containsKey("UserData") && query.get("UserData").length() > 256) {
            throw JobFailure.input("ICE accepts at most 256 characters of UserData; " + job.getSource().name + " has "
                    + query.get("UserData").length());
        }
        return rpc("SubmitIProductionJob", query);
    }

    private ObjectNode input(Job job) {
        JobSource source = job.getSource();
        String media = source.ossPath() != null ? source.ossPath() : source.url;
        if (media == null) {
            throw JobFailure.input(source.name + " names no media: give \"oss\": \"oss://bucket/key\"");
        }
        if (!media.startsWith("oss://") && !media.matches("https?://[^/]+\\.oss-[^/]+\\.aliyuncs\\.com/.+")) {
            // the gateway stages a url's media in OSS before the submit; this is reached only when that did not happen
            throw JobFailure.input("ICE reads media only from OSS, not from " + media
                    + ": give \"oss\": \"oss://bucket/key\" (or the object's https://<bucket>.oss-<region>.aliyuncs.com/ URL)");
        }
        ObjectNode input = Json.object();
        input.put("Media", media);
        input.put("Type", "OSS");
        return input;
    }

    private ObjectNode output(Job job) {
        if (oss == null) {
            throw JobFailure.input("ICE writes its outputs only to OSS, and the gateway reads them from there with its own"
                    + " OSS settings, which are not set: set mediagate.oss.bucket and mediagate.oss.region (outputs then go to"
                    + " <prefix>outputs/<job id>/ in that bucket and are removed once downloaded; mediagate.ice." + spec.name()
                    + ".params.Output.Media, or \"params\": {\"Output\": {\"Media\": \"oss://…\"}} in a .job.json, names"
                    + " another place). Nothing was sent to ICE");
        }
        JsonNode configured = job.getParams() == null ? null : job.getParams().get("Output");
        if (configured == null || !configured.hasNonNull("Media")) {
            // the gateway's own folder for this job; its files are downloaded into outbox/ and then removed
            ObjectNode output = Json.object();
            output.put("Media", oss.outputFolder(job.getId()).child(function.outputName()).toString());
            output.put("Type", "OSS");
            return output;
        }
        ObjectNode output = ((ObjectNode) configured).deepCopy();
        String media = output.get("Media").asText();
        if (media.endsWith("/")) {
            // ICE takes an object, not a folder: one object per job, so two jobs never write over each other's outputs
            output.put("Media", media + job.getId() + "/" + function.outputName());
        }
        if (!output.has("Type")) {
            output.put("Type", "OSS");
        }
        return output;
    }

    /**
     * ICE's idempotency token (QueryIProductionJob's {@code ClientToken}; Alibaba's rule: ASCII, at most 64 characters): the same for
     * every submit of one job — a repeat after a crash or a lost answer gets the first ICE job back — and different
     * for every other job. The job id alone is not enough: the same media dropped again after its job ended has the
     * same id, and ICE would answer it with the old job, whose outputs the gateway has already removed; the time the
     * job was accepted tells the two apart and is kept with the job across restarts.
     */
    static String clientToken(Job job) {
        String token = "mediagate-" + job.getId() + "-" + job.getAcceptedAt();
        if (token.length() <= 64 && token.matches("[A-Za-z0-9-]+")) {
            return token;
        }
        return "mediagate-" + java.util.HexFormat.of().formatHex(
                io.mediagate.auth.Digests.sha256(job.getId() + "\n" + job.getAcceptedAt()), 0, 24);
    }

    @Override
    public VendorOutcome readSubmit(Job job, VendorResponse response) {
        if (!response.isSuccess()) {
            VendorOutcome outcome = AlibabaErrors.outcomeOf(response, PRODUCT);
            if (outcome instanceof VendorOutcome.Failed failed && IDEMPOTENT_PARAMETER_MISMATCH.equals(failed.error().code())) {
                return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, failed.error().code(), response.status(),
                        "ICE already has a job for ClientToken " + clientToken(job) + " (job " + job.getId() + ") that was"
                                + " submitted with other parameters: " + failed.error().message() + ". An earlier submit of"
                                + " this job reached ICE and its Input, Output or params changed since (e.g. a setting"
                                + " changed across a restart). Not sent again, so ICE runs no second job: look the first"
                                + " one up in the ICE console, or drop the file again to start a new job", false),
                        failed.requestId(), -1);
            }
            return outcome;
        }
        JsonNode answer = Json.readOrNull(response.body());
        String jobId = answer == null ? null : answer.path("JobId").asText(null);
        if (jobId == null) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(),
                    "ICE accepted the job but its answer names no JobId: " + response.body()
                            + ". Not sent again: the job may be running; check the ICE console", false), null, -1);
        }
        return new VendorOutcome.Pending(jobId, answer.path("RequestId").asText(null));
    }

    @Override
    public VendorRequest poll(Job job) {
        return rpc("QueryIProductionJob", Map.of("JobId", job.getTaskId()));
    }

    @Override
    public VendorOutcome readPoll(Job job, VendorResponse response) {
        if (!response.isSuccess()) {
            return AlibabaErrors.outcomeOf(response, PRODUCT);
        }
        JsonNode answer = Json.readOrNull(response.body());
        if (answer == null) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(),
                    "ICE sent a status answer that is not JSON: " + response.body(), true), null, -1);
        }
        String requestId = answer.path("RequestId").asText(null);
        String status = answer.path("Status").asText("");
        return switch (status) {
            // the SDK comments spell the running state both ways; accept both rather than fail a running job
            case "Queuing", "Analysing", "Analyzing" -> new VendorOutcome.Pending(job.getTaskId(), requestId);
            case "Success" -> new VendorOutcome.Done(result(answer), null, requestId);
            default -> new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, status.isEmpty() ? "UnknownStatus" : status, 200,
                    "the ICE job " + job.getTaskId() + " ended with status " + (status.isEmpty() ? "(none)" : status)
                            + (answer.hasNonNull("Result") ? ": " + answer.get("Result").asText() : ""), false), requestId, -1);
        };
    }

    /**
     * The job's output files, from the query answer: {@code OutputFiles} are object paths in the Output bucket (as
     * the documented example shows, {@code output/xxx.mp4}; an {@code oss://} path is taken as it is), else {@code OutputUrls}.
     */
    @Override
    public boolean producesFiles() {
        return true;
    }

    @Override
    public List<RemoteFile> outputFiles(Job job) {
        JsonNode answer = job.getResult();
        if (answer == null) {
            return List.of();
        }
        String bucket = OssLocation.parse(answer.path("Output").path("Media").asText("")).map(OssLocation::bucket).orElse(null);
        List<String> locations = new ArrayList<>();
        for (JsonNode file : answer.path("OutputFiles")) {
            String path = file.asText("");
            if (path.startsWith("oss://") || path.matches("https?://.+")) {
                locations.add(path);
            } else if (!path.isBlank() && bucket != null) {
                locations.add("oss://" + bucket + "/" + path.replaceFirst("^/+", ""));
            }
        }
        if (locations.isEmpty()) {
            answer.path("OutputUrls").forEach(url -> {
                if (url.asText("").matches("https?://.+")) {
                    locations.add(url.asText());
                }
            });
        }
        List<RemoteFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String location : locations) {
            String name = fileName(location);
            // two outputs with one name (e.g. a/cover.jpg and b/cover.jpg) are both kept
            String unique = name;
            for (int n = 2; !names.add(unique); n++) {
                unique = n + "-" + name;
            }
            files.add(new RemoteFile(location, unique));
        }
        return files;
    }

    private static String fileName(String location) {
        String path = location.replaceFirst("[?#].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isBlank() || name.startsWith(".") ? "output" + name : name;
    }

    /** The query answer with its {@code Result} JSON string parsed into an object. */
    static ObjectNode result(JsonNode answer) {
        ObjectNode result = ((ObjectNode) answer).deepCopy();
        result.remove("RequestId");
        JsonNode raw = answer.get("Result");
        if (raw != null && raw.isTextual()) {
            JsonNode parsed = Json.readOrNull(raw.asText());
            if (parsed != null) {
                result.set("Result", parsed);
            }
        }
        return result;
    }

    private VendorRequest rpc(String action, Map<String, String> query) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-acs-action", action);
        headers.put("x-acs-version", VERSION);
        headers.put("Accept", "application/json");
        return new VendorRequest("POST", endpoint, Acs3Signer.formEncode(query), headers, null);
    }
}
