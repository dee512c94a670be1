package io.mediagate.flow;

import io.mediagate.job.Job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Sets a job's folder aside for delivery, as {@code work/.delivering/<job id>-<accepted at>/}: out of the way of the
 * same input dropped again while the results are written, and found again by a delivery that was interrupted.
 */
public final class Sealing {

    private final Path root;
    private final JobFolders jobs;
    private final RequestMemory requests;

    public Sealing(Path root, JobFolders jobs, RequestMemory requests) {
        this.root = root;
        this.jobs = jobs;
        this.requests = requests;
    }

    /**
     * Takes a job's folder out of the way before its results are delivered, in one rename, so that an input
     * filed as its alias a moment later lands in a fresh folder (and becomes a new job) instead of being deleted
     * with this one. Idempotent: a delivery that was interrupted finds its folder again. The returned folder
     * ({@code work/.delivering/<job id>-<accepted at>}) exists in any case; delete it when the delivery is done.
     */
    public Path seal(Job job) {
        rememberOrigin(job);
        Path sealed = sealedFolder(job);
        if (Files.isDirectory(sealed)) {
            return sealed;
        }
        Path live = jobs.folder(job.getId());
        Job owner = Files.isDirectory(live) ? JobFolders.readJob(live) : null;
        // a folder whose record is unreadable (a power loss) is taken for this job's when this job's input is in it: a
        // later acceptance of the same content flushes its record to disk before its message exists
        boolean ours = owner != null ? owner.getAcceptedAt() == job.getAcceptedAt()
                : Files.isDirectory(live) && JobFolders.hasJobRecord(live) && job.getSource().workFile != null
                        && Path.of(job.getSource().workFile).startsWith(live) && Files.exists(Path.of(job.getSource().workFile));
        try {
            Durable.createFolders(sealed.getParent());
            // only this very job's folder: after a finished job, the same input dropped again is a new job
            if (ours) {
                Files.move(live, sealed, StandardCopyOption.ATOMIC_MOVE);
                Durable.moved(live, sealed);
            } else {
                Files.createDirectories(sealed);
            }
        } catch (NoSuchFileException gone) {
            return sealedOrCreate(sealed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the folder of job " + job.getId(), e);
        }
        return sealed;
    }

    /** Where a job stands, for a stage whose message comes again after a crash (see {@link #standing}). */
    public enum Standing {
        /** its folder is live (or it has no folder of its own): the stage goes on */
        LIVE,
        /** its folder is set aside for delivery: its answer was being delivered when the gateway stopped */
        BEING_DELIVERED,
        /** delivered: its folder is gone (or belongs to the same input accepted again since) */
        DELIVERED
    }

    /**
     * Where this acceptance of the job stands in the work area. A stage delivers a job whose answer ended it in its own
     * transaction (routes/vendor-call.camel.yaml), so after a crash the submit or poll message of a delivered job can
     * come again: this tells it. Jobs without an input in a folder of their own (an automatic batch) are always live.
     */
    public Standing standing(Job job) {
        String workFile = job.getSource().workFile;
        Path live = jobs.folder(job.getId());
        if (job.isAutomaticBatch() || workFile == null || !Path.of(workFile).startsWith(live)
                || EnqueuedMarkers.isMarked(live, job)) {
            return Standing.LIVE;
        }
        Path sealed = sealedFolder(job);
        if (Files.isDirectory(sealed)) {
            // the set-aside folder is removed last, once everything is delivered: without its record it was being removed
            return JobFolders.hasJobRecord(sealed) ? Standing.BEING_DELIVERED : Standing.DELIVERED;
        }
        if (!Files.isDirectory(live)) {
            return Standing.DELIVERED;
        }
        // its first message may be here before its enqueued marker: the record tells whose folder it is
        Job owner = JobFolders.readJob(live);
        return owner == null || owner.getAcceptedAt() == job.getAcceptedAt() ? Standing.LIVE : Standing.DELIVERED;
    }

    private static Path sealedOrCreate(Path sealed) {
        try {
            return Files.createDirectories(sealed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + sealed, e);
        }
    }

    /** A job's folder: set aside for delivery, or still live. */
    public Path folderOf(Job job) {
        Path sealed = sealedFolder(job);
        return Files.isDirectory(sealed) ? sealed : jobs.folder(job.getId());
    }

    private Path sealedFolder(Job job) {
        return root.resolve(".delivering").resolve(job.getId() + "-" + job.getAcceptedAt());
    }

    /**
     * A request's job that reaches delivery was committed (by its request, or sent again by reconciliation after a
     * crash took the request's commit and its memory with it): its request is remembered now if it is not yet, so the
     * broker's redelivery of that request, coming after the job ended, finds it done instead of making a second job.
     */
    private void rememberOrigin(Job job) {
        Job.RequestOrigin origin = job.getRequestOrigin();
        if (origin != null && requests.remembered(origin.key()) == null) {
            requests.remember(origin.key(), job.getId(), origin.messageId());
        }
    }

    /** Where a job's input lies once its folder is set aside for delivery (its own path when it lies outside its folder). */
    public Path setAsideInput(Job job) {
        Path workFile = Path.of(job.getSource().workFile);
        Path live = jobs.folder(job.getId());
        return workFile.startsWith(live) ? sealedFolder(job).resolve(live.relativize(workFile)) : workFile;
    }

    /** Removes what is left of a delivered job's set-aside folder (a crash while it was being removed), if anything. */
    public void removeLeftover(Job job) {
        WorkFiles.deleteTree(sealedFolder(job));
    }

    /** Removes a delivered job's set-aside folder. */
    public void removeSealed(Path sealed) {
        WorkFiles.deleteTree(sealed);
    }
}
