package io.mediagate.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The JSON documents a person reads about a job: the output envelope and the error record. The gateway writes them
 * beside the results in its folders; the mediagate component returns them as the exchange's body. Where the job's
 * other files are is the caller's to say (the gateway's folders, or none).
 */
public final class JobDocuments {

    /**
     * The status of a batch job file whose items did not all succeed: the batch call went through, yet some
     * results are error records in failed/ (listed under {@code parts.failed}).
     */
    public static final String PARTLY_FAILED = "partly-failed";

    private JobDocuments() {
    }

    /** Where the input was dropped, below the inbox: {@code opensearch/object-detect/sub/cat.jpg}. */
    public static String inputPath(Job job) {
        if (job.getVendor() == null || job.getOperation() == null) {
            return job.getRelativePath();
        }
        return job.getVendor() + "/" + job.getOperation() + "/" + job.getRelativePath();
    }

    /** The envelope of a finished job that has no parts and whose artifacts keep their own names. */
    public static ObjectNode success(Job job) {
        return success(job, List.of(), part -> null, Artifact::name);
    }

    /**
     * @param parts         the batch's per-item jobs (empty for an ordinary job)
     * @param errorRecordOf where a failed part's error record is, as the user finds it
     * @param artifactFile  the file name an artifact is delivered under
     */
    public static ObjectNode success(Job job, List<Job> parts, Function<Job, String> errorRecordOf,
                                     Function<Artifact, String> artifactFile) {
        ObjectNode envelope = Json.object();
        envelope.set("job", describe(job));
        List<Job> failedParts = parts.stream().filter(part -> part.getStatus() != Job.Status.succeeded).toList();
        envelope.put("status", failedParts.isEmpty() ? "succeeded" : PARTLY_FAILED);
        if (!parts.isEmpty()) {
            ObjectNode summary = envelope.putObject("parts");
            summary.put("succeeded", parts.size() - failedParts.size());
            ArrayNode failed = summary.putArray("failed");
            for (Job part : failedParts) {
                failed.addObject().put("file", inputPath(part))
                        .put("errorRecord", errorRecordOf.apply(part))
                        .put("kind", part.getError().kind().name())
                        .put("message", part.getError().message());
            }
        }
        if (job.isPossibleDuplicateSubmission()) {
            envelope.put("possibleDuplicateSubmission", true);
        }
        envelope.set("vendor", vendor(job));
        envelope.set("result", job.getResult());
        if (!job.getArtifacts().isEmpty()) {
            ArrayNode files = envelope.putArray("artifacts");
            for (Artifact artifact : job.getArtifacts()) {
                files.addObject().put("file", artifactFile.apply(artifact))
                        .put("source", artifact.source()).put("bytes", artifact.bytes());
            }
        }
        if (job.getUsage() != null && !job.getUsage().isNull()) {
            envelope.set("usage", job.getUsage());
        }
        return envelope;
    }

    public static ObjectNode failure(Job job) {
        ObjectNode record = Json.object();
        record.put("file", inputPath(job));
        record.put("status", "failed");
        if (job.isPossibleDuplicateSubmission()) {
            record.put("possibleDuplicateSubmission", true);
        }
        record.put("kind", job.getError().kind().name());
        record.put("code", job.getError().code());
        if (job.getError().httpStatus() != null) {
            record.put("httpStatus", job.getError().httpStatus());
        } else {
            record.putNull("httpStatus");
        }
        record.put("message", job.getError().message());
        record.put("attempts", Math.max(job.getVendorCalls(), 0));
        record.put("failedAt", Instant.ofEpochMilli(job.getFinishedAt()).toString());
        record.set("job", describe(job));
        if (job.getResult() != null) {
            // the vendor answered (and billed) before the gateway gave up on delivering: keep what it said
            record.set("result", job.getResult());
        }
        if (job.getVendor() != null && job.getVendorCalls() > 0) {
            record.set("vendor", vendor(job));
        }
        return record;
    }

    private static ObjectNode describe(Job job) {
        ObjectNode node = Json.object();
        node.put("id", job.getId());
        node.put("vendor", job.getVendor());
        node.put("operation", job.getOperation());
        ObjectNode source = node.putObject("source");
        source.put("path", inputPath(job));
        source.put("name", job.getSource().name);
        if (job.getSource().bytes != null) {
            source.put("bytes", job.getSource().bytes);
        }
        if (job.getSource().url != null) {
            source.put("url", job.getSource().url);
        }
        if (job.getSource().urls != null) {
            source.set("urls", Json.MAPPER.valueToTree(job.getSource().urls));
        }
        if (job.getSource().oss != null) {
            source.put("oss", job.getSource().oss);
        }
        if (job.getSource().media != null) {
            source.set("media", job.getSource().media);
        }
        if (job.getParams() != null && job.getParams().size() > 0) {
            node.set("params", job.getParams());
        }
        ObjectNode timings = node.putObject("timings");
        timings.put("acceptedAt", Instant.ofEpochMilli(job.getAcceptedAt()).toString());
        if (job.getSubmittedAt() != null) {
            timings.put("submittedAt", Instant.ofEpochMilli(job.getSubmittedAt()).toString());
        }
        if (job.getFinishedAt() != null) {
            timings.put("finishedAt", Instant.ofEpochMilli(job.getFinishedAt()).toString());
            timings.put("totalMillis", job.getFinishedAt() - job.getAcceptedAt());
            if (job.getSubmittedAt() != null) {
                timings.put("processingMillis", job.getFinishedAt() - job.getSubmittedAt());
            }
        }
        if (job.getPollTiming() != null && job.getPollTiming().expectedMillis() != null) {
            // what adaptive polling expected of the task when it was submitted (its first poll went there)
            timings.put("expectedProcessingMillis", job.getPollTiming().expectedMillis());
        }
        if (job.getBatch() != null) {
            // sent in one vendor call with others: the calls, polls and task below are the batch's, shared
            node.putObject("batch").put("position", job.getBatch().position()).put("size", job.getBatch().size());
        }
        node.put("vendorCalls", job.getVendorCalls());
        node.put("polls", job.getPolls());
        node.put("retries", job.getRetries());
        return node;
    }

    private static ObjectNode vendor(Job job) {
        ObjectNode node = Json.object();
        node.put("service", job.isSandbox() ? "sandbox" : "live");
        if (job.getTaskId() != null) {
            node.put("taskId", job.getTaskId());
        }
        if (!job.getRequestIds().isEmpty()) {
            node.put("requestId", job.getRequestIds().get(job.getRequestIds().size() - 1));
            node.set("requestIds", Json.MAPPER.valueToTree(job.getRequestIds()));
        }
        return node;
    }
}
