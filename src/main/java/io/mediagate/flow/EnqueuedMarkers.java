package io.mediagate.flow;

import io.mediagate.job.Job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code enqueued-<accepted at>} marker in a job's folder, made once this acceptance's first message is on the
 * broker: reconciliation sends again the jobs without one (a crash at ingest, between the job record and the broker).
 * Its name says it all: it is a further name of the job's record ({@link WorkFiles#mark}), not a file of its own.
 */
public final class EnqueuedMarkers {

    private final JobFolders jobs;

    public EnqueuedMarkers(JobFolders jobs) {
        this.jobs = jobs;
    }

    /**
     * Marks this acceptance of the job (its id and {@code acceptedAt}, as in its duplicate id) as being on the broker.
     * A marker by id alone could land late, in the folder of the same content accepted again after this job ended, and
     * hide that new job from the reconciler although its message was never sent.
     */
    public void markEnqueued(Job job) {
        // not flushed to disk: when it is lost the reconciler sends the job again and the broker refuses the copy
        Path folder = jobs.folder(job.getId());
        try {
            WorkFiles.mark(marker(folder, job.getAcceptedAt()), folder.resolve(JobFolders.RECORD));
        } catch (NoSuchFileException finishedAlready) {
            // a fast job can be delivered (and its folder removed) before this marker is written
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark job " + job.getId() + " as enqueued", e);
        }
    }

    /** Whether this acceptance of the job is marked as being on the broker (see {@link #markEnqueued}). */
    public boolean isEnqueued(Job job) {
        return isMarked(jobs.folder(job.getId()), job);
    }

    static boolean isMarked(Path jobDir, Job job) {
        return Files.exists(marker(jobDir, job.getAcceptedAt()));
    }

    /**
     * Jobs whose folder exists but whose first message never reached the broker (a crash at ingest), among
     * those accepted before {@code cutoff} (epoch millis): younger ones may be on their way to the broker now.
     */
    public List<Job> unenqueuedJobs(long cutoff) {
        List<Job> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(jobs.root())) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (dir.getFileName().toString().startsWith(".") || !Files.isDirectory(dir)
                        || !WorkFiles.olderThan(dir.resolve(JobFolders.RECORD), cutoff)) {
                    continue;
                }
                Job job = JobFolders.readJob(dir);
                if (job != null && !Files.exists(marker(dir, job.getAcceptedAt()))) {
                    found.add(job);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static Path marker(Path jobDir, long acceptedAt) {
        return jobDir.resolve("enqueued-" + acceptedAt);
    }
}
