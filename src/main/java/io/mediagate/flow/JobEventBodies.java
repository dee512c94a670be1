package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.json.Json;

import java.time.Instant;
import java.util.List;

/**
 * The bodies of job events (schemas/job-event.schema.json): one JSON shape for every kind - its id, kind, job id,
 * vendor, operation, input and time - plus the fields of its kind. The id is the same every time the same event is
 * published again (a stage repeated after a crash), so a subscriber can drop a repeat by it.
 */
final class JobEventBodies {

    private JobEventBodies() {
    }

    /** A job taken in: from a dropped file ({@code inbox}) or a queue request ({@code requests}, with its request id). */
    static ObjectNode accepted(Job job, long now) {
        ObjectNode event = common("accepted", job, job.getId() + ":accepted", now);
        boolean request = job.getReply() != null;
        event.put("source", request ? "requests" : "inbox");
        if (request) {
            event.put("requestId", job.getReply().requestId());
        }
        return event;
    }

    /** The vendor took the job: its task to poll (async) or its result (sync, {@code taskId} null). */
    static ObjectNode submitted(Job job, long now) {
        ObjectNode event = common("submitted", job, job.getId() + ":submitted", now);
        event.put("taskId", job.getTaskId());
        event.put("requestId", lastOf(job.getRequestIds()));
        // the submit calls it took: 1 unless the first ones were throttled or failed on the way and were tried again
        event.put("attempt", job.getRetries() + 1);
        event.put("possibleDuplicateSubmission", job.isPossibleDuplicateSubmission());
        return event;
    }

    /** One status call of the job's task: what it said, the how-manyth it was, and when the next one is due. */
    static ObjectNode polled(Job job, long now) {
        ObjectNode event = common("polled", job, job.getId() + ":polled:" + job.getPolls(), now);
        event.put("taskId", job.getTaskId());
        event.put("status", pollStatus(job));
        event.put("poll", job.getPolls());
        boolean again = job.getStage() == Job.Stage.poll && job.getDueAt() != null;
        event.put("nextPollAt", again ? Instant.ofEpochMilli(job.getDueAt()).toString() : null);
        return event;
    }

    /** The job's end: {@code delivered} with its envelope, or {@code failed} with its error record. */
    static ObjectNode ended(Job job, JsonNode document, long now) {
        boolean delivered = job.getStatus() == Job.Status.succeeded;
        String kind = delivered ? "delivered" : "failed";
        ObjectNode event = common(kind, job, job.getId() + ":" + kind, now);
        if (delivered) {
            event.set("envelope", document);
        } else {
            event.put("errorKind", job.getError() == null ? null : job.getError().kind().name());
            event.set("error", document);
        }
        return event;
    }

    /**
     * {@code running}: not finished, polled again at {@code nextPollAt}; {@code retrying}: the status call got no
     * usable answer (throttled, a server or network error) and is made again; {@code succeeded} / {@code failed}: the
     * task ended (or its deadline passed) and the job goes to delivery.
     */
    private static String pollStatus(Job job) {
        if (job.getStage() == Job.Stage.deliver) {
            return job.getStatus() == Job.Status.succeeded ? "succeeded" : "failed";
        }
        return job.getAttempt() > 0 ? "retrying" : "running";
    }

    private static ObjectNode common(String kind, Job job, String id, long now) {
        ObjectNode event = Json.object();
        event.put("eventId", id);
        event.put("kind", kind);
        event.put("jobId", job.getId());
        event.put("vendor", job.getVendor());
        event.put("operation", job.getOperation());
        event.put("input", DataFolders.inputPath(job));
        event.put("time", Instant.ofEpochMilli(now).toString());
        if (job.isAutomaticBatch()) {
            // one vendor call for several jobs (PAI videos): it goes by its first member's id, and names them all
            job.getMembers().forEach(member -> event.withArray("members").add(member.getId()));
        }
        return event;
    }

    private static String lastOf(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
