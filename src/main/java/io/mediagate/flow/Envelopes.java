package io.mediagate.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.job.JobDocuments;

import java.util.List;

/** The job's documents as the gateway delivers them: failed parts and artifacts named by where they are in the data folder. */
final class Envelopes {

    private Envelopes() {
    }

    static ObjectNode success(Job job, DataFolders folders, List<Job> parts) {
        return JobDocuments.success(job, parts,
                part -> folders.root().relativize(folders.errorFor(part)).toString().replace('\\', '/'),
                artifact -> folders.artifactFor(job, artifact.name()).getFileName().toString());
    }

    static ObjectNode failure(Job job) {
        return JobDocuments.failure(job);
    }
}
