package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a power loss can leave behind (files whose name survived but whose bytes did not) is taken as not written, and
 * recovery never turns it into a second job. fsync itself cannot be observed here; these are the rules recovery follows.
 */
class PowerLossRecoveryTest {

    private static final String RELATIVE = "opensearch/object-detect/cat.jpg";

    @TempDir
    Path data;
    private LiveInstances instances;
    private WorkArea workArea;
    private DataFolders folders;

    @BeforeEach
    void gateway() {
        folders = new DataFolders(data);
        folders.create();
        instances = new LiveInstances(folders.work());
        workArea = new WorkArea(folders.work(), instances);
    }

    @AfterEach
    void close() {
        instances.close();
    }

    /** A job folder as ingest left it before a power loss emptied its job.json; the job's message did reach the broker. */
    private Job acceptedWithEmptyJobRecord() throws Exception {
        Path dropped = Files.writeString(Files.createDirectories(folders.inbox().resolve("opensearch/object-detect")).resolve("cat.jpg"), "img");
        Claims.Registration registration = workArea.claims().register("job-p", workArea.claims().claim(dropped, RELATIVE), RELATIVE);
        Job job = new Job();
        job.setId("job-p");
        job.setVendor("opensearch");
        job.setOperation("object-detect");
        job.setRelativePath("cat.jpg");
        job.setAcceptedAt(1_000);
        job.getSource().name = "cat.jpg";
        job.getSource().workFile = registration.file().toString();
        Path record = folders.work().resolve("job-p/job.json");
        Files.write(record, new byte[0]);
        // from before this gateway started: a leftover as far as the reconciler can tell
        FileTime past = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(record, past);
        Files.setLastModifiedTime(record.getParent(), past);
        return job;
    }

    @Test
    void an_empty_job_record_whose_message_lives_makes_no_second_job() throws Exception {
        Job live = acceptedWithEmptyJobRecord();

        List<String> enqueued = new Reconciler(workArea, folders, Duration.ofMinutes(1)).jobsToEnqueue();

        assertEquals(List.of(), enqueued, "nothing readable to enqueue");
        assertFalse(Files.exists(folders.inbox().resolve(RELATIVE)), "back in the inbox it would become a second job");
        assertTrue(Files.exists(Path.of(live.getSource().workFile)), "the input waits for its job's message");

        // the job's message is delivered: its folder is its own although the record in it is unreadable
        live.succeed(Json.MAPPER.readTree("{\"ok\":true}"), null, 2_000);
        new Delivery(folders, workArea.jobs(), workArea.sealing(), new Progress(), null, false).deliver(live);

        assertEquals("img", Files.readString(folders.done().resolve(RELATIVE)));
        assertTrue(Files.exists(folders.outbox().resolve(RELATIVE + ".json")));
        assertTrue(workArea.isIdle(), "nothing left in work/");
    }

    @Test
    void a_job_folder_without_any_job_record_still_goes_back_to_the_inbox() throws Exception {
        Job job = acceptedWithEmptyJobRecord();
        Files.delete(folders.work().resolve("job-p/job.json"));
        Files.setLastModifiedTime(folders.work().resolve("job-p"), FileTime.from(Instant.now().minusSeconds(3600)));

        new Reconciler(workArea, folders, Duration.ofMinutes(1)).jobsToEnqueue();

        assertEquals("img", Files.readString(folders.inbox().resolve(RELATIVE)), "no record: the job was never sent, so it is taken in again");
        assertFalse(Files.exists(Path.of(job.getSource().workFile)));
    }

    @Test
    void an_empty_submit_marker_counts_as_a_submit_that_may_have_reached_the_vendor() throws Exception {
        Files.createDirectories(folders.work().resolve("job-s"));
        Files.write(folders.work().resolve("job-s/submitting"), new byte[0]);

        assertTrue(workArea.submits().wasSubmitting("job-s", 0), "unknown count: mark the repeat rather than risk an unmarked one");
    }
}
