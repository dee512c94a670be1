package io.mediagate.job;

import io.mediagate.json.Json;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One accepted input on its way through ingest → submit → poll → deliver. It is the whole state of the
 * job: stages hand it to each other as JSON, so no stage keeps anything about a job in memory.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Job {

    /** {@code gather}: a single video waiting a short window to join a batch call (see flow.Gathering). */
    public enum Stage { gather, submit, poll, deliver }

    public enum Status { succeeded, failed }

    private String id;
    private String vendor;
    private String operation;
    /** Path of the input below {@code inbox/<vendor>/<operation>/}, e.g. {@code sub/cat.jpg}. */
    private String relativePath;
    private JobSource source = new JobSource();
    private ObjectNode params = JsonNodeFactory.instance.objectNode();

    private Stage stage = Stage.submit;
    private Status status;
    private long acceptedAt;
    private Long submittedAt;
    private Long finishedAt;
    /** Absolute epoch millis after which an unfinished task fails as {@code timeout}. */
    private Long deadlineAt;
    /** Earliest epoch millis at which the next stage may act on this job (polls, retries). */
    private Long dueAt;
    /** The current poll interval, grown by the backoff factor after each poll that is still pending. */
    private Long pollIntervalMillis;
    /** What adaptive polling expected of this task and saw of it (null: not polled adaptively). */
    private PollTiming pollTiming;
    /** Set while the job is parked for its vendor quota's slot (null: not parked). */
    private RateSlot rateSlot;
    /** Failed attempts of the current vendor call, reset after each call that got an answer. */
    private int attempt;
    /** A digest of the credential (e.g. Baidu's access token) the last call carried, never the credential itself. */
    private String credentialTag;
    /** Set once the vendor rejected the job's credential and a new one was fetched for it (at most once per job). */
    private boolean credentialRenewed;

    private String taskId;
    private List<String> requestIds = new ArrayList<>();
    private int vendorCalls;
    private int polls;
    private int retries;
    /** Whether the vendor call went to the built-in sandbox instead of the real service. */
    private boolean sandbox;
    /**
     * Set when the gateway stopped between sending a submit call and recording its answer, and the vendor
     * offers no idempotency token: the job was submitted again, and the vendor may have run it twice.
     */
    private boolean possibleDuplicateSubmission;

    /**
     * Jobs that may share one vendor batch call carry the same key (same operation, model and configure); set at
     * intake for operations that gather single files into batches.
     */
    private String batchKey;
    /** The jobs of an automatic batch, sent as one vendor call; this job then stands for all of them. */
    private List<Job> members;
    /** This job's place in the automatic batch it was sent in (null: sent on its own). */
    private BatchPlace batch;

    /** Where the answer goes when the job came as a request on the queue (null: a dropped file). */
    private Reply reply;
    /** Which request message made this job (null: a dropped file): its memory is written from it at delivery. */
    private RequestOrigin requestOrigin;

    private JsonNode result;
    private JsonNode usage;
    /** Output files of the vendor, downloaded into the job's work folder; delivered beside the envelope. */
    private List<Artifact> artifacts = new ArrayList<>();
    private JobError error;

    /**
     * One vendor call for several gathered jobs. It carries the first member's id (its work folder keeps the
     * batch's submit marker and last error) and the shared operation and params; the members keep their own.
     */
    public static Job batchOf(List<Job> members) {
        Job lead = members.get(0);
        Job batch = new Job();
        batch.id = lead.id;
        batch.vendor = lead.vendor;
        batch.operation = lead.operation;
        batch.relativePath = lead.relativePath;
        batch.params = lead.params;
        batch.acceptedAt = members.stream().mapToLong(Job::getAcceptedAt).min().orElse(lead.acceptedAt);
        batch.source.name = "batch of " + members.size() + " from " + lead.source.name;
        batch.stage = Stage.submit;
        batch.members = members;
        return batch;
    }

    @JsonIgnore
    public boolean isAutomaticBatch() {
        return members != null;
    }

    /**
     * Member {@code index} of this batch as the job it was, ended as the batch ended: the batch's calls, task and
     * timings, and its failure when the whole batch failed. The vendor's answer for that member is set by the caller.
     */
    public Job memberAfterBatch(int index) {
        Job member = Json.read(Json.write(members.get(index)), Job.class);
        member.batch = new BatchPlace(index + 1, members.size());
        member.taskId = taskId;
        member.requestIds = new ArrayList<>(requestIds);
        member.vendorCalls = vendorCalls;
        member.polls = polls;
        member.retries = retries;
        member.sandbox = sandbox;
        member.possibleDuplicateSubmission = possibleDuplicateSubmission;
        member.submittedAt = submittedAt;
        member.batchKey = null;
        long ended = finishedAt != null ? finishedAt : System.currentTimeMillis();
        if (status == Status.failed) {
            member.fail(error, ended);
        } else {
            member.succeed(null, usage, ended);
        }
        return member;
    }

    /**
     * The answer address of a queue request.
     *
     * @param destination   the request's JMSReplyTo (a queue name, or {@code topic://name}), or null for the results queue
     * @param correlationId the request message's JMSCorrelationID (else its requestId, else its JMSMessageID), carried
     *                      over to the answer as JMSCorrelationID
     * @param requestId     the request's own {@code requestId} (else the correlation id), in the answer's body
     */
    public record Reply(String destination, String correlationId, String requestId) {
    }

    /**
     * The queue request that made a job: the key of its memory (request id and content) and its JMS message id, so
     * that the memory can be written when the job is delivered even if the request's own commit was lost to a crash.
     */
    public record RequestOrigin(String key, String messageId) {
    }

    /** Where a job was in the automatic batch it was sent in: {@code position} (from 1) of {@code size}. */
    public record BatchPlace(int position, int size) {
    }

    @JsonIgnore
    public boolean hasLocalMedia() {
        return source.url == null && source.oss == null && source.workFile != null && !source.jobFile;
    }

    public void recordRequestId(String requestId) {
        if (requestId != null && !requestId.isBlank()) {
            requestIds.add(requestId);
        }
    }

    public void succeed(JsonNode result, JsonNode usage, long now) {
        this.result = result;
        this.usage = usage;
        this.status = Status.succeeded;
        this.stage = Stage.deliver;
        this.finishedAt = now;
        this.dueAt = null;
    }

    /** Back to polling a finished task (its outputs could not be fetched yet): the next answer finishes it again. */
    public void reopenForPoll() {
        this.result = null;
        this.usage = null;
        this.status = null;
        this.stage = Stage.poll;
        this.finishedAt = null;
    }

    public void fail(JobError error, long now) {
        this.error = error;
        this.status = Status.failed;
        this.stage = Stage.deliver;
        this.finishedAt = now;
        this.dueAt = null;
    }

    // --- plain accessors (Jackson) ---

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getVendor() { return vendor; }
    public void setVendor(String vendor) { this.vendor = vendor; }
    public String getOperation() { return operation; }
    public void setOperation(String operation) { this.operation = operation; }
    public String getRelativePath() { return relativePath; }
    public void setRelativePath(String relativePath) { this.relativePath = relativePath; }
    public JobSource getSource() { return source; }
    public void setSource(JobSource source) { this.source = source; }
    public ObjectNode getParams() { return params; }
    public void setParams(ObjectNode params) { this.params = params; }
    public Stage getStage() { return stage; }
    public void setStage(Stage stage) { this.stage = stage; }
    public Status getStatus() { return status; }
    public void setStatus(Status status) { this.status = status; }
    public long getAcceptedAt() { return acceptedAt; }
    public void setAcceptedAt(long acceptedAt) { this.acceptedAt = acceptedAt; }
    public Long getSubmittedAt() { return submittedAt; }
    public void setSubmittedAt(Long submittedAt) { this.submittedAt = submittedAt; }
    public Long getFinishedAt() { return finishedAt; }
    public void setFinishedAt(Long finishedAt) { this.finishedAt = finishedAt; }
    public Long getDeadlineAt() { return deadlineAt; }
    public void setDeadlineAt(Long deadlineAt) { this.deadlineAt = deadlineAt; }
    public Long getDueAt() { return dueAt; }
    public void setDueAt(Long dueAt) { this.dueAt = dueAt; }
    public Long getPollIntervalMillis() { return pollIntervalMillis; }
    public void setPollIntervalMillis(Long pollIntervalMillis) { this.pollIntervalMillis = pollIntervalMillis; }

    public PollTiming getPollTiming() { return pollTiming; }
    public void setPollTiming(PollTiming pollTiming) { this.pollTiming = pollTiming; }

    public RateSlot getRateSlot() { return rateSlot; }
    public void setRateSlot(RateSlot rateSlot) { this.rateSlot = rateSlot; }
    public int getAttempt() { return attempt; }
    public void setAttempt(int attempt) { this.attempt = attempt; }
    public boolean isCredentialRenewed() { return credentialRenewed; }
    public void setCredentialRenewed(boolean credentialRenewed) { this.credentialRenewed = credentialRenewed; }
    public String getCredentialTag() { return credentialTag; }
    public void setCredentialTag(String credentialTag) { this.credentialTag = credentialTag; }
    public String getTaskId() { return taskId; }
    public void setTaskId(String taskId) { this.taskId = taskId; }
    public List<String> getRequestIds() { return requestIds; }
    public void setRequestIds(List<String> requestIds) { this.requestIds = requestIds; }
    public int getVendorCalls() { return vendorCalls; }
    public void setVendorCalls(int vendorCalls) { this.vendorCalls = vendorCalls; }
    public int getPolls() { return polls; }
    public void setPolls(int polls) { this.polls = polls; }
    public int getRetries() { return retries; }
    public void setRetries(int retries) { this.retries = retries; }
    public boolean isSandbox() { return sandbox; }
    public void setSandbox(boolean sandbox) { this.sandbox = sandbox; }
    public boolean isPossibleDuplicateSubmission() { return possibleDuplicateSubmission; }
    public void setPossibleDuplicateSubmission(boolean possibleDuplicateSubmission) { this.possibleDuplicateSubmission = possibleDuplicateSubmission; }
    public JsonNode getResult() { return result; }
    public void setResult(JsonNode result) { this.result = result; }
    public JsonNode getUsage() { return usage; }
    public List<Artifact> getArtifacts() { return artifacts; }
    public void setArtifacts(List<Artifact> artifacts) { this.artifacts = artifacts; }
    public void setUsage(JsonNode usage) { this.usage = usage; }
    public String getBatchKey() { return batchKey; }
    public void setBatchKey(String batchKey) { this.batchKey = batchKey; }
    public List<Job> getMembers() { return members; }
    public void setMembers(List<Job> members) { this.members = members; }
    public BatchPlace getBatch() { return batch; }
    public void setBatch(BatchPlace batch) { this.batch = batch; }
    public Reply getReply() { return reply; }
    public void setReply(Reply reply) { this.reply = reply; }
    public RequestOrigin getRequestOrigin() { return requestOrigin; }
    public void setRequestOrigin(RequestOrigin requestOrigin) { this.requestOrigin = requestOrigin; }
    public JobError getError() { return error; }
    public void setError(JobError error) { this.error = error; }
}
