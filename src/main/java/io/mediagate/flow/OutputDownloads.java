package io.mediagate.flow;

import io.mediagate.job.Artifact;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.RemoteFile;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.mediagate.media.MediaDownload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * After a job finished at the vendor: downloads the files it produced (ICE's covers, clips, cleaned audio…) into
 * the job's work folder, so delivery can put them beside the envelope. OSS objects are read with the vendor's OSS
 * credentials; other URLs with a plain GET, only where the gateway's download policy allows (public addresses: the
 * answer is the vendor's, but its URLs are not followed into this machine or network). A transient failure (network, OSS 5xx) polls the job again after a
 * backoff and repeats the download; a file that cannot be had fails the job with the vendor's result kept in the
 * error record, so nothing the vendor billed for is lost from sight.
 */
public final class OutputDownloads {

    private static final Logger LOG = LoggerFactory.getLogger(OutputDownloads.class);
    /** Folder below the job's work folder where outputs wait for delivery. */
    public static final String FOLDER = "outputs";

    private final VendorRegistry vendors;
    private final JobFolders jobs;
    private final MediaDownload downloads;

    /**
     * @param jobs      the gateway's job folders (null: each call names its folder, {@link #fetch(Job, Path)})
     * @param downloads fetches output URLs (as for media named by URL: only where the download policy allows) */
    public OutputDownloads(VendorRegistry vendors, JobFolders jobs, MediaDownload downloads) {
        this.vendors = vendors;
        this.jobs = jobs;
        this.downloads = downloads;
    }

    public void fetch(Exchange exchange) {
        // most operations never produce files: decide from the headers, without reading the job again
        String vendor = exchange.getMessage().getHeader(StageMessages.VENDOR_HEADER, String.class);
        String operation = exchange.getMessage().getHeader(StageMessages.OPERATION_HEADER, String.class);
        if (vendor == null || operation == null
                || !vendors.operation(vendor, operation).map(VendorOperation::producesFiles).orElse(false)) {
            return;
        }
        Job job = StageMessages.jobOf(exchange);
        try {
            fetch(job);
        } finally {
            // also when a retryable failure is thrown: the route's error handler reads the job from the message
            StageMessages.handOff(exchange, job);
        }
    }

    void fetch(Job job) {
        fetch(job, jobs.folder(job.getId()).resolve(FOLDER));
    }

    /**
     * Downloads the outputs of a job that succeeded into {@code folder} and lists them as its artifacts.
     *
     * @param jobs where the gateway keeps its job folders (null: the caller names the folder, {@link #fetch(Job, Path)})
     */
    public void fetch(Job job, Path folder) {
        if (job.getStatus() != Job.Status.succeeded || !job.getArtifacts().isEmpty()) {
            return;
        }
        VendorOperation operation = vendors.require(job.getVendor(), job.getOperation());
        List<RemoteFile> files = operation.outputFiles(job);
        if (files.isEmpty()) {
            return;
        }
        OssStore oss = vendors.vendor(job.getVendor()).map(Vendor::ossStore).orElse(null);
        MediaDownload http = downloads.forVendor(vendors.vendor(job.getVendor()).map(Vendor::sandbox).orElse(false));
        List<Artifact> artifacts = new ArrayList<>();
        for (RemoteFile file : files) {
            try {
                artifacts.add(download(file, folder, oss, http));
            } catch (JobFailure failure) {
                JobError cause = failure.error();
                if (cause.retryable()) {
                    // asked again later: the vendor is polled once more (its answer still lists the outputs) and the
                    // download repeated, so a network hiccup never costs a finished, billed job
                    job.reopenForPoll();
                    throw failure;
                }
                job.fail(new JobError(cause.kind(), cause.code(), cause.httpStatus(), job.getVendor() + " finished the job but its output "
                        + file.location() + " could not be downloaded: " + cause.message()
                        + ". The vendor's result is in this record; the output stays where the vendor wrote it", false),
                        System.currentTimeMillis());
                return;
            }
        }
        for (int i = 0; i < files.size(); i++) {
            replaceInResult(job, files.get(i), artifacts.get(i));
        }
        job.setArtifacts(artifacts);
        LOG.info("Downloaded {} output file(s) of {}", artifacts.size(), DataFolders.inputPath(job));
    }

    private Artifact download(RemoteFile file, Path folder, OssStore oss, MediaDownload http) {
        // a vendor's output name (an OSS key's last part may be long) as a file name, with room for ".<name>.part"
        String stored = FileNames.fit(file.name(), FileNames.MAX_BYTES - ".part".length() - 1);
        Path target = folder.resolve(stored);
        OssLocation location = OssLocation.parse(file.location()).orElse(null);
        long bytes;
        boolean temporary = false;
        if (file.location().startsWith("data:")) {
            bytes = inline(file, target);
        } else if (location != null) {
            if (oss == null) {
                throw new JobFailure(JobError.input("reading OSS outputs needs mediagate.oss.* (region and credentials) set"));
            }
            bytes = oss.download(location, target);
            temporary = oss.isGatewayObject(location) && !oss.config().keepStaged();
        } else {
            bytes = get(http, file, target);
        }
        String source = file.location().startsWith("data:") ? "inline" : location != null ? location.toString() : file.location();
        return new Artifact(file.name(), FOLDER + "/" + stored, source, bytes, temporary);
    }

    /** Content the vendor returned inline (a base64 image in the answer), written out as a file. */
    private static long inline(RemoteFile file, Path target) {
        String base64 = file.location().substring(file.location().indexOf(',') + 1);
        byte[] content;
        try {
            content = java.util.Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new JobFailure(new JobError(JobError.Kind.vendor, "InvalidBase64", null,
                    "the answer's " + file.name() + " is not valid base64", false));
        }
        DataFolders.writeAtomically(target, content);
        return content.length;
    }

    /** The result keeps a reference to the file instead of the inline content (no base64 blobs in envelopes). */
    private static void replaceInResult(Job job, RemoteFile file, Artifact artifact) {
        if (file.resultPointer() == null || job.getResult() == null) {
            return;
        }
        com.fasterxml.jackson.core.JsonPointer pointer = com.fasterxml.jackson.core.JsonPointer.compile(file.resultPointer());
        if (job.getResult().at(pointer.head()) instanceof com.fasterxml.jackson.databind.node.ObjectNode parent) {
            parent.putObject(pointer.last().getMatchingProperty()).put("artifact", artifact.name()).put("bytes", artifact.bytes());
        }
    }

    private static long get(MediaDownload http, RemoteFile file, Path target) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            try {
                http.fetchTo(file.location(), Long.MAX_VALUE, file.name(), temp);
            } catch (JobFailure failure) {
                // a URL the vendor answered with, not the user's input: a refusal or a 404 is the vendor's failure
                JobError cause = failure.error();
                throw cause.kind() == JobError.Kind.input
                        ? new JobFailure(new JobError(JobError.Kind.vendor, cause.code(), cause.httpStatus(), cause.message(), false))
                        : failure;
            }
            // on disk before the job's next message says it is there
            Durable.file(temp);
            DataFolders.moveReplacing(temp, target);
            return Files.size(target);
        } catch (IOException | UncheckedIOException e) {
            throw new JobFailure(new JobError(JobError.Kind.vendor, null, null, e.toString(), true));
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                LOG.debug("cannot remove {}: {}", temp, e.getMessage());
            }
        }
    }
}
