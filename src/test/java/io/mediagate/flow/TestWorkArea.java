package io.mediagate.flow;

import io.mediagate.job.Job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The work-area tests' fixture: a work area on a temp data folder (this gateway's instance lock held until
 * {@link #close}), and jobs filed in it the way ingest files a dropped file.
 */
final class TestWorkArea implements AutoCloseable {

    static final String RELATIVE = "opensearch/object-detect/cat.jpg";

    final Path data;
    final LiveInstances instances;
    final WorkArea workArea;

    TestWorkArea(Path data) throws IOException {
        this.data = data;
        Files.createDirectories(data.resolve("inbox/opensearch/object-detect"));
        instances = new LiveInstances(data.resolve("work"));
        workArea = new WorkArea(data.resolve("work"), instances);
    }

    /**
     * Drops {@code content} as {@value #RELATIVE}, takes it in and files it as a new job {@code id} accepted at
     * {@code acceptedAt} (a submit-stage job with its record saved), as ingest does.
     */
    Job accepted(String id, long acceptedAt, String content) throws IOException {
        Path claimed = workArea.claims().claim(Files.writeString(data.resolve("inbox").resolve(RELATIVE), content), RELATIVE);
        Claims.Registration registration = workArea.claims().register(id, claimed, RELATIVE);
        if (!registration.newJob()) {
            throw new IllegalStateException("job " + id + " is live already");
        }
        Job job = new Job();
        job.setId(id);
        job.setVendor("opensearch");
        job.setOperation("object-detect");
        job.setAcceptedAt(acceptedAt);
        job.setRelativePath("cat.jpg");
        job.setStage(Job.Stage.submit);
        job.getSource().workFile = registration.file().toString();
        workArea.jobs().saveJob(job);
        return job;
    }

    @Override
    public void close() {
        instances.close();
    }
}
