package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The live jobs' folders, {@code work/<job id>/}: a job lives while its folder exists. Creating the folder is the claim
 * that makes a job live exactly once (see {@link Claims#register}); it holds the job as accepted ({@code job.json}, and
 * on a second line the job as answered once a vendor's answer ended it),
 * its input ({@code input.<flat path>}, see {@link FlatNames}) and the same input dropped again while the job lives
 * ({@code aliases/<n>/<relative path>}).
 */
public final class JobFolders {

    private static final Logger LOG = LoggerFactory.getLogger(JobFolders.class);
    /** In a job folder: its input came from a queue request (see {@link Claims#register}). */
    static final String REQUEST_INPUT = "from-request";
    /** In a job folder: the job as accepted. */
    static final String RECORD = "job.json";

    private final Path root;

    public JobFolders(Path root) {
        this.root = root;
    }

    /** The work folder that holds the job folders. */
    public Path root() {
        return root;
    }

    /** The folder of the job with this id (it exists while the job is live). */
    public Path folder(String jobId) {
        return root.resolve(jobId);
    }

    /** Whether a job with this id is live (its folder exists). */
    public boolean isLive(String jobId) {
        return Files.isDirectory(folder(jobId));
    }

    /** The record of a live job, or null when the job is not live (ended) or its record cannot be read. */
    public Job liveJob(String jobId) {
        Path dir = folder(jobId);
        return Files.isDirectory(dir) ? readJob(dir) : null;
    }

    /**
     * Written atomically and flushed to disk before the job's first message is sent: after a crash, even a power loss,
     * the job record is either whole or absent (absent: the message was never sent either).
     */
    public void saveJob(Job job) {
        DataFolders.writeAtomically(folder(job.getId()).resolve(RECORD), Json.write(job).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends the job as the vendor's answer left it to its record in {@code folder} (live, or set aside for delivery
     * when its message came again), as a further line, before it is delivered in the
     * stage that got the answer (routes/vendor-call.camel.yaml): if the gateway stops before that stage commits, its
     * submit message comes again and delivers this instead of calling the vendor a second time. Appended, not a file
     * of its own: a job makes no more files than it must (see {@link WorkArea}). Not flushed to disk: after a power loss
     * a torn line is no answer, and the submit is sent again, marked as a possible duplicate.
     */
    public void saveAnswer(Job job, Path folder) {
        try {
            Files.writeString(folder.resolve(RECORD), "\n" + Json.write(job), StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        } catch (NoSuchFileException gone) {
            // no record to keep it beside (its folder is gone): a crash now sends it again, marked
        } catch (IOException e) {
            LOG.warn("cannot keep the answer of job {} beside its record (a crash now would send it again, marked): {}",
                    job.getId(), e.getMessage());
        }
    }

    /**
     * The job as answered, saved by {@link #saveAnswer} in a folder (live or set aside) of this very acceptance of
     * the job; null when there is none, or it cannot be read.
     */
    static Job answered(Path dir, Job job) {
        try {
            String record = Files.readString(dir.resolve(RECORD));
            int last = record.lastIndexOf('\n');
            if (last < 0) {
                return null;
            }
            Job answered = Json.read(record.substring(last + 1), Job.class);
            return job.getId().equals(answered.getId()) && answered.getAcceptedAt() == job.getAcceptedAt() ? answered : null;
        } catch (IOException | RuntimeException noAnswer) {
            return null;
        }
    }

    /** Removes an input that was filed as an alias of a live job (a queue request that will not wait for it). */
    public void dropAlias(Path aliasFile) {
        try {
            Files.deleteIfExists(aliasFile);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", aliasFile, e.getMessage());
        }
    }

    /** A job folder's input filed under one name ({@code input.<flat path>}, see {@link FlatNames}): none or one. */
    static java.util.List<Path> flatInputs(Path jobDir) {
        try (java.util.stream.Stream<Path> names = Files.list(jobDir)) {
            return names.filter(p -> p.getFileName().toString().startsWith(FlatNames.INPUT) && Files.isRegularFile(p)).toList();
        } catch (IOException | java.io.UncheckedIOException gone) {
            return java.util.List.of();
        }
    }

    /** The job record of a job folder, or null when there is none or it cannot be read (see {@link #hasJobRecord}). */
    static Job readJob(Path dir) {
        Path file = dir.resolve(RECORD);
        try {
            if (!Files.exists(file)) {
                return null;
            }
            // the first line: the job as accepted (a second one is the job as answered, see saveAnswer)
            String record = Files.readString(file);
            int end = record.indexOf('\n');
            return Json.read(end < 0 ? record : record.substring(0, end), Job.class);
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("Unreadable job record {} (empty or cut short by a power loss?): its input waits for the job's message;"
                    + " if none comes, move the input back to the inbox by hand: {}", file, unreadable.getMessage());
            return null;
        }
    }

    /**
     * Whether the folder has a {@code job.json} at all, readable or not. One that exists but cannot be read (empty or
     * cut short: a power loss before it reached the disk, which fsync now prevents, or a damaged disk) may belong to a
     * job whose message is on the broker, so its input is not sent back to the inbox (that would be a second job).
     */
    static boolean hasJobRecord(Path dir) {
        return Files.exists(dir.resolve(RECORD));
    }
}
