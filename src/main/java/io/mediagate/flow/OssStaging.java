package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.job.JobFailure;
import io.mediagate.media.LocalMedia;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssStore;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a job's media in OSS before its submit, for a vendor that reads media only from there (ICE): a dropped file is
 * uploaded, a job file's url is downloaded first. Delivery deletes what was staged when the job ends.
 */
public final class OssStaging {

    private static final Logger LOG = LoggerFactory.getLogger(OssStaging.class);

    private final VendorRegistry vendors;
    private final WorkArea workArea;
    private final MediaDownload downloads;
    private final long maxDownloadBytes;

    /** @param workArea whose job folders hold a download until it is staged (null: the temp folder) */
    public OssStaging(VendorRegistry vendors, WorkArea workArea, MediaDownload downloads, long maxDownloadBytes) {
        this.vendors = vendors;
        this.workArea = workArea;
        this.downloads = downloads;
        this.maxDownloadBytes = maxDownloadBytes;
    }

    /** Stages the media of the job (of each member of a batch, which keeps where its own went) not yet staged. */
    public void stageMedia(Job job, VendorOperation operation) {
        for (Job each : job.isAutomaticBatch() ? job.getMembers() : List.of(job)) {
            if (each.hasLocalMedia() && each.getSource().staged == null) {
                stage(each, localMedia(each), operation);
            } else if (needsDownload(each, operation)) {
                stageDownload(each, operation);
            }
        }
    }

    static LocalMedia localMedia(Job job) {
        return job.hasLocalMedia() ? LocalMedia.of(Path.of(job.getSource().workFile), job.getSource().name) : null;
    }

    /**
     * Puts a dropped file in OSS for a vendor that reads media only from there. The key is fixed by the job id, so
     * an upload repeated after a crash overwrites the same object; delivery deletes it when the job ends.
     */
    private void stage(Job job, LocalMedia media, VendorOperation operation) {
        OssStore oss = vendors.vendor(job.getVendor()).map(Vendor::ossStore).orElse(null);
        if (oss == null) {
            // a url helps only a vendor that fetches URLs itself; for one that reads only OSS it is staged just the same
            throw JobFailure.input(job.getVendor() + " reads media from OSS and no bucket is configured to stage "
                    + job.getSource().name + " in: set mediagate.oss.bucket and mediagate.oss.region, or drop a .job.json"
                    + (operation.takesMediaUrls() ? " naming \"oss\" or \"url\"" : " naming the object already in OSS with"
                    + " \"oss\": \"oss://bucket/key\""));
        }
        // named after the media (a url's file name for a downloaded job file), which is what the vendor reads
        OssLocation target = oss.stagingLocation(job.getId(), media.name());
        long started = System.currentTimeMillis();
        oss.upload(media.file(), target);
        job.getSource().staged = target.toString();
        LOG.info("Staged {} ({} bytes) at {} in {} ms", DataFolders.inputPath(job), media.bytes(), target,
                System.currentTimeMillis() - started);
    }

    /** A job file's {@code url} for a vendor that reads only OSS (ICE): not yet staged, and not an OSS object's own URL. */
    private static boolean needsDownload(Job job, VendorOperation operation) {
        String url = job.getSource().url;
        return url != null && job.getSource().staged == null && !operation.takesMediaUrls() && OssLocation.parse(url).isEmpty();
    }

    /**
     * Downloads a job file's url (bounded, with a deadline) and stages it like a dropped file, for a vendor that
     * reads media only from OSS; the download is removed once staged, the staged object after delivery.
     */
    private void stageDownload(Job job, VendorOperation operation) {
        String url = job.getSource().url;
        String path = java.net.URI.create(url.replace(" ", "%20")).getPath();
        String fileName = path == null || path.endsWith("/") || path.isEmpty() ? "media" : path.substring(path.lastIndexOf('/') + 1);
        OssStore oss = vendors.vendor(job.getVendor()).map(Vendor::ossStore).orElse(null);
        if (oss == null) {
            throw JobFailure.input(job.getVendor() + " reads media only from OSS: the gateway downloads the \"url\" of "
                    + job.getSource().name + " (" + fileName + ") and puts it in an OSS bucket for it, and none is configured:"
                    + " set mediagate.oss.bucket and mediagate.oss.region, or put the media in OSS and give"
                    + " \"oss\": \"oss://bucket/key\". Nothing was sent to " + job.getVendor());
        }
        Path folder = workArea == null ? Path.of(System.getProperty("java.io.tmpdir")) : workArea.jobs().folder(job.getId());
        Path download = folder.resolve("download-" + fileName.replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            Files.createDirectories(folder);
            downloads.forVendor(vendors.vendor(job.getVendor()).map(Vendor::sandbox).orElse(false))
                    .fetchTo(url, maxDownloadBytes, job.getSource().name, download);
            stage(job, LocalMedia.of(download, fileName), operation);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + download, e);
        } finally {
            try {
                Files.deleteIfExists(download);
            } catch (IOException e) {
                LOG.warn("Could not remove the download {}: {}", download, e.getMessage());
            }
        }
    }
}
