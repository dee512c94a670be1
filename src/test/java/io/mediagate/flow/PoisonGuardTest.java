package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job given up after repeated crashes says whether its submit reached the vendor, and how often. */
class PoisonGuardTest {

    @TempDir
    Path data;
    private LiveInstances instances;
    private WorkArea workArea;
    private PoisonGuard guard;
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void setUp() {
        instances = new LiveInstances(data.resolve("work"));
        workArea = new WorkArea(data.resolve("work"), instances);
        guard = new PoisonGuard(workArea.submits(), workArea.sealing(), 3);
    }

    @AfterEach
    void close() {
        instances.close();
    }

    private static Job job() {
        Job job = new Job();
        job.setId("0123456789abcdef0123456789abcdef");
        job.setVendor("opensearch");
        job.setOperation("image-analyze");
        job.setStage(Job.Stage.submit);
        job.setVendorCalls(2);   // two calls made and answered before the crashes (e.g. throttled)
        job.getSource().name = "cat.png";
        return job;
    }

    /** The job's message on its 4th delivery (limit 3), as the submit route's poison check sees it. */
    private Job givenUp(Job job) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(io.mediagate.json.Json.write(job));
        exchange.getMessage().setHeader("JMSXDeliveryCount", 4);
        JobFailure failure = assertThrows(JobFailure.class, () -> guard.check(exchange));
        Job kept = StageMessages.jobOf(exchange);
        kept.fail(failure.error(), 1L);
        return kept;
    }

    @Test
    void a_job_whose_submit_was_sent_in_several_crashed_deliveries_is_marked_and_says_how_many() {
        Job job = job();
        // each crashed delivery recorded its submit from the same job state before sending it
        workArea.submits().recordSubmitting(job.getId(), 2);
        workArea.submits().recordSubmitting(job.getId(), 2);
        workArea.submits().recordSubmitting(job.getId(), 2);

        Job failed = givenUp(job);

        assertEquals(JobError.Kind.internal, failed.getError().kind());
        assertTrue(failed.isPossibleDuplicateSubmission(), "up to three tasks may exist at the vendor");
        assertTrue(failed.getError().message().contains("3 submit calls"), failed.getError().message());
        assertEquals(5, failed.getVendorCalls(), "the record's attempts count the calls sent during the crashes");
    }

    @Test
    void one_submit_sent_before_the_crashes_is_said_but_not_marked_as_a_duplicate() {
        Job job = job();
        workArea.submits().recordSubmitting(job.getId(), 2);

        Job failed = givenUp(job);

        assertFalse(failed.isPossibleDuplicateSubmission(), "at most one task: nothing was sent twice");
        assertTrue(failed.getError().message().contains("1 submit call"), failed.getError().message());
    }

    @Test
    void a_job_that_crashed_before_any_submit_says_nothing_was_sent() {
        Job job = job();
        workArea.submits().recordSubmitting(job.getId(), 1);   // an older submit, answered: the job went on from it

        Job failed = givenUp(job);

        assertFalse(failed.isPossibleDuplicateSubmission());
        assertFalse(failed.getError().message().contains("submit call"), failed.getError().message());
        assertEquals(2, failed.getVendorCalls());
    }
}
