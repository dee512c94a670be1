package io.mediagate.flow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.job.JobIds;
import io.mediagate.json.Json;
import io.mediagate.media.MediaFacts;
import io.mediagate.media.MediaProbe;
import io.mediagate.media.MediaTypes;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Ingest: takes a file the inbox consumer picked up (complete, thanks to the read lock) into the work area,
 * and turns it into a {@link Job}: vendor and operation from its folder, parameters from the folder's
 * defaults and its {@code .job.json}, media checked before any vendor sees it. A file that cannot become a
 * job becomes a failed job, so it still ends in {@code failed/} with an error record.
 */
public final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final String JOB_FILE_SUFFIX = ".job.json";
    private static final Set<String> JOB_FILE_KEYS = Set.of("url", "urls", "oss", "params");

    private final WorkArea workArea;
    private final VendorRegistry vendors;
    private final Settings settings;
    private final Progress progress;
    /** The largest job file read (mediagate.ingest.max-job-file-bytes): it names media and params, never holds media. */
    private final long maxJobFileBytes;
    private final io.mediagate.media.oss.OssInputBuckets ossBuckets;
    /** Per-folder default parameters, read from the settings once per operation. */
    private final Map<String, ObjectNode> folderDefaults = new java.util.concurrent.ConcurrentHashMap<>();

    public Intake(WorkArea workArea, VendorRegistry vendors, Settings settings, Progress progress) {
        this.workArea = workArea;
        this.vendors = vendors;
        this.settings = settings;
        this.progress = progress;
        this.maxJobFileBytes = settings.integer("mediagate.ingest.max-job-file-bytes");
        this.ossBuckets = new io.mediagate.media.oss.OssInputBuckets(settings);
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
        workArea.enqueued().markEnqueued(StageMessages.jobOf(exchange));
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
        job.getSource().jobFile = name.endsWith(JOB_FILE_SUFFIX);
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
        Job.Source source = job.getSource();
        source.bytes = size(work);
        source.modifiedAt = FileStamp.of(work).modifiedMillis();
        if (source.jobFile) {
            readJobFile(job, work, params, operation);
        } else {
            checkLocalMedia(job, spec, work);
        }
        Json.deepMerge(params, extraParams);
        checkOssBuckets(job, operation, extraParams);
        job.setParams(params);
        job.setId(JobIds.derive(spec.vendor(), spec.name(), operation.requestTarget(job), source.jobFile ? null : work,
                source.url != null ? source.url : source.oss != null ? source.oss
                        : source.urls != null ? String.join("\n", source.urls) : null, Json.canonical(params)));
    }

    private void checkLocalMedia(Job job, OperationSpec spec, Path work) {
        Job.Source source = job.getSource();
        String extension = MediaTypes.extension(source.name);
        if (!spec.acceptsLocalFiles()) {
            throw JobFailure.input(spec.key() + " takes media only by URL or OSS path: drop a '<name>.job.json' with"
                    + " {\"url\": \"https://…\"} or {\"oss\": \"oss://bucket/key\"} instead of " + source.name);
        }
        if (!spec.extensions().contains(extension)) {
            throw JobFailure.input(source.name + ": " + spec.key() + " does not take '" + (extension.isEmpty() ? "(no extension)" : "." + extension)
                    + "' files; it takes " + String.join(", ", new java.util.TreeSet<>(spec.extensions())));
        }
        if (source.bytes == 0) {
            throw JobFailure.input(source.name + " is empty (0 bytes); nothing was sent to the vendor");
        }
        try {
            MediaFacts facts = MediaProbe.probe(work, extension);
            source.media = Json.MAPPER.valueToTree(facts);
        } catch (MediaProbe.UnreadableMediaException e) {
            throw JobFailure.input(source.name + " cannot be used: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param mediaOptional the operation may take its media from params instead (e.g. a PAI post's images) */
    private void readJobFile(Job job, Path work, ObjectNode params, VendorOperation operation) {
        boolean mediaOptional = operation.mediaInParams();
        Job.Source source = job.getSource();
        if (source.bytes > maxJobFileBytes) {
            // checked before reading: a job file names its media and params, and a huge one is not read into memory
            throw JobFailure.input(source.name + " is " + source.bytes + " bytes, more than the " + maxJobFileBytes
                    + " a job file may have (mediagate.ingest.max-job-file-bytes): name the media by url or oss instead of"
                    + " putting it in the job file");
        }
        JsonNode request;
        try {
            request = Json.readInput(Files.readString(work));
        } catch (JsonProcessingException e) {
            throw JobFailure.input(source.name + " is not valid JSON: " + Json.problem(e));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw JobFailure.input(source.name + " is not UTF-8 text: save it as UTF-8 (JSON files are UTF-8)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (request == null || !request.isObject()) {
            throw JobFailure.input(source.name + " must hold a JSON object such as {\"url\": \"https://…\", \"params\": {…}}");
        }
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!JOB_FILE_KEYS.contains(key)) {
                throw JobFailure.input(source.name + ": unknown field '" + key + "'; a job file may have url, urls, oss and params");
            }
        }
        source.url = text(request, "url", source.name);
        source.oss = text(request, "oss", source.name);
        JsonNode urls = request.get("urls");
        if (urls != null) {
            boolean textual = urls.isArray() && urls.size() > 0;
            for (JsonNode url : urls) {
                textual &= url.isTextual() && url.asText().matches("(?i)^https?://.+");
            }
            if (!textual) {
                throw JobFailure.input(source.name + ": urls must be a list of http(s) URLs");
            }
            if (urls.size() > 1 && !operation.takesBatches()) {
                throw JobFailure.input(source.name + ": this operation takes one media item; give \"url\" (or \"urls\" with exactly one URL)");
            }
            if (urls.size() == 1) {
                source.url = urls.get(0).asText();
            } else {
                source.urls = new java.util.ArrayList<>();
                urls.forEach(url -> source.urls.add(url.asText()));
            }
        }
        if (source.url != null && source.oss != null
                || source.url == null && source.oss == null && source.urls == null && !mediaOptional) {
            throw JobFailure.input(source.name + " must name exactly one media item: \"url\" or \"oss\"");
        }
        if (source.url != null && !source.url.matches("(?i)^https?://.+")) {
            throw JobFailure.input(source.name + ": url must start with http:// or https://, was '" + source.url + "'");
        }
        for (String url : source.urls != null ? source.urls : source.url != null ? List.of(source.url) : List.<String>of()) {
            String problem = MediaUrls.problem(url);
            if (problem != null) {
                throw JobFailure.input(source.name + ": " + problem);
            }
        }
        if (source.oss != null && !source.oss.matches("^oss://[^/]+/.+")) {
            throw JobFailure.input(source.name + ": oss must look like oss://bucket/key, was '" + source.oss + "'");
        }
        JsonNode jobParams = request.get("params");
        if (jobParams != null && !jobParams.isObject()) {
            throw JobFailure.input(source.name + ": params must be a JSON object");
        }
        Json.deepMerge(params, jobParams);
        ossBuckets.checkParams(jobParams, ossStore(operation), source.name);
    }

    /** The vendor's OSS store (its bucket may be named), or null. */
    private io.mediagate.media.oss.OssStore ossStore(VendorOperation operation) {
        return vendors.vendor(operation.spec().vendor()).map(io.mediagate.vendors.Vendor::ossStore).orElse(null);
    }

    /**
     * Job files and requests may name only the configured OSS buckets: an {@code oss} path, the OSS URL a vendor that
     * reads only OSS (ICE) is handed as it is, and OSS locations in a request's params.
     */
    private void checkOssBuckets(Job job, VendorOperation operation, ObjectNode requestParams) {
        Job.Source source = job.getSource();
        io.mediagate.media.oss.OssStore store = ossStore(operation);
        if (source.oss != null) {
            ossBuckets.check(source.oss, store, source.name + ": oss");
        }
        if (operation.stagesLocalMedia() && !operation.takesMediaUrls()) {
            java.util.List<String> urls = source.urls != null ? source.urls : source.url != null ? java.util.List.of(source.url) : java.util.List.of();
            urls.forEach(url -> ossBuckets.check(url, store, source.name + ": url"));
        }
        ossBuckets.checkParams(requestParams, store, source.name);
    }

    private static String text(JsonNode request, String key, String name) {
        JsonNode value = request.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw JobFailure.input(name + ": " + key + " must be a non-empty string");
        }
        return value.asText().trim();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
