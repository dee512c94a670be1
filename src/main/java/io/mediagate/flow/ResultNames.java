package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Where a job's result goes, so that no result ever replaces another job's: under the input's own name, unless another
 * job's envelope (error record) or original is there; then under {@code <stem>.<first 8 of the job id>.<extension>},
 * then {@code <stem>.<id8>-2.<extension>}, … (the same content run again has the same id). The envelope or error
 * record says which job a name belongs to (its job id and acceptance time), so the same job delivered again after a
 * crash finds its own name and rewrites its own files instead of making a copy of itself. An envelope or error record
 * that is empty or cut short (a power loss while it was written) counts as not written.
 */
final class ResultNames {

    private static final Logger LOG = LoggerFactory.getLogger(ResultNames.class);
    private static final int LOCKS = 64;

    private final DataFolders folders;
    /** Jobs that could take the same name are placed and written one at a time (within this gateway). */
    private final Object[] locks = new Object[LOCKS];

    ResultNames(DataFolders folders) {
        this.folders = folders;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    /** Held while a job's name is chosen and its files are written: two jobs with one name don't both take it. */
    Object lockFor(Job job) {
        return locks[Math.floorMod(String.valueOf(DataFolders.inputPath(job)).hashCode(), LOCKS)];
    }

    private enum Owner { NOBODY, THIS_JOB, ANOTHER_JOB }

    /** The job as it is to be delivered: the same, or a copy with the suffixed relative path. */
    Job place(Job job) {
        boolean succeeded = job.getStatus() == Job.Status.succeeded;
        for (int n = 0; ; n++) {
            Job candidate = n == 0 ? job : renamed(job, suffix(job.getId(), n));
            Path record = succeeded ? folders.envelopeFor(candidate) : folders.errorFor(candidate);
            Owner owner = ownerOf(record, job);
            if (owner == Owner.THIS_JOB) {
                return candidate;
            }
            // no record: free unless an original is there (another job's, whose envelope was taken away)
            Path original = succeeded ? folders.doneFor(candidate) : folders.failedFor(candidate);
            if (owner == Owner.NOBODY && !Files.exists(original)) {
                return candidate;
            }
        }
    }

    /** {@code .1a2b3c4d}, then {@code .1a2b3c4d-2}, …: the first 8 characters of the id (after {@code rejected-}). */
    static String suffix(String jobId, int n) {
        String id = jobId.startsWith("rejected-") ? jobId.substring("rejected-".length()) : jobId;
        String short8 = id.substring(0, Math.min(8, id.length()));
        return "." + short8 + (n > 1 ? "-" + n : "");
    }

    private static Job renamed(Job job, String suffix) {
        Job copy = Json.read(Json.write(job), Job.class);
        copy.setRelativePath(DataFolders.withSuffix(job.getRelativePath(), suffix));
        return copy;
    }

    private static Owner ownerOf(Path record, Job job) {
        if (!Files.exists(record)) {
            return Owner.NOBODY;
        }
        String text;
        try {
            text = Files.readString(record);
        } catch (IOException unreadable) {
            return Owner.ANOTHER_JOB; // cannot tell: never write over it
        }
        JsonNode node = Json.readOrNull(text);
        if (node == null) {
            LOG.warn("{} is empty or cut short (a crash while it was written): it is written again", record);
            return Owner.NOBODY;
        }
        JsonNode described = node.path("job");
        boolean same = described.path("id").asText().equals(job.getId())
                && described.path("timings").path("acceptedAt").asText().equals(Instant.ofEpochMilli(job.getAcceptedAt()).toString());
        return same ? Owner.THIS_JOB : Owner.ANOTHER_JOB;
    }
}
