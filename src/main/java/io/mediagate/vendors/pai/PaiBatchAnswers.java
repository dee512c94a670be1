package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.job.JobSource;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorOutcome;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers of a {@code batch_videos} call: whether the batch has ended, and each video's own answer out of it, so
 * every video is delivered as if it had been sent alone.
 */
final class PaiBatchAnswers {

    private PaiBatchAnswers() {
    }

    /** A batch ends when every video's job has (state 2 or 3); one failed video does not fail the others. */
    static VendorOutcome read(Job job, JsonNode jobs, String requestId) {
        if (!jobs.isArray() || jobs.isEmpty()) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "UnknownBatch", 200,
                    "PAI reported no jobs for batch " + job.getTaskId(), true), requestId, -1);
        }
        ObjectNode result = Json.object();
        result.put("batch_id", job.getTaskId().substring(PaiOperation.BATCH.length()));
        ArrayNode finished = result.putArray("jobs");
        for (JsonNode paiJob : jobs) {
            int state = paiJob.path("state").asInt(-1);
            if (state != 2 && state != 3) {
                return new VendorOutcome.Pending(job.getTaskId(), requestId);
            }
            finished.add(PaiResults.finishedJob(paiJob));
        }
        return new VendorOutcome.Done(result, null, requestId);
    }

    /** The members of an ended automatic batch: each failed with the batch when the call failed, else with its answer. */
    private static List<Job> members(Job batch) {
        JsonNode jobs = batch.getStatus() == Job.Status.succeeded && batch.getResult() != null
                ? batch.getResult().path("jobs") : null;
        List<Job> members = new ArrayList<>();
        for (int i = 0; i < batch.getMembers().size(); i++) {
            Job member = batch.memberAfterBatch(i);
            members.add(jobs == null ? member : answered(member, recordOf(member, i, jobs), i, batch));
        }
        return members;
    }

    /**
     * PAI's job record for the member sent as video {@code index}: PAI lists them in the order they were sent (PAI's SDK
     * doc), and each record's {@code object} (the URL PAI fetched) is checked against the member's file name, so a
     * record listed elsewhere is found by it rather than handed to another file.
     */
    private static JsonNode recordOf(Job member, int index, JsonNode jobs) {
        if (fetched(jobs.path(index), member)) {
            return jobs.path(index);
        }
        List<JsonNode> named = new ArrayList<>();
        jobs.forEach(record -> {
            if (fetched(record, member)) {
                named.add(record);
            }
        });
        return named.size() == 1 ? named.get(0) : jobs.path(index);
    }

    /** Whether the record's {@code object} names the member's media: its URL, else a URL ending in its file name. */
    private static boolean fetched(JsonNode record, Job member) {
        String object = record.path("object").asText("");
        if (object.isEmpty()) {
            return true; // nothing to check against
        }
        JobSource source = member.getSource();
        if (source.url != null) {
            return object.equals(source.url);
        }
        String path = object.replaceFirst("[?#].*$", "");
        String last = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
        String expected = source.oss != null ? source.oss.substring(source.oss.lastIndexOf('/') + 1) : source.name;
        return last.equals(expected);
    }

    /** A batch's video {@code index} with PAI's answer for it: its job record (state 2), else the vendor's failure. */
    private static Job answered(Job video, JsonNode paiJob, int index, Job batch) {
        String batchId = batch.getTaskId().substring(PaiOperation.BATCH.length());
        if (paiJob.path("state").asInt(-1) == 2) {
            video.setResult(paiJob);
            return video;
        }
        video.setResult(null);
        String reason = paiJob.isMissingNode() ? "PAI reported no job for it" : paiJob.path("message").asText("(no message)");
        video.fail(new JobError(JobError.Kind.vendor, "JobFailed", 200, "PAI failed video " + (index + 1) + " of batch "
                + batchId + ": " + reason, false), batch.getFinishedAt());
        return video;
    }

    /**
     * The videos of a finished batch, each with the answer PAI gave for it (the video's own job record) or an error
     * record when PAI failed that video (state 3); the others are not affected. An automatic batch gives back its
     * members, delivered as if each had been sent alone; a job file's videos are delivered at
     * {@code <job file name>/<n>-<video file name>} beside the job file's own summary.
     */
    static List<Job> parts(Job job) {
        if (job.isAutomaticBatch()) {
            return members(job);
        }
        if (job.getSource().urls == null || job.getStatus() != Job.Status.succeeded || job.getResult() == null) {
            return List.of();
        }
        String stem = job.getRelativePath().replaceAll("\\.job\\.json$", "");
        List<Job> parts = new ArrayList<>();
        JsonNode jobs = job.getResult().path("jobs");
        for (int i = 0; i < jobs.size(); i++) {
            JsonNode paiJob = jobs.get(i);
            String url = i < job.getSource().urls.size() ? job.getSource().urls.get(i) : paiJob.path("object").asText("");
            String fileName = url.replaceFirst("[?#].*$", "").replaceFirst(".*/", "");
            Job part = Json.read(Json.write(job), Job.class);
            part.setRelativePath(stem + "/" + (i + 1) + "-" + (fileName.isBlank() ? "video" : fileName));
            part.setSource(new JobSource());
            part.getSource().name = (i + 1) + "-" + (fileName.isBlank() ? "video" : fileName);
            part.getSource().url = url;
            parts.add(answered(part, paiJob, i, job));
        }
        return parts;
    }
}
