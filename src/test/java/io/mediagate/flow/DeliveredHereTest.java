package io.mediagate.flow;

import io.mediagate.job.Job;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file's job the vendor's answer ended is delivered by the stage that got the answer, in its transaction. What that
 * stage's message finds when it comes again after a crash: its job delivered (nothing to call), being delivered, or
 * live; and the answer kept beside the job's record, which spares a second vendor call.
 */
class DeliveredHereTest {

    @TempDir
    Path data;
    private TestWorkArea fixture;
    private WorkArea workArea;
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void workArea() throws Exception {
        fixture = new TestWorkArea(data);
        workArea = fixture.workArea;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Job accepted(long acceptedAt) throws Exception {
        return fixture.accepted("job-d", acceptedAt, "img");
    }

    private static Job answered(Job job) {
        Job answered = io.mediagate.json.Json.read(io.mediagate.json.Json.write(job), Job.class);
        answered.setStage(Job.Stage.deliver);
        answered.setVendorCalls(1);
        return answered;
    }

    @Test
    void the_answer_kept_beside_the_record_is_read_back_and_the_record_still_reads_as_accepted() throws Exception {
        Job job = accepted(1000);
        Path folder = workArea.jobs().folder(job.getId());
        workArea.jobs().saveAnswer(answered(job), folder);

        assertEquals(Job.Stage.submit, JobFolders.readJob(folder).getStage(), "job.json's first line: the job as accepted");
        assertEquals(1, JobFolders.answered(folder, job).getVendorCalls(), "its last line: the job as answered");
        Job later = answered(job);
        later.setAcceptedAt(2000);
        assertNull(JobFolders.answered(folder, later), "another acceptance of the same input has no answer here");

        // set aside for delivery, the answer goes with the record; one kept there again is read from there
        Path sealed = workArea.sealing().seal(job);
        assertEquals(sealed.resolve(folder.relativize(Path.of(job.getSource().workFile))), workArea.sealing().setAsideInput(job));
        Job again = answered(job);
        again.setVendorCalls(2);
        workArea.jobs().saveAnswer(again, workArea.sealing().folderOf(job));
        assertEquals(2, JobFolders.answered(sealed, job).getVendorCalls(), "the last answer kept counts");
    }

    @Test
    void a_stage_message_that_comes_again_finds_its_job_live_being_delivered_or_delivered() throws Exception {
        Job job = accepted(1000);
        assertEquals(Sealing.Standing.LIVE, workArea.sealing().standing(job), "not marked enqueued yet: its record says");
        workArea.enqueued().markEnqueued(job);
        assertEquals(Sealing.Standing.LIVE, workArea.sealing().standing(job));

        Path sealed = workArea.sealing().seal(job);
        assertEquals(Sealing.Standing.BEING_DELIVERED, workArea.sealing().standing(job));
        // halted while the delivered job's folder was being removed (its record already gone, a marker left)
        Files.delete(sealed.resolve("job.json"));
        assertEquals(Sealing.Standing.DELIVERED, workArea.sealing().standing(job), "its folder is removed only once delivered");
        workArea.sealing().removeLeftover(job);
        assertFalse(Files.exists(sealed));
        assertEquals(Sealing.Standing.DELIVERED, workArea.sealing().standing(job));

        accepted(2000);
        assertEquals(Sealing.Standing.DELIVERED, workArea.sealing().standing(job),
                "the same input dropped again is a new acceptance: the old message's job is still delivered");

        Job batch = new Job();
        batch.setId("batch-1");
        batch.setMembers(java.util.List.of(job));
        assertEquals(Sealing.Standing.LIVE, workArea.sealing().standing(batch), "an automatic batch has no folder to tell");
    }

    @Test
    void only_a_files_job_ended_by_its_answer_is_delivered_in_its_stage_and_only_while_no_one_hears_its_events() throws Exception {
        boolean[] heard = {false};
        AnsweredDelivery delivery = new AnsweredDelivery(workArea.jobs(), workArea.sealing(), () -> heard[0]);

        assertTrue(delivery.deliversHere(endedHere(true)));
        assertFalse(delivery.deliversHere(endedHere(false)), "a queue request's job, a batch: the deliver stage");
        heard[0] = true;
        assertFalse(delivery.deliversHere(endedHere(true)), "with a subscriber to job events: the deliver stage");
    }

    private Exchange endedHere(boolean endedHere) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(StageMessages.NEXT_STAGE, "deliver");
        if (endedHere) {
            exchange.setProperty(AnsweredDelivery.ENDED_HERE, true);
        }
        return exchange;
    }
}
