package io.mediagate.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Artifact;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
    private final StagedObjects stagedObjects;

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
        this.stagedObjects = new StagedObjects(vendors);
    }

    /** Exchange property holding the job as delivered (its result's name, its outcome), for the job event. */
    public static final String DELIVERED = "mediagateDelivered";

    /** The envelope of a delivered job that succeeded, its error record otherwise: what outbox/ (failed/) holds. */
    public ObjectNode documentOf(Job job) {
        return job.getStatus() == Job.Status.succeeded ? Envelopes.success(job, folders, partsOf(job)) : Envelopes.failure(job);
    }

    /** Exchange property set when the body is now the answer to a queue request, for the route to send on. */
    public static final String ANSWER = "mediagateAnswer";

    /** @throws DeliveryBlocked when the data folders refuse the job's files (the route then has it wait, not fail) */
    public void deliver(Exchange exchange) {
        Job answered = exchange.getProperty(AnsweredDelivery.ANSWERED, Job.class);
        Job received = answered != null ? answered : StageMessages.jobOf(exchange);
        Job job;
        try {
            job = deliver(received);
        } catch (java.io.UncheckedIOException disk) {
            throw new DeliveryBlocked(received.getId(), disk);
        }
        blocked.cleared(received.getId());
        CrashPoints.reached(CrashPoints.DELIVERED_BEFORE_COMMIT);
        exchange.setProperty(DELIVERED, job);
        if (job.getReply() != null) {
            // the same document as in outbox/ (or failed/), with the request's id, in this same transaction
            ObjectNode answer = documentOf(job);
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
        // the outputs' temp files are written in the sealed folder itself (hidden names): no folder of their own to make
        // and remove per job, and what a crash leaves of them goes with the folder
        Path sealed = sealing.seal(job);
        // a batch job file: each item first gets its own envelope or error record, then the job file its summary;
        // the items are what counts (a failed video is a failed result, whatever became of the others)
        java.util.List<Job> parts = partsOf(job);
        for (Job part : parts) {
            deliverOne(part, sealed, java.util.List.of(), true);
        }
        if (!parts.isEmpty()) {
            progress.splitInto(parts.size());
        }
        Job delivered = deliverOne(relocated(job), sealed, parts, parts.isEmpty());
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
            deliverOne(copy, sealed, parts, true);
        }
        sealing.removeSealed(sealed);
        stagedObjects.remove(job);
        return delivered;
    }

    /** The items of a batch job file, each with its own outcome (empty for other jobs and for automatic batches). */
    private java.util.List<Job> partsOf(Job job) {
        if (vendors == null || job.getVendor() == null || job.isAutomaticBatch()) {
            return java.util.List.of();
        }
        return vendors.operation(job.getVendor(), job.getOperation()).map(operation -> operation.parts(job)).orElse(java.util.List.of());
    }

    /**
     * The job with its input path moved along with its folder (an input outside the folder stays as it is). Changed in
     * place, not copied: the job is this delivery's own, read from its message, and what follows (its aliases' copies,
     * the staged objects) does not use its input path; a copy through JSON was a tenth of deliver's CPU.
     */
    private Job relocated(Job job) {
        if (job.getSource().workFile != null) {
            job.getSource().workFile = sealing.setAsideInput(job).toString();
        }
        return job;
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
    private Job deliverOne(Job job, Path sealed, java.util.List<Job> parts, boolean counted) {
        if (job.getReply() != null && !requestsToOutbox) {
            // a queue request: the answer is a message; only output files need a place (the answer names them)
            if (job.getStatus() == Job.Status.succeeded) {
                copyArtifacts(job, sealed);
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
                copyArtifacts(placed, sealed);
                DataFolders.writeAtomically(folders.envelopeFor(placed), Json.writePretty(Envelopes.success(placed, folders, parts)), sealed);
                CrashPoints.reached(CrashPoints.ENVELOPE_BEFORE_ORIGINAL);
                moveOriginal(placed, folders.doneFor(placed));
            } else {
                DataFolders.writeAtomically(folders.errorFor(placed), Json.writePretty(Envelopes.failure(placed)), sealed);
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
    private void copyArtifacts(Job job, Path sealed) {
        for (Artifact artifact : job.getArtifacts()) {
            Path downloaded = sealed.resolve(artifact.file());
            if (Files.exists(downloaded)) {
                DataFolders.copyAtomically(downloaded, folders.artifactFor(job, artifact.name()), sealed);
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
}
