package io.mediagate.flow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The submit marker in a job's folder, made before each submit call: after a crash it tells that a call may already
 * have reached the vendor (the job is then marked {@code possibleDuplicateSubmission}), and how many.
 * <p>
 * {@code submitting-<calls before>-<n>}: n submit calls were started from the job state with that many vendor calls made
 * before it. A job has one marker at most, renamed as the count moves on. The name is all it says, so it is a further
 * name of the job's record ({@link WorkFiles#mark}), not a file of its own. An earlier version's marker, a file
 * {@code submitting} holding {@code <calls before> <n>}, is still read, for a job in flight across the upgrade.
 */
public final class SubmitMarkers {

    private static final String PREFIX = "submitting-";
    /** The marker file of earlier versions. */
    private static final String EARLIER = "submitting";

    private final JobFolders jobs;

    public SubmitMarkers(JobFolders jobs) {
        this.jobs = jobs;
    }

    /**
     * What a job's folder says about the submit calls started from one job state: its marker (null when none) and how
     * many calls it counts. One look at the folder, for a submit that asks and then records ({@link #recordSubmitting(Submits)}).
     */
    public record Submits(String jobId, int callsBefore, Path marker, int sent) {

        /** Whether a submit call was already started from this very job state (and perhaps reached the vendor). */
        public boolean any() {
            return sent > 0;
        }
    }

    /** The submit calls started from the job state after {@code callsBefore} vendor calls (see {@link Submits}). */
    public Submits submits(String jobId, int callsBefore) {
        Path marker = current(jobs.folder(jobId));
        return new Submits(jobId, callsBefore, marker, sent(marker, callsBefore));
    }

    /**
     * Made (and flushed to disk) before a submit call: one more call started from the job state after
     * {@code callsBefore} vendor calls (more than one when the gateway crashed after sending).
     */
    public void recordSubmitting(String jobId, int callsBefore) {
        recordSubmitting(submits(jobId, callsBefore));
    }

    /** The same, from what was read of the folder just before ({@link #submits}). */
    public void recordSubmitting(Submits before) {
        Path folder = jobs.folder(before.jobId());
        try {
            // a job with no folder of its own (an automatic batch) gets one for its marker
            Files.createDirectories(folder);
            Path next = folder.resolve(PREFIX + before.callsBefore() + "-" + (before.sent() + 1));
            if (before.marker() == null) {
                WorkFiles.mark(next, folder.resolve(JobFolders.RECORD));
            } else {
                Files.move(before.marker(), next, StandardCopyOption.ATOMIC_MOVE);
            }
            Durable.folder(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the submission of job " + before.jobId(), e);
        }
    }

    /** Whether a submit call was already started from this very job state (and perhaps reached the vendor). */
    public boolean wasSubmitting(String jobId, int callsBefore) {
        return submits(jobId, callsBefore).any();
    }

    /** How many submit calls were started from this job state (after {@code callsBefore} calls): 0 when none. */
    public int submitsSent(String jobId, int callsBefore) {
        return submits(jobId, callsBefore).sent();
    }

    /** The job's marker, or null when it has none (or no folder). */
    private static Path current(Path folder) {
        try (DirectoryStream<Path> markers = Files.newDirectoryStream(folder, EARLIER + "*")) {
            for (Path marker : markers) {
                String name = marker.getFileName().toString();
                if (name.equals(EARLIER) || name.startsWith(PREFIX)) {
                    return marker;
                }
            }
            return null;
        } catch (NoSuchFileException noFolder) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the submit marker of " + folder, e);
        }
    }

    private static int sent(Path marker, int callsBefore) {
        if (marker == null) {
            return 0;
        }
        String name = marker.getFileName().toString();
        if (name.equals(EARLIER)) {
            return earlierMarker(marker, callsBefore);
        }
        String[] fields = name.substring(PREFIX.length()).split("-");
        try {
            return fields.length == 2 && Integer.parseInt(fields[0]) == callsBefore ? Integer.parseInt(fields[1]) : 0;
        } catch (NumberFormatException notOurs) {
            return 0;
        }
    }

    /** What the marker file of an earlier version says (0 when it is about another job state). */
    private static int earlierMarker(Path marker, int callsBefore) {
        try {
            String[] fields = Files.readString(marker).trim().split("\\s+");
            if (fields[0].isEmpty()) {
                // made, but its content never reached the disk (a power loss): a submit may have been sent
                return 1;
            }
            if (!fields[0].equals(String.valueOf(callsBefore))) {
                return 0;
            }
            // older still: the count alone, one call
            return fields.length > 1 ? Integer.parseInt(fields[1]) : 1;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
