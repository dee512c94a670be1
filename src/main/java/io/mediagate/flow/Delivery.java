package io.mediagate.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Deliver: the last stage of every job. A success writes the envelope to {@code outbox/} and moves the
 * original to {@code done/}; a failure moves it to {@code failed/} with {@code <name>.error.json} beside it.
 * Outputs are written atomically (temp file in the job's work folder + rename) and rewriting them gives the same bytes, so a
 * delivery that runs twice does no harm. Another job's result is never replaced: a later job with the same name takes a
 * name with its job id ({@link ResultNames}).
 */
public final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final DataFolders folders;
    private final JobFolders jobs;
    private final Sealing sealing;
    private final Progress progress;
    private final VendorRegistry vendors;
    private final boolean requestsToOutbox;
    private final ResultNames names;
    private final BlockedDeliveries blocked;

    /**
     * @param vendors          where to find the OSS a job staged media in (null: no vendor stages media)
     * @param requestsToOutbox whether jobs that came as queue requests also get their envelope in outbox/ (their
     *                         answer goes to the queue either way)
     */
    public Delivery(DataFolders folders, JobFolders jobs, Sealing sealing, Progress progress, VendorRegistry vendors,
                    boolean requestsToOutbox) {
        this(folders, jobs, sealing, progress, vendors, requestsToOutbox, new BlockedDeliveries(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(30)));
    }

    /** @param blocked the jobs whose delivery the disk blocks; a delivery that goes through takes its job off */
    public Delivery(DataFolders folders, JobFolders jobs, Sealing sealing, Progress progress, VendorRegistry vendors,
                    boolean requestsToOutbox, BlockedDeliveries blocked) {
        this.blocked = blocked;
        this.folders = folders;
        this.jobs = jobs;
        this.sealing = sealing;
        this.progress = progress;
        this.vendors = vendors;
        this.requestsToOutbox = requestsToOutbox;
        this.names = new ResultNames(folders);
    }

    /** Exchange property set when the body is now the answer to a queue request, for the route to send on. */
    public static final String ANSWER = "mediagateAnswer";

    /** @throws DeliveryBlocked when the data folders refuse the job's files (the route then has it wait, not fail) */
    public void deliver(Exchange exchange) {
        Job received = StageMessages.jobOf(exchange);
        Job job;
        try {
            job = deliver(received);
        } catch (java.io.UncheckedIOException disk) {
            throw new DeliveryBlocked(received.getId(), disk);
        }
        blocked.cleared(received.getId());
        if (job.getReply() != null) {
            // the same document as in outbox/ (or failed/), with the request's id, in this same transaction
            ObjectNode answer = job.getStatus() == Job.Status.succeeded ? Envelopes.success(job, folders, partsOf(job))
                    : Envelopes.failure(job);
            answer.put("requestId", job.getReply().requestId());
            Answers.address(exchange, job.getReply(), answer);
            exchange.setProperty(ANSWER, true);
        }
    }

    /**
     * The members of an ended automatic batch, each with its own answer, as deliver messages of their own (the route
     * sends them on in the same transaction): a member whose delivery fails is retried, and given up, alone.
     */
    public java.util.List<Message> memberMessages(Exchange exchange) {
        Job batch = StageMessages.jobOf(exchange);
        java.util.List<Message> messages = new java.util.ArrayList<>();
        for (Job member : vendors.require(batch.getVendor(), batch.getOperation()).parts(batch)) {
            Message message = new DefaultMessage(exchange.getContext());
            StageMessages.write(message, member);
            messages.add(message);
        }
        return messages;
    }

    /** @return the job as delivered (its relative path says where its files went: see {@link ResultNames}) */
    Job deliver(Job job) {
        if (job.isAutomaticBatch()) {
            // routes that do not split batches (see deliver.camel.yaml): each member delivered in this message
            vendors.require(job.getVendor(), job.getOperation()).parts(job).forEach(this::deliver);
            return job;
        }
        Path live = jobs.folder(job.getId());
        Path sealed = sealing.seal(job);
        Path scratch = sealed.resolve("partial");
        // a batch job file: each item first gets its own envelope or error record, then the job file its summary;
        // the items are what counts (a failed video is a failed result, whatever became of the others)
        java.util.List<Job> parts = partsOf(job);
        for (Job part : parts) {
            deliverOne(part, sealed, scratch, java.util.List.of(), true);
        }
        if (!parts.isEmpty()) {
            progress.splitInto(parts.size());
        }
        Job delivered = deliverOne(relocated(job, live, sealed), sealed, scratch, parts, parts.isEmpty());
        // the same input dropped again while the job lived gets the same result under its own name
        Path aliases = sealed.resolve("aliases");
        for (Path alias : files(aliases)) {
            Path relative = aliases.relativize(alias);
            Job copy = Json.read(Json.write(job), Job.class);
            copy.setRelativePath(relative.subpath(3, relative.getNameCount()).toString().replace('\\', '/'));
            copy.getSource().name = alias.getFileName().toString();
            copy.getSource().workFile = alias.toString();
            // a dropped file that joined a request's job is a file: envelope to outbox/, original to done/
            copy.setReply(null);
            deliverOne(copy, sealed, scratch, parts, true);
        }
        sealing.removeSealed(sealed);
        removeFromOss(job);
        return delivered;
    }

    /**
     * Deletes what the gateway itself put in OSS for the job (the staged input, outputs in its default output
     * folder) unless {@code mediagate.oss.keep-staged}. A failed delete is logged, never fails the delivered job;
     * an OSS lifecycle rule on the prefix is the backstop (README).
     */
    private void removeFromOss(Job job) {
        OssStore oss = vendors == null ? null : vendors.vendor(job.getVendor()).map(Vendor::ossStore).orElse(null);
        if (oss == null || oss.config().keepStaged()) {
            return;
        }
        java.util.List<String> remove = new java.util.ArrayList<>();
        if (job.getSource().staged != null) {
            remove.add(job.getSource().staged);
        }
        job.getArtifacts().stream().filter(Job.Artifact::temporary).forEach(a -> remove.add(a.source()));
        for (String location : remove) {
            try {
                OssLocation.parse(location).ifPresent(oss::delete);
            } catch (RuntimeException e) {
                LOG.warn("Could not delete {} after job {} ended: {}", location, job.getId(), e.getMessage());
            }
        }
    }

    /** The items of a batch job file, each with its own outcome (empty for other jobs and for automatic batches). */
    private java.util.List<Job> partsOf(Job job) {
        if (vendors == null || job.getVendor() == null || job.isAutomaticBatch()) {
            return java.util.List.of();
        }
        return vendors.operation(job.getVendor(), job.getOperation()).map(operation -> operation.parts(job)).orElse(java.util.List.of());
    }

    /** The job with its input path moved along with its folder (an input outside the folder stays as it is). */
    private static Job relocated(Job job, Path live, Path sealed) {
        String workFile = job.getSource().workFile;
        if (workFile == null || !Path.of(workFile).startsWith(live)) {
            return job;
        }
        Job moved = Json.read(Json.write(job), Job.class);
        moved.getSource().workFile = sealed.resolve(live.relativize(Path.of(workFile))).toString();
        return moved;
    }

    private static java.util.List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return java.util.List.of();
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder, e);
        }
    }

    /**
     * @param parts   the items of a batch job file, already delivered, for its envelope to say how each ended
     * @param counted whether this counts as a result of its own (a batch job file does not: its items do)
     * @return the job as delivered: renamed when another job's result has its name
     */
    private Job deliverOne(Job job, Path sealed, Path scratch, java.util.List<Job> parts, boolean counted) {
        if (job.getReply() != null && !requestsToOutbox) {
            // a queue request: the answer is a message; only output files need a place (the answer names them)
            if (job.getStatus() == Job.Status.succeeded) {
                copyArtifacts(job, sealed, scratch);
            }
            LOG.info("Answered request {} ({}): {}", job.getReply().requestId(), DataFolders.inputPath(job), job.getStatus());
            if (counted) {
                progress.delivered(job);
            }
            return job;
        }
        Job placed;
        synchronized (names.lockFor(job)) {
            placed = names.place(job);
            // the envelope (error record) before the original: it names the job, so a delivery that runs again
            // after a crash finds its own name by it (ResultNames) and does not take the original for another job's
            if (placed.getStatus() == Job.Status.succeeded) {
                // output files first, the envelope last: an envelope in outbox/ means everything of the job is there
                copyArtifacts(placed, sealed, scratch);
                DataFolders.writeAtomically(folders.envelopeFor(placed), Json.writePretty(Envelopes.success(placed, folders, parts)), scratch);
                CrashPoints.reached(CrashPoints.ENVELOPE_BEFORE_ORIGINAL);
                moveOriginal(placed, folders.doneFor(placed));
            } else {
                DataFolders.writeAtomically(folders.errorFor(placed), Json.writePretty(Envelopes.failure(placed)), scratch);
                moveOriginal(placed, folders.failedFor(placed));
            }
        }
        if (placed.getStatus() == Job.Status.succeeded) {
            LOG.info("Delivered {} → {}", DataFolders.inputPath(job), folders.root().relativize(folders.envelopeFor(placed)));
        } else {
            LOG.warn("Failed {}: {} — {}", DataFolders.inputPath(job), job.getError().kind(), job.getError().message());
        }
        if (counted) {
            progress.delivered(job);
        }
        return placed;
    }

    /** The job's downloaded output files, beside its envelope in outbox/. */
    private void copyArtifacts(Job job, Path sealed, Path scratch) {
        for (Job.Artifact artifact : job.getArtifacts()) {
            Path downloaded = sealed.resolve(artifact.file());
            if (Files.exists(downloaded)) {
                DataFolders.copyAtomically(downloaded, folders.artifactFor(job, artifact.name()), scratch);
            }
        }
    }

    private void moveOriginal(Job job, Path target) {
        if (job.getSource().workFile == null) {
            return;
        }
        Path work = Path.of(job.getSource().workFile);
        try {
            if (Files.exists(work)) {
                DataFolders.moveReplacing(work, target);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot move " + work + " to " + target, e);
        }
    }

    /** The JSON documents a person reads: the output envelope and the error record. */
    static final class Envelopes {

        private Envelopes() {
        }

        /**
         * The status of a batch job file whose items did not all succeed: the batch call went through, yet some
         * results are error records in failed/ (listed under {@code parts.failed}).
         */
        static final String PARTLY_FAILED = "partly-failed";

        static ObjectNode success(Job job, DataFolders folders, java.util.List<Job> parts) {
            ObjectNode envelope = Json.object();
            envelope.set("job", describe(job));
            java.util.List<Job> failedParts = parts.stream().filter(part -> part.getStatus() != Job.Status.succeeded).toList();
            envelope.put("status", failedParts.isEmpty() ? "succeeded" : PARTLY_FAILED);
            if (!parts.isEmpty()) {
                ObjectNode summary = envelope.putObject("parts");
                summary.put("succeeded", parts.size() - failedParts.size());
                com.fasterxml.jackson.databind.node.ArrayNode failed = summary.putArray("failed");
                for (Job part : failedParts) {
                    failed.addObject().put("file", DataFolders.inputPath(part))
                            .put("errorRecord", folders.root().relativize(folders.errorFor(part)).toString().replace('\\', '/'))
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
                com.fasterxml.jackson.databind.node.ArrayNode files = envelope.putArray("artifacts");
                for (Job.Artifact artifact : job.getArtifacts()) {
                    files.addObject().put("file", folders.artifactFor(job, artifact.name()).getFileName().toString())
                            .put("source", artifact.source()).put("bytes", artifact.bytes());
                }
            }
            if (job.getUsage() != null && !job.getUsage().isNull()) {
                envelope.set("usage", job.getUsage());
            }
            return envelope;
        }

        static ObjectNode failure(Job job) {
            ObjectNode record = Json.object();
            record.put("file", DataFolders.inputPath(job));
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
            source.put("path", DataFolders.inputPath(job));
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
}
