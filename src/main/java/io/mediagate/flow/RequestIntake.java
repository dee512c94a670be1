package io.mediagate.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.Digests;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.job.JobFailure;
import io.mediagate.media.MediaDownload;
import io.mediagate.vendors.VendorRegistry;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Topic;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Job requests from a queue ({@code mediagate.requests}): a JSON document naming vendor, operation, media and params
 * (schema: {@code schemas/job-request.schema.json}). A valid request is turned into exactly what a dropped file
 * would be — a job file for {@code url}/{@code oss}/{@code urls}, the decoded file for inline {@code base64} — and
 * taken in by {@link Intake} with the same checks; its job carries the request's reply address. An invalid request
 * gets an error envelope as its answer and is kept aside with the reason; a request seen before (same id and
 * content) gets a {@code duplicate} answer and makes no second job.
 */
public final class RequestIntake {

    private static final Logger LOG = LoggerFactory.getLogger(RequestIntake.class);
    /** Exchange property: the request as received, for the dead-letter copy of a rejected one. */
    public static final String ORIGINAL = "mediagateRequest";
    /** Exchange property: why a request was rejected. */
    public static final String REASON = "mediagateRejection";
    /**
     * Exchange property: {@code rejected} or {@code duplicate} when the request is only answered; unset when it made
     * (or resumed) a job, which then goes to the stage in {@link StageMessages#NEXT_STAGE}.
     */
    public static final String OUTCOME = "mediagateRequestOutcome";

    private final Intake intake;
    private final WorkArea workArea;
    private final RequestMedia media;
    private final long maxRequestBytes;

    /**
     * @param maxInlineBytes   the largest decoded inline media accepted (the vendors' own limits are checked later)
     * @param maxDownloadBytes the largest media downloaded for a vendor that cannot take a URL itself (ICE)
     */
    public RequestIntake(Intake intake, WorkArea workArea, VendorRegistry vendors, MediaDownload downloads,
                         long maxInlineBytes, long maxDownloadBytes) {
        this(intake, workArea, vendors, downloads, maxInlineBytes, maxDownloadBytes, 16L * 1024 * 1024);
    }

    /**
     * @param maxRequestBytes the largest request read at all (its UTF-8 bytes), checked before it is parsed: room for
     *                        the largest inline media as base64 (4/3 of its size, plus line breaks)
     */
    public RequestIntake(Intake intake, WorkArea workArea, VendorRegistry vendors, MediaDownload downloads,
                         long maxInlineBytes, long maxDownloadBytes, long maxRequestBytes) {
        this.maxRequestBytes = maxRequestBytes;
        this.intake = intake;
        this.workArea = workArea;
        this.media = new RequestMedia(workArea.claims(), vendors, downloads, maxInlineBytes, maxDownloadBytes);
    }

    /** Camel entry point; property {@link #OUTCOME} when the request is only answered, else the job's next stage. */
    public void accept(Exchange exchange) throws JMSException {
        Message in = exchange.getMessage();
        String correlation = in.getHeader("JMSCorrelationID", String.class);
        String messageId = in.getHeader("JMSMessageID", String.class);
        Job.Reply reply = new Job.Reply(destinationName(in.getHeader("JMSReplyTo")),
                correlation != null ? correlation : messageId, correlation != null ? correlation : messageId);
        java.util.Optional<String> notARequest = RequestMessageKind.refused(in);
        if (notARequest.isPresent()) {
            reject(exchange, reply, notARequest.get()); // set aside with its reason only, its body unread
            return;
        }
        // kept as it came (text or bytes), for the copy set aside when it is rejected
        Object raw = RequestMessageKind.content(in);
        exchange.setProperty(ORIGINAL, raw);
        String body;
        try {
            body = text(raw, in);
        } catch (java.nio.charset.CharacterCodingException e) {
            reject(exchange, reply, "the request is not UTF-8 text: send JSON as UTF-8");
            return;
        }
        // refused before it is parsed (a character is at least one byte: a long text is not even encoded to count)
        if (body != null && (body.length() > maxRequestBytes || body.getBytes(StandardCharsets.UTF_8).length > maxRequestBytes)) {
            reject(exchange, reply, "the request is more than the " + maxRequestBytes + " bytes accepted"
                    + " (mediagate.requests.max-request-bytes): give large media by url or oss instead of inline");
            return;
        }
        JsonNode request;
        try {
            request = body == null ? null : Json.readInput(body);
        } catch (JsonProcessingException e) {
            reject(exchange, reply, "the request is not valid JSON: " + Json.problem(e));
            return;
        }
        String problem = RequestSchema.problemOf(request);
        if (problem != null) {
            reject(exchange, reply, problem);
            return;
        }
        String requestId = request.path("requestId").asText(reply.correlationId());
        reply = new Job.Reply(reply.destination(), correlation != null ? correlation : requestId, requestId);
        String key = HexFormat.of().formatHex(Digests.sha256(requestId + "\n" + Json.canonical(request)), 0, 16);
        RequestMemory.RememberedRequest remembered = workArea.requests().remembered(key);
        if (remembered != null && messageId != null && messageId.equals(remembered.messageId())) {
            // the broker delivers this very message again: a crash came before its commit, after its job was filed
            resumeOwnJob(exchange, remembered.jobId(), key, messageId, requestId);
            return;
        }
        if (remembered != null) {
            answerDuplicate(exchange, reply, "the same request (id and content) was accepted before: no second job is made;"
                    + " its answer goes, or went, to the first request's reply destination");
            return;
        }
        // a file name from the id, unique even where two ids differ only in characters a file name cannot hold
        String safeId = requestId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + key.substring(0, 8);
        RequestMedia.Staged staged;
        try {
            staged = media.stage(request, request.path("vendor").asText() + "/" + request.path("operation").asText()
                    + "/requests/" + safeId, requestId);
        } catch (JobFailure refused) {
            reject(exchange, reply, refused.getMessage());
            return;
        }
        Path claimed = staged.claimed();
        String relative = staged.relative();
        Job job = intake.build(claimed, relative, System.currentTimeMillis(), staged.extraParams());
        if (job.getStatus() == Job.Status.failed) {
            workArea.claims().discardClaim(claimed);
            reject(exchange, reply, job.getError().message());
            return;
        }
        if (workArea.jobs().isLive(job.getId())) {
            workArea.claims().discardClaim(claimed);
            if (redelivered(in) && isOwnJob(job.getId(), reply)) {
                // a crash came after its job was filed and before it was remembered (and committed)
                resumeOwnJob(exchange, job.getId(), key, messageId, requestId);
                return;
            }
            answerBusy(exchange, reply, job.getId());
            return;
        }
        job.setReply(reply);
        job.setRequestOrigin(new Job.RequestOrigin(key, messageId));
        if (!intake.admit(exchange, claimed, relative, job)) {
            // filed as the same input as a job that went live a moment ago: this request does not wait for it
            workArea.jobs().dropAlias(Path.of(job.getSource().workFile));
            answerBusy(exchange, reply, job.getId());
            return;
        }
        CrashPoints.reached(CrashPoints.REQUEST_FILED_BEFORE_MEMORY);
        workArea.requests().remember(key, job.getId(), messageId);
        CrashPoints.reached(CrashPoints.REQUEST_BEFORE_COMMIT);
        LOG.info("Request {} from the queue is job {} ({}/{})", requestId, job.getId(), job.getVendor(), job.getOperation());
    }

    /**
     * Hands on the job this same request message made before a crash rolled its transaction back (its hand-off went
     * with it), as the reconciler would: with the same duplicate id, so the broker refuses a copy already sent. No
     * answer now: the job's own answer is the request's answer. Nothing is sent when the reconciler already sent the
     * job (it is marked enqueued) or the job has ended (its answer went out).
     */
    private void resumeOwnJob(Exchange exchange, String jobId, String key, String messageId, String requestId) {
        Job job = workArea.jobs().liveJob(jobId);
        if (job == null || workArea.enqueued().isEnqueued(job)) {
            LOG.info("Request {} came again after a crash; its job {} is {}: nothing more to do", requestId, jobId,
                    job == null ? "over (its answer went out)" : "on its way already");
            exchange.setRouteStop(true);
            return;
        }
        StageMessages.handOffFirst(exchange, job);
        workArea.requests().remember(key, jobId, messageId);
        LOG.info("Request {} came again after a crash before its commit: its job {} is handed on again", requestId, jobId);
    }

    private static boolean redelivered(Message in) {
        return Boolean.TRUE.equals(in.getHeader("JMSRedelivered", Boolean.class));
    }

    /** Whether the live job was made for this request (its record carries the request's reply address). */
    private boolean isOwnJob(String jobId, Job.Reply reply) {
        Job live = workArea.jobs().liveJob(jobId);
        return live != null && reply.equals(live.getReply());
    }

    private void reject(Exchange exchange, Job.Reply reply, String reason) {
        LOG.warn("Rejected a request from the queue ({}): {}", reply.requestId(), reason);
        ObjectNode answer = Json.object();
        answer.put("status", "rejected");
        answer.put("kind", JobError.Kind.input.name());
        answer.put("message", reason);
        answer.put("requestId", reply.requestId());
        answer.put("rejectedAt", Instant.now().toString());
        exchange.setProperty(REASON, reason);
        answer(exchange, reply, answer, "rejected");
    }

    private static void answerDuplicate(Exchange exchange, Job.Reply reply, String message) {
        LOG.info("Request {} answered as a duplicate: {}", reply.requestId(), message);
        ObjectNode answer = Json.object();
        answer.put("status", "duplicate");
        answer.put("message", message);
        answer.put("requestId", reply.requestId());
        answer(exchange, reply, answer, "duplicate");
    }

    /** Another request or a dropped file with the same media and params is being processed right now. */
    private static void answerBusy(Exchange exchange, Job.Reply reply, String jobId) {
        answerDuplicate(exchange, reply, "the same media and params are being processed right now (job " + jobId + ", for"
                + " another request or a dropped file): no second job is made; send the request again once that job has"
                + " ended to get its own answer");
    }

    private static void answer(Exchange exchange, Job.Reply reply, ObjectNode answer, String outcome) {
        exchange.setProperty(OUTCOME, outcome);
        Answers.address(exchange, reply, answer);
    }

    /**
     * The name of a JMSReplyTo destination, kept in the job (a destination object does not survive the broker); a topic
     * as {@code topic://<name>}, which is no reply address the gateway answers to (answers go to queues only).
     */
    static String destinationName(Object replyTo) throws JMSException {
        if (replyTo instanceof Queue queue) {
            return queue.getQueueName();
        }
        if (replyTo instanceof Topic topic) {
            return "topic://" + topic.getTopicName();
        }
        return replyTo instanceof Destination || replyTo == null ? null : replyTo.toString();
    }

    /** Sets the rejected request back as the body (text or bytes, as it came), with its reason, for the dead-letter queue. */
    public void deadLetter(Exchange exchange) {
        Message message = exchange.getMessage();
        String reason = exchange.getProperty(REASON, String.class);
        message.getHeaders().clear();
        message.setHeader("MediagateRejection", reason);
        message.setBody(exchange.getProperty(ORIGINAL));
    }

    /** The request's text: a bytes message must be UTF-8 (a wrong byte is refused, not read as a replacement character). */
    private static String text(Object raw, Message in) throws java.nio.charset.CharacterCodingException {
        if (raw instanceof byte[] bytes) {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        }
        return raw == null || raw instanceof String ? (String) raw : in.getBody(String.class);
    }
}
