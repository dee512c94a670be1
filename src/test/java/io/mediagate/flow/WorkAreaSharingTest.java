package io.mediagate.flow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Several gateways on one data folder: leftovers of a dead one are put back, a live one's are left alone. */
class WorkAreaSharingTest {

    @TempDir
    Path data;
    Path inbox;
    LiveInstances mine;
    LiveInstances other;
    WorkArea myWork;
    WorkArea otherWork;

    @BeforeEach
    void twoGateways() throws Exception {
        inbox = data.resolve("inbox");
        Files.createDirectories(inbox.resolve("opensearch/object-detect"));
        mine = new LiveInstances(data.resolve("work"));
        other = new LiveInstances(data.resolve("work"));
        myWork = new WorkArea(data.resolve("work"), mine);
        otherWork = new WorkArea(data.resolve("work"), other);
    }

    @AfterEach
    void stop() {
        mine.close();
        other.close();
    }

    @Test
    void a_live_gateways_claim_is_left_alone_and_a_dead_ones_goes_back_to_the_inbox() throws Exception {
        Path dropped = Files.writeString(inbox.resolve("opensearch/object-detect/live.jpg"), "x");
        Path claimed = otherWork.claims().claim(dropped, "opensearch/object-detect/live.jpg");
        assertNotNull(claimed);
        assertTrue(other.isAlive(other.id()) && mine.isAlive(other.id()), "the other gateway runs");
        assertFalse(mine.alone());

        assertEquals(0, myWork.reclaim().returnUnbuiltClaims(inbox, Long.MAX_VALUE));
        assertTrue(Files.exists(claimed), "a running gateway's claim must not be taken from it");

        // the other gateway dies: its lock goes away (here: released as the OS does for a killed process)
        String deadId = other.id();
        other.close();
        Files.createFile(data.resolve("work/.instances/" + deadId + ".lock"));
        assertFalse(mine.isAlive(deadId));
        assertTrue(mine.alone());
        assertEquals(1, myWork.reclaim().returnUnbuiltClaims(inbox, System.currentTimeMillis()));
        assertEquals("x", Files.readString(inbox.resolve("opensearch/object-detect/live.jpg")));
        assertFalse(Files.exists(data.resolve("work/.incoming/" + deadId)));
        assertFalse(Files.exists(data.resolve("work/.instances/" + deadId + ".lock")), "a dead gateway is forgotten");
        assertTrue(myWork.isIdle());
    }

    @Test
    void a_registered_input_lies_in_its_job_folder_under_a_name_holding_its_dropped_path_and_its_claim_leaves_nothing_behind() throws Exception {
        Path dropped = Files.writeString(inbox.resolve("opensearch/object-detect/cat.jpg"), "cat");
        Path claimed = myWork.claims().claim(dropped, "opensearch/object-detect/cat.jpg");

        Claims.Registration first = myWork.claims().register("job-1", claimed, "opensearch/object-detect/cat.jpg");
        Path again = myWork.claims().claim(Files.writeString(dropped, "cat"), "opensearch/object-detect/cat.jpg");
        Claims.Registration alias = myWork.claims().register("job-1", again, "opensearch/object-detect/cat.jpg");

        assertTrue(first.newJob());
        assertEquals(data.resolve("work/job-1/input.opensearch%2Fobject-detect%2Fcat.jpg"), first.file());
        assertEquals("cat", Files.readString(first.file()));
        assertFalse(alias.newJob());
        assertTrue(alias.file().startsWith(data.resolve("work/job-1/aliases")));
        assertTrue(alias.file().endsWith("opensearch/object-detect/cat.jpg"));
        assertEquals("cat", Files.readString(alias.file()));
        try (var left = Files.list(data.resolve("work/.incoming/" + mine.id()))) {
            assertEquals(0, left.count(), "no claim folder is left once its input is filed");
        }
    }

    @Test
    void a_job_folder_without_record_goes_back_only_once_it_is_older_than_the_cutoff() throws Exception {
        Path dropped = Files.writeString(inbox.resolve("opensearch/object-detect/half.jpg"), "y");
        Path claimed = myWork.claims().claim(dropped, "opensearch/object-detect/half.jpg");
        myWork.claims().register("job-1", claimed, "opensearch/object-detect/half.jpg");
        Path jobDir = data.resolve("work/job-1");
        Instant made = Files.getLastModifiedTime(jobDir).toInstant();

        assertEquals(0, myWork.reclaim().returnUnbuiltClaims(inbox, made.toEpochMilli() - 1000), "being made right now");
        assertTrue(Files.exists(jobDir));
        assertFalse(myWork.isIdle());

        Files.setLastModifiedTime(jobDir, FileTime.from(made.minusSeconds(120)));
        assertEquals(1, myWork.reclaim().returnUnbuiltClaims(inbox, made.toEpochMilli() - 60_000));
        assertFalse(Files.exists(jobDir));
        assertTrue(Files.exists(inbox.resolve("opensearch/object-detect/half.jpg")));
    }

    @Test
    void an_input_filed_as_alias_of_a_half_made_job_of_a_dead_gateway_goes_back_to_the_inbox_not_lost() throws Exception {
        // a gateway died between creating the job folder and moving the input into it
        Path jobDir = Files.createDirectories(data.resolve("work/job-3"));
        Path dropped = Files.writeString(inbox.resolve("opensearch/object-detect/same.jpg"), "z");
        Path claimed = myWork.claims().claim(dropped, "opensearch/object-detect/same.jpg");
        Claims.Registration registration = myWork.claims().register("job-3", claimed, "opensearch/object-detect/same.jpg");
        assertFalse(registration.newJob(), "the folder exists, so the input waits as an alias");

        Files.setLastModifiedTime(jobDir, FileTime.from(Instant.now().minusSeconds(120)));
        assertEquals(1, myWork.reclaim().returnUnbuiltClaims(inbox, System.currentTimeMillis() - 60_000));
        assertEquals("z", Files.readString(inbox.resolve("opensearch/object-detect/same.jpg")));
        assertFalse(Files.exists(jobDir));
        assertTrue(myWork.isIdle());
    }

    @Test
    void a_returned_file_keeps_its_extension_when_the_name_is_taken() {
        assertTrue(WorkFiles.returnedName("cat.jpg").matches("cat\\.returned-\\d+\\.jpg"));
        assertTrue(WorkFiles.returnedName("README").matches("README\\.returned-\\d+"));
    }

    @Test
    void an_input_filed_while_its_job_is_being_delivered_becomes_a_new_job_instead_of_being_deleted() throws Exception {
        Path first = myWork.claims().claim(Files.writeString(inbox.resolve("opensearch/object-detect/one.jpg"), "same"), "opensearch/object-detect/one.jpg");
        myWork.claims().register("job-5", first, "opensearch/object-detect/one.jpg");
        io.mediagate.job.Job job = new io.mediagate.job.Job();
        job.setId("job-5");
        job.setAcceptedAt(1000);
        myWork.jobs().saveJob(job);

        Path sealed = myWork.sealing().seal(job);
        assertTrue(Files.exists(sealed.resolve("input.opensearch%2Fobject-detect%2Fone.jpg")), "the input moved with the folder");
        assertEquals(sealed, myWork.sealing().seal(job), "an interrupted delivery finds its folder again");

        Path second = myWork.claims().claim(Files.writeString(inbox.resolve("opensearch/object-detect/two.jpg"), "same"), "opensearch/object-detect/two.jpg");
        Claims.Registration late = otherWork.claims().register("job-5", second, "opensearch/object-detect/two.jpg");
        assertTrue(late.newJob(), "the finished job's folder is gone: the late copy is a job of its own");
        myWork.sealing().removeSealed(sealed);
        assertTrue(Files.exists(late.file()), "delivering the first job must not delete the second input");
    }
}
