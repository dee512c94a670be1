package io.mediagate.vendors.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.job.JobSource;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.LocalMedia;
import io.mediagate.media.MediaTypes;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One OpenSearch multimodal operation (searchplat 2024-05-29): where its request goes and how its body is shaped.
 * All eight operations are instances of this class, listed in {@link OpenSearchCatalog}.
 *
 * <p>Request: {@code POST {endpoint}/v3/openapi/workspaces/{workspace}/{pathSegment}/{serviceId}[/async]},
 * status: {@code GET …/async/task-status?task_id=…}. The per-folder and per-job {@code params} are merged
 * into the body last, so users can set {@code parameters}, {@code output} or {@code options} as the API names them.
 */
public final class OpenSearchOperation implements VendorOperation {

    /** Hard limit of the OpenSearch gateway on the request body: 8 MB. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** {@code document.file_type} values image analysis accepts, as documented; others are left for the service to sniff. */
    private static final java.util.Set<String> DOCUMENT_FILE_TYPES = java.util.Set.of("jpg", "jpeg", "png", "bmp", "tiff");

    /** How the media goes into the body. */
    enum Shape {
        /** {@code {"image":{"url"|"content"}}} — object detection (an {@code oss://} path goes as a presigned url). */
        IMAGE,
        /** {@code {"document":{"url"|"content","file_name","file_type"}}} — image analysis (oss: presigned url). */
        DOCUMENT,
        /** {@code {"input":{"content"|"oss"|"url","file_name"}}} — video and audio tasks. */
        INPUT
    }

    private final OperationSpec spec;
    private final String pathSegment;
    private final String serviceId;
    private final Shape shape;
    private final boolean contentAsDataUri;
    private final String endpoint;
    private final String workspace;
    private final OssStore oss;

    /** @param oss presigns {@code oss://} paths for the image APIs, which take no OSS path (null: no OSS configured) */
    OpenSearchOperation(OperationSpec spec, String pathSegment, String serviceId, Shape shape,
                        boolean contentAsDataUri, String endpoint, String workspace, OssStore oss) {
        this.spec = spec;
        this.pathSegment = pathSegment;
        this.serviceId = serviceId;
        this.shape = shape;
        this.contentAsDataUri = contentAsDataUri;
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.workspace = workspace;
        this.oss = oss;
    }

    @Override
    public OperationSpec spec() {
        return spec;
    }

    @Override
    public OssPaths ossPaths() {
        return shape == Shape.INPUT ? OssPaths.PASSED : OssPaths.PRESIGNED;
    }

    public String serviceId() {
        return serviceId;
    }

    /** {@code …/workspaces/{workspace}/{segment}/{serviceId}} plus {@code /async} for task operations. */
    String path() {
        return "/v3/openapi/workspaces/" + encode(workspace) + "/" + pathSegment + "/" + encode(serviceId)
                + (spec.async() ? "/async" : "");
    }

    @Override
    public VendorRequest submit(Job job, LocalMedia media) {
        ObjectNode body = Json.object();
        ObjectNode mediaNode = body.putObject(switch (shape) {
            case IMAGE -> "image";
            case DOCUMENT -> "document";
            case INPUT -> "input";
        });
        if (media != null) {
            requireInlineFits(media);
            mediaNode.put("content", contentAsDataUri
                    ? "data:" + MediaTypes.mimeType(media.extension()) + ";base64," + media.base64()
                    : media.base64());
            describeFile(mediaNode, media.name(), media.extension());
        } else {
            putRemoteMedia(job, mediaNode);
        }
        Json.deepMerge(body, job.getParams());
        String json = Json.write(body);
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw JobFailure.input("the request for " + job.getSource().name + " would be larger than OpenSearch's 8 MB limit; "
                    + remoteMediaAdvice());
        }
        requireOutputOss(body, job);
        return VendorRequest.postJson(endpoint + path(), json);
    }

    /**
     * OpenSearch's doc marks {@code output.oss} required for segmentation and summarization, and for a snapshot whose
     * {@code output.type} is oss (its default): without it the vendor can only refuse, so the job fails here, unsent.
     */
    private void requireOutputOss(ObjectNode body, Job job) {
        boolean required = switch (pathSegment) {
            case "video-segmentation", "video-summarization" -> true;
            case "video-snapshot" -> body.path("output").path("type").asText("oss").equals("oss");
            default -> false;
        };
        if (required && body.path("output").path("oss").asText("").isBlank()) {
            throw JobFailure.input(spec.key() + " writes its results to OSS and needs output.oss, which "
                    + job.getSource().name + " does not get: set mediagate.opensearch." + spec.name()
                    + ".params.output.oss = oss://bucket/path, or give \"params\": {\"output\": {\"oss\": \"oss://bucket/path\"}}"
                    + " in a .job.json. Nothing was sent to OpenSearch");
        }
    }

    private void requireInlineFits(LocalMedia media) {
        if (media.base64Length() + 1024 > MAX_BODY_BYTES) {
            throw JobFailure.input(String.format(
                    "%s is %.1f MB; sent inline as base64 it would be %.1f MB, over OpenSearch's 8 MB request limit."
                            + " %s",
                    media.name(), media.bytes() / 1048576.0, media.base64Length() / 1048576.0, remoteMediaAdvice()));
        }
    }

    /** How to send media too large to go inline, true for this operation and this configuration. */
    private String remoteMediaAdvice() {
        if (shape == Shape.INPUT || oss != null) {
            return "Put it behind an http(s) URL or in OSS and drop a .job.json with \"url\" or \"oss\" instead";
        }
        return "Put it behind an http(s) URL and drop a .job.json with \"url\" instead (an \"oss\" path works once"
                + " mediagate.oss.bucket is set: OpenSearch's image APIs take no OSS path, so the gateway presigns it)";
    }

    private void describeFile(ObjectNode mediaNode, String name, String extension) {
        if (shape == Shape.DOCUMENT) {
            mediaNode.put("file_name", name);
            String fileType = extension.equals("tif") ? "tiff" : extension;
            if (DOCUMENT_FILE_TYPES.contains(fileType)) {
                mediaNode.put("file_type", fileType);
            }
        } else if (shape == Shape.INPUT) {
            mediaNode.put("file_name", name);
        }
    }

    private void putRemoteMedia(Job job, ObjectNode mediaNode) {
        JobSource source = job.getSource();
        if (source.oss != null && ossPaths() == OssPaths.PRESIGNED) {
            // OpenSearch takes image.url / document.url or content only; a presigned URL is how an OSS object gets there
            if (oss == null) {
                throw JobFailure.input(spec.key() + " reads images by URL, not by OSS path, so the gateway presigns"
                        + " an oss path with your OSS settings, and mediagate.oss.bucket (with its region and Alibaba Cloud"
                        + " credentials) is not set: set it, or give \"url\" in " + source.name);
            }
            mediaNode.put("url", oss.presign(source.oss));
        } else if (source.oss != null) {
            mediaNode.put("oss", source.oss);
        } else if (source.url != null) {
            mediaNode.put("url", source.url);
        } else {
            throw JobFailure.input(source.name + " names no media: give \"url\" or \"oss\"");
        }
        String name = fileNameOf(source.url != null ? source.url : source.oss);
        if (shape != Shape.IMAGE && name != null) {
            describeFile(mediaNode, name, MediaTypes.extension(name));
        }
    }

    private static String fileNameOf(String location) {
        String path = location.replaceAll("[?#].*$", "");
        int slash = path.lastIndexOf('/');
        String name = slash >= 0 ? path.substring(slash + 1) : path;
        return name.isEmpty() ? null : name;
    }

    @Override
    public VendorOutcome readSubmit(Job job, VendorResponse response) {
        if (!response.isSuccess()) {
            return OpenSearchErrors.outcomeOf(response, this);
        }
        JsonNode answer = Json.readOrNull(response.body());
        if (answer == null) {
            return OpenSearchErrors.unreadable(response, true);
        }
        String requestId = answer.path("request_id").asText(null);
        if (!spec.async()) {
            // a 200 without "result" is no answer to deliver as a success (a proxy or a changed API dropped it)
            return answer.path("result").isObject() ? new VendorOutcome.Done(answer.path("result"), answer.get("usage"), requestId)
                    : OpenSearchErrors.unreadable(response, true);
        }
        String taskId = answer.path("result").path("task_id").asText("");
        if (taskId.isEmpty()) {
            return OpenSearchErrors.unreadable(response, true);
        }
        return new VendorOutcome.Pending(taskId, requestId);
    }

    @Override
    public VendorRequest poll(Job job) {
        if (!spec.async()) {
            throw new UnsupportedOperationException(spec.key() + " is synchronous and has nothing to poll");
        }
        return VendorRequest.get(endpoint + path() + "/task-status", "task_id=" + encode(job.getTaskId()));
    }

    @Override
    public VendorOutcome readPoll(Job job, VendorResponse response) {
        if (!response.isSuccess()) {
            return OpenSearchErrors.outcomeOf(response, this);
        }
        JsonNode answer = Json.readOrNull(response.body());
        if (answer == null) {
            return OpenSearchErrors.unreadable(response, false);
        }
        String requestId = answer.path("request_id").asText(null);
        JsonNode result = answer.path("result");
        String status = result.path("status").asText("");
        if (status.isEmpty()) {
            // no status is no verdict on the task: ask again (a status check is harmless) rather than fail a running task
            return OpenSearchErrors.unreadable(response, false);
        }
        return switch (status) {
            // PENDING is the documented in-progress value; RUNNING is accepted too, as failing a running
            // (and billed) task on a spelling would be worse than polling it once more.
            case "PENDING", "RUNNING" -> new VendorOutcome.Pending(job.getTaskId(), requestId);
            case "SUCCESS" -> new VendorOutcome.Done(result, answer.get("usage"), requestId);
            default -> OpenSearchErrors.taskFailed(status, result, requestId);
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
