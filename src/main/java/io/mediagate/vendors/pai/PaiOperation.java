package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.Digests;
import io.mediagate.job.BatchWindow;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.LocalMedia;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.served.ServedMedia;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.RemoteFile;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;

import java.util.List;
import java.util.Map;

/**
 * One PAI multimedia-analysis operation (https://www.alibabacloud.com/help/en/pai/multimedia-analysis-sdk-for-python): a JSON body
 * {@code {"action", "image"|"video_url", "model_name", "configure"}} to {@code /api/v1/images} (sync) or
 * {@code /api/v1/videos} (async, then {@code POST /api/v1/async_jobs/{id}} until state 2 or 3). PAI takes media by
 * URL only: a job file's {@code url}, else a presigned URL of the dropped file staged in OSS (or of {@code oss}).
 *
 * <p>Params: {@code model_name} (the folder's model by default), {@code configure} (merged over the folder's
 * defaults and checked against PAI's documented ranges), {@code video_title}.
 */
public final class PaiOperation implements VendorOperation {

    static final String IMAGES = "/api/v1/images";
    static final String VIDEOS = "/api/v1/videos";
    static final String BATCH_VIDEOS = "/api/v1/batch_videos";
    /** Task ids of batch jobs carry this prefix, so polling asks the batch endpoint. */
    static final String BATCH = "batch-";

    /**
     * What the operation sends and how it answers.
     *
     * @param video             async, to {@code /api/v1/videos}
     * @param outputImageSuffix the answer is a base64 image, delivered as {@code <name>.<suffix>.<ext>} (null: none)
     * @param multimodal        a post of video and/or images plus text ({@code MultiModalClassify}), from a job file
     */
    record Definition(String action, String model, boolean video, String outputImageSuffix, ConfigureRules rules,
                      boolean multimodal) {

        Definition(String action, String model, boolean video, String outputImageSuffix, ConfigureRules rules) {
            this(action, model, video, outputImageSuffix, rules, false);
        }
    }

    private final OperationSpec spec;
    private final Definition definition;
    private final String endpoint;
    private final OssStore oss;
    private final BatchWindow batchWindow;
    private final PaiMediaUrls mediaUrls;

    /**
     * @param oss         where dropped files are staged (null: not in OSS)
     * @param served      the gateway's own media links, used for dropped files when there is no OSS (null: none)
     * @param batchWindow how single videos are gathered into batch calls (ignored by operations without batches)
     */
    PaiOperation(OperationSpec spec, Definition definition, String endpoint, OssStore oss, ServedMedia served,
                 BatchWindow batchWindow) {
        this.spec = spec;
        this.definition = definition;
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.oss = oss;
        this.mediaUrls = new PaiMediaUrls(oss, served);
        this.batchWindow = takesBatches() ? batchWindow : BatchWindow.OFF;
    }

    @Override
    public OperationSpec spec() {
        return spec;
    }

    @Override
    public boolean stagesLocalMedia() {
        // without OSS the gateway serves the file itself (see ServedMedia): nothing to upload
        return oss != null;
    }

    @Override
    public OssPaths ossPaths() {
        return OssPaths.PRESIGNED; // PAI downloads media by URL
    }

    @Override
    public boolean mediaInParams() {
        // a post may be images and text only (PAI's doc: video_url "" when there is no video)
        return definition.multimodal();
    }

    @Override
    public boolean takesBatches() {
        return definition.video() && !definition.multimodal();
    }

    @Override
    public BatchWindow batchWindow() {
        return batchWindow;
    }

    /**
     * Single videos with the same model and {@code configure} can share a {@code batch_videos} call (the call has one
     * of each; titles are per video). A job whose {@code configure} breaks PAI's documented rules is not gathered: it fails
     * on its own at submit, never a batch.
     */
    @Override
    public String batchKey(Job job) {
        if (!takesBatches() || job.getSource().urls != null || job.isAutomaticBatch()) {
            return null;
        }
        if (job.getSource().oss != null && oss == null) {
            return null; // fails on its own at submit (no OSS to presign the path with), not with a batch
        }
        ObjectNode configure = configure(job);
        try {
            definition.rules().check(configure, job.getSource().name);
        } catch (JobFailure invalid) {
            return null;
        }
        String shared = spec.key() + "\n" + model(job) + "\n" + Json.canonical(configure);
        return java.util.HexFormat.of().formatHex(Digests.sha256(shared), 0, 12);
    }

    @Override
    public VendorRequest submit(Job job, LocalMedia media) {
        ObjectNode params = job.getParams() == null ? Json.object() : job.getParams();
        if (job.getSource().urls != null || job.isAutomaticBatch()) {
            return submitBatch(job, params);
        }
        ObjectNode body = Json.object();
        body.put("action", definition.action());
        if (definition.multimodal()) {
            mediaUrls.post(job, params, body);
        } else {
            body.put(definition.video() ? "video_url" : "image", mediaUrls.of(job));
        }
        if (definition.video() && !definition.multimodal()) {
            body.put("video_title", params.path("video_title").asText(""));
        }
        body.put("model_name", model(job));
        body.set("configure", checkedConfigure(job));
        return VendorRequest.postJson(endpoint + (definition.video() ? VIDEOS : IMAGES), Json.write(body));
    }

    /**
     * Several videos in one {@code batch_videos} call: the {@code urls} of a job file ({@code params.titles} gives
     * their titles), or the members of an automatic batch, each with its own URL and {@code video_title}.
     */
    private VendorRequest submitBatch(Job job, ObjectNode params) {
        ObjectNode body = Json.object();
        body.put("action", definition.action());
        com.fasterxml.jackson.databind.node.ArrayNode videos = body.putArray("videos");
        if (job.isAutomaticBatch()) {
            for (Job member : job.getMembers()) {
                videos.addObject().put("url", mediaUrls.of(member)).put("title", member.getParams().path("video_title").asText(""));
            }
        } else {
            List<String> urls = job.getSource().urls;
            for (int i = 0; i < urls.size(); i++) {
                videos.addObject().put("url", urls.get(i)).put("title", params.path("titles").path(i).asText(""));
            }
        }
        body.put("model_name", model(job));
        body.set("configure", checkedConfigure(job));
        return VendorRequest.postJson(endpoint + BATCH_VIDEOS, Json.write(body));
    }

    private static ObjectNode configure(Job job) {
        JsonNode given = job.getParams() == null ? null : job.getParams().get("configure");
        return given instanceof ObjectNode object ? object.deepCopy() : Json.object();
    }

    /** The job's {@code configure}, checked against PAI's documented ranges before anything is sent. */
    private ObjectNode checkedConfigure(Job job) {
        ObjectNode configure = configure(job);
        definition.rules().check(configure, job.getSource().name);
        return configure;
    }

    private String model(Job job) {
        JsonNode given = job.getParams() == null ? null : job.getParams().get("model_name");
        return given != null && given.isTextual() ? given.asText() : definition.model();
    }

    @Override
    public VendorOutcome readSubmit(Job job, VendorResponse response) {
        JsonNode answer = Json.readOrNull(response.body());
        if (!response.isSuccess() || answer == null || !"OK".equals(answer.path("code").asText())) {
            return PaiErrors.submitOutcomeOf(response, model(job), job.getAttempt());
        }
        String requestId = answer.path("request_id").asText(null);
        JsonNode data = answer.path("data");
        if (!definition.video()) {
            return new VendorOutcome.Done(PaiResults.normalise(data), null, requestId);
        }
        if (job.getSource().urls != null || job.isAutomaticBatch()) {
            if (!data.path("batch_id").canConvertToLong()) {
                return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(),
                        "PAI accepted the batch but named no batch_id: " + response.body() + ". Not sent again", false), requestId, -1);
            }
            return new VendorOutcome.Pending(BATCH + data.path("batch_id").asText(), requestId);
        }
        if (!data.path("job_id").canConvertToLong()) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(),
                    "PAI accepted the video but named no job_id: " + response.body()
                            + ". Not sent again: the job may be running", false), requestId, -1);
        }
        return new VendorOutcome.Pending(data.path("job_id").asText(), requestId);
    }

    @Override
    public VendorRequest poll(Job job) {
        if (job.getTaskId().startsWith(BATCH)) {
            return new VendorRequest("GET", endpoint + "/api/v1/batch_jobs/" + job.getTaskId().substring(BATCH.length()), null,
                    Map.of("Accept", "text/plain"), null);
        }
        // POST with no body, as both official SDKs send it
        return new VendorRequest("POST", endpoint + "/api/v1/async_jobs/" + job.getTaskId(), null,
                Map.of("Accept", "text/plain"), null);
    }

    @Override
    public VendorOutcome readPoll(Job job, VendorResponse response) {
        JsonNode answer = Json.readOrNull(response.body());
        if (!response.isSuccess() || answer == null || !"OK".equals(answer.path("code").asText())) {
            return PaiErrors.pollOutcomeOf(response, model(job), job.getTaskId().startsWith(BATCH)
                    ? "batch " + job.getTaskId().substring(BATCH.length()) : "job " + job.getTaskId());
        }
        String requestId = answer.path("request_id").asText(null);
        if (job.getTaskId().startsWith(BATCH)) {
            return PaiBatchAnswers.read(job, answer.path("data").path("jobs"), requestId);
        }
        JsonNode paiJob = answer.path("data").path("job");
        int state = paiJob.path("state").asInt(-1);
        return switch (state) {
            case 0, 1 -> new VendorOutcome.Pending(job.getTaskId(), requestId);
            case 2 -> new VendorOutcome.Done(PaiResults.finishedJob(paiJob), null, requestId);
            case 3 -> new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "JobFailed", 200, "the PAI job "
                    + job.getTaskId() + " failed: " + paiJob.path("message").asText("(no message)"), false), requestId, -1);
            default -> new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "UnknownState", 200,
                    "the PAI job " + job.getTaskId() + " is in an unknown state: " + paiJob, true), requestId, -1);
        };
    }

    /**
     * The videos of a finished batch, each with the answer PAI gave for it ({@link PaiBatchAnswers#parts}).
     */
    @Override
    public List<Job> parts(Job job) {
        return PaiBatchAnswers.parts(job);
    }

    @Override
    public boolean producesFiles() {
        return definition.outputImageSuffix() != null;
    }

    /** Operations whose answer is a base64 image deliver it as a file beside the envelope, e.g. {@code cat.jpg.reshaped.jpg}. */
    @Override
    public List<RemoteFile> outputFiles(Job job) {
        JsonNode image = job.getResult() == null ? null : job.getResult().get(PaiResults.BASE64_IMAGE);
        if (definition.outputImageSuffix() == null || image == null || !image.isTextual()) {
            return List.of();
        }
        String name = definition.outputImageSuffix() + "." + PaiResults.imageExtension(image.asText());
        return List.of(new RemoteFile("data:;base64," + image.asText(), name, "/" + PaiResults.BASE64_IMAGE));
    }
}
