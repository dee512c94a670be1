package io.mediagate.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobSource;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.JobIds;
import io.mediagate.json.Json;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Ingest: takes a file the inbox consumer picked up (complete, thanks to the read lock) into the work area,
 * and turns it into a {@link Job}: vendor and operation from its folder, parameters from the folder's
 * defaults and its {@code .job.json}, media checked before any vendor sees it. A file that cannot become a
 * job becomes a failed job, so it still ends in {@code failed/} with an error record.
 */
public final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    private final WorkArea workArea;
    private final VendorRegistry vendors;
    private final Settings settings;
    private final Progress progress;
    private final InputBuckets buckets;
    private final JobFileReader jobFiles;
    /** Per-folder default parameters, read from the settings once per operation. */
    private final Map<String, ObjectNode> folderDefaults = new java.util.concurrent.ConcurrentHashMap<>();

    public Intake(WorkArea workArea, VendorRegistry vendors, Settings settings, Progress progress) {
        this.workArea = workArea;
        this.vendors = vendors;
        this.settings = settings;
        this.progress = progress;
        this.buckets = new InputBuckets(vendors, settings);
        this.jobFiles = new JobFileReader(settings.integer("mediagate.ingest.max-job-file-bytes"), buckets);
    }

    /**
     * Camel entry point: the body becomes the job's JSON; property {@code mediagateStage} says where it goes.
     * The exchange is stopped when there is nothing to hand on: another gateway took the file first, or the
     * same input is already a live job (the file then waits in the work area for that job's result).
     */
    public void accept(Exchange exchange) {
        String relative = exchange.getMessage().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/');
        Path picked = Path.of(exchange.getMessage().getHeader("CamelFileAbsolutePath", String.class));
        Path claimed = workArea.claims().claim(picked, relative);
        if (claimed == null) {
            exchange.setRouteStop(true);
            return;
        }
        FileStamp taken = FileStamp.of(claimed);
        Job job = build(claimed, relative, System.currentTimeMillis());
        if (putBackIfChanged(claimed, picked, relative, taken)) {
            exchange.setRouteStop(true);
            return;
        }
        if (!admit(exchange, claimed, relative, job)) {
            exchange.setRouteStop(true);
        }
    }

    /**
     * Whether the claimed file changed while it was read (its producer is still writing through a handle it opened
     * before the claim); it then goes back where it was dropped, to be taken once it is still for min-age again.
     */
    boolean putBackIfChanged(Path claimed, Path inboxFile, String relative, FileStamp taken) {
        if (taken.equals(FileStamp.of(claimed))) {
            return false;
        }
        Path back = workArea.claims().returnClaim(claimed, inboxFile);
        LOG.warn("{} changed after it was taken in (its writer paused longer than mediagate.ingest.min-age): put back as {}"
                + " to be taken again once complete", relative, back.getFileName());
        return true;
    }

    /**
     * Files a built job's input under its id and hands the job on (false: the same input is already a live job, and
     * this one waits in the work area for that job's result, without a second vendor call).
     */
    boolean admit(Exchange exchange, Path claimed, String relative, Job job) {
        Claims.Registration registration = workArea.claims().register(job.getId(), claimed, relative);
        job.getSource().workFile = registration.file().toString();
        progress.jobAccepted();
        if (!registration.newJob()) {
            LOG.info("{} is the same input as live job {}: it will get that job's result, without a second vendor call",
                    relative, job.getId());
            return false;
        }
        workArea.jobs().saveJob(job);
        StageMessages.handOffFirst(exchange, job);
        return true;
    }

    /** Records that the job's first message is on the broker, so start-up reconciliation leaves it alone. */
    public void enqueued(Exchange exchange) {
        CrashPoints.reached(CrashPoints.SENT_BEFORE_ENQUEUED_MARKER);
        // the job of this very message: its acceptance, not just its id, is what is now on the broker
        workArea.enqueued().markEnqueued(StageMessages.firstJobOf(exchange));
    }

    /**
     * Builds the job for a claimed file: vendor and operation from its path, parameters, media checks.
     * Bad input gives a failed job (with a unique id), so it still ends in failed/ with an error record.
     *
     * @param file     the claimed file
     * @param relative its path below {@code inbox/}, e.g. {@code opensearch/object-detect/cat.jpg}
     */
    Job build(Path file, String relative, long now) {
        return build(file, relative, now, null);
    }

    /** @param extraParams merged over the folder's defaults and the job file's params (a queue request's own), or null */
    Job build(Path file, String relative, long now, ObjectNode extraParams) {
        Job job = new Job();
        job.setAcceptedAt(now);
        String[] parts = relative.split("/", 3);
        boolean routable = parts.length == 3;
        if (routable) {
            job.setVendor(parts[0]);
            job.setOperation(parts[1]);
            job.setRelativePath(parts[2]);
        } else {
            job.setRelativePath(relative);
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        job.getSource().name = name;
        job.getSource().jobFile = name.endsWith(JobFileReader.SUFFIX);
        try {
            VendorOperation operation = routable ? vendors.operation(parts[0], parts[1]).orElse(null) : null;
            if (operation == null) {
                throw JobFailure.input(unroutableMessage(relative, parts));
            }
            prepare(job, operation, file, extraParams);
            job.setStage(Job.Stage.submit);
            String batchKey = operation.batchWindow().gathers() ? operation.batchKey(job) : null;
            if (batchKey != null) {
                // a single video that may share a batch call with others dropped about now (see Gathering)
                job.setBatchKey(batchKey);
                job.setStage(Job.Stage.gather);
            }
        } catch (JobFailure failure) {
            job.setId("rejected-" + UUID.randomUUID());
            job.fail(failure.error(), now);
            LOG.warn("Rejected {}: {}", relative, failure.getMessage());
        } catch (RuntimeException bug) {
            // the file is already in the work area: it must still end in failed/, not stay there
            job.setId("rejected-" + UUID.randomUUID());
            job.fail(JobError.internal("the gateway failed while taking in " + name + ": " + bug), now);
            LOG.error("Internal error while taking in {}", relative, bug);
        }
        return job;
    }

    private String unroutableMessage(String relative, String[] parts) {
        if (parts.length < 3) {
            return "'" + relative + "' is not inside an operation folder: drop files into inbox/<vendor>/<operation>/"
                    + " (vendors: " + vendors.vendorNames() + ")";
        }
        if (vendors.vendor(parts[0]).isEmpty()) {
            return "unknown vendor folder '" + parts[0] + "'; vendors are: " + vendors.vendorNames();
        }
        return "unknown operation folder '" + parts[0] + "/" + parts[1] + "'; " + parts[0] + " operations are: "
                + vendors.operationNames(parts[0]);
    }

    private void prepare(Job job, VendorOperation operation, Path work, ObjectNode extraParams) {
        OperationSpec spec = operation.spec();
        ObjectNode params = folderDefaults.computeIfAbsent(spec.key(), key -> Json.fromDottedKeys(
                settings.withPrefix("mediagate." + spec.vendor() + "." + spec.name() + ".params."))).deepCopy();
        JobSource source = job.getSource();
        source.bytes = size(work);
        source.modifiedAt = FileStamp.of(work).modifiedMillis();
        if (source.jobFile) {
            jobFiles.read(source, work, params, operation);
        } else {
            LocalMediaCheck.check(source, spec, work);
        }
        Json.deepMerge(params, extraParams);
        buckets.checkMedia(source, operation, extraParams);
        job.setParams(params);
        job.setId(JobIds.derive(spec.vendor(), spec.name(), operation.requestTarget(job), source.jobFile ? null : work,
                source.url != null ? source.url : source.oss != null ? source.oss
                        : source.urls != null ? String.join("\n", source.urls) : null, Json.canonical(params)));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
