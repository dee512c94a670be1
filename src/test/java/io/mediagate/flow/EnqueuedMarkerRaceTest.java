package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The "enqueued" marker belongs to one acceptance of a job: a fast job's marker that lands only after the same content
 * was dropped again (same job id, a new job not yet on the broker) must not mark the new one, which would then never be
 * enqueued by the reconciler. The racing order is played step by step, no timing involved.
 */
class EnqueuedMarkerRaceTest {

    @TempDir
    Path data;
    private TestWorkArea fixture;
    private WorkArea workArea;
    private Intake intake;
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void workArea() throws Exception {
        fixture = new TestWorkArea(data);
        workArea = fixture.workArea;
        intake = new Intake(workArea, null, io.mediagate.config.Settings.of(java.util.Map.of()), new Progress());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Job accept(long acceptedAt) throws Exception {
        return fixture.accepted("job-x", acceptedAt, "same");
    }

    /** What the ingest route does once the job's first message is on the broker. */
    private void enqueued(Job job) {
        Exchange exchange = new DefaultExchange(camel);
        StageMessages.handOffFirst(exchange, job);
        intake.enqueued(exchange);
    }

    @Test
    void a_late_marker_of_a_finished_job_does_not_mark_the_same_content_accepted_again() throws Exception {
        Job first = accept(1_000);
        // its message is on the broker, the job runs and is delivered before the ingest thread writes the marker
        workArea.sealing().removeSealed(workArea.sealing().seal(first));
        Job second = accept(2_000);
        // now the first job's marker lands; the second job's message is not sent yet (and a crash here strands it)
        enqueued(first);

        List<Job> toEnqueue = workArea.enqueued().unenqueuedJobs(Long.MAX_VALUE);
        assertEquals(1, toEnqueue.size(), "the second job is not on the broker: the reconciler must enqueue it");
        assertEquals(second.getAcceptedAt(), toEnqueue.get(0).getAcceptedAt());

        enqueued(second);
        assertEquals(List.of(), workArea.enqueued().unenqueuedJobs(Long.MAX_VALUE));
    }
}
