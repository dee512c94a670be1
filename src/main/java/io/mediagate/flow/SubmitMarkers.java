package io.mediagate.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code submitting} marker in a job's folder, written before each submit call: after a crash it tells that a
 * call may already have reached the vendor (the job is then marked {@code possibleDuplicateSubmission}), and how many.
 */
public final class SubmitMarkers {

    private final JobFolders jobs;

    public SubmitMarkers(JobFolders jobs) {
        this.jobs = jobs;
    }

    /**
     * Written (and flushed to disk) before a submit call: the number of vendor calls made before it, and how many
     * submit calls were started from that same job state (more than one when the gateway crashed after sending).
     */
    public void recordSubmitting(String jobId, int callsBefore) {
        Path marker = marker(jobId);
        int sends = submitsSent(jobId, callsBefore) + 1;
        try {
            Files.createDirectories(marker.getParent());
            try (var channel = FileChannel.open(marker, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap((callsBefore + " " + sends).getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Durable.folder(marker.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the submission of job " + jobId, e);
        }
    }

    /** Whether a submit call was already started from this very job state (and perhaps reached the vendor). */
    public boolean wasSubmitting(String jobId, int callsBefore) {
        return submitsSent(jobId, callsBefore) > 0;
    }

    /** How many submit calls were started from this job state (after {@code callsBefore} calls): 0 when none. */
    public int submitsSent(String jobId, int callsBefore) {
        Path marker = marker(jobId);
        try {
            if (!Files.exists(marker)) {
                return 0;
            }
            String[] fields = Files.readString(marker).trim().split("\\s+");
            if (fields[0].isEmpty()) {
                // made, but its content never reached the disk (a power loss): a submit may have been sent
                return 1;
            }
            if (!fields[0].equals(String.valueOf(callsBefore))) {
                return 0;
            }
            // a marker of an older version holds the count alone: one call
            return fields.length > 1 ? Integer.parseInt(fields[1]) : 1;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private Path marker(String jobId) {
        return jobs.folder(jobId).resolve("submitting");
    }
}
