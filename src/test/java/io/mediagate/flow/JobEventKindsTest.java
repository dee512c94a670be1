package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.testsupport.JobEventSchema;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which event a stage publishes for the job it hands on, in the cases a running gateway rarely shows: a call tried
 * again, a task past its deadline, an input rejected at intake. Every body made here fits the schema too.
 */
class JobEventKindsTest {

    private static final long NOW = Instant.parse("2026-11-28T12:00:00Z").toEpochMilli();
    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();
    private static final Schema SCHEMA = JobEventSchema.load();
    private final JobEvents events = new JobEvents(null, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    @AfterAll
    static void close() throws java.io.IOException {
        CONTEXT.close();
    }

    @Test
    void a_submit_tried_again_or_failed_has_no_submitted_event() {
        Job retried = job(Job.Stage.submit);
        retried.setAttempt(1);
        retried.setDueAt(NOW + 2000);
        assertEquals(List.of(), events.of(handedOn("submitted", retried)));

        Job failed = job(Job.Stage.submit);
        failed.fail(JobError.input("not an image"), NOW);
        assertEquals(List.of(), events.of(handedOn("submitted", failed)));
    }

    @Test
    void a_submit_taken_after_a_throttled_call_says_it_was_the_second_attempt() {
        Job job = job(Job.Stage.poll);
        job.setTaskId("task-7");
        job.setRetries(1);
        job.recordRequestId("req-1");
        job.recordRequestId("req-2");
        JsonNode body = onlyBody(events.of(handedOn("submitted", job)));
        assertEquals("job-1:submitted", body.path("eventId").asText());
        assertEquals(2, body.path("attempt").asInt());
        assertEquals("req-2", body.path("requestId").asText(), "the answering call's request id");
        assertEquals("task-7", body.path("taskId").asText());
    }

    @Test
    void a_status_call_without_an_answer_is_retrying_and_one_past_the_deadline_is_failed() {
        Job unanswered = job(Job.Stage.poll);
        unanswered.setPolls(3);
        unanswered.setAttempt(1);
        unanswered.setDueAt(NOW + 1500);
        JsonNode retrying = onlyBody(events.of(handedOn("polled", unanswered)));
        assertEquals("retrying", retrying.path("status").asText());
        assertEquals(3, retrying.path("poll").asInt());
        assertEquals("job-1:polled:3", retrying.path("eventId").asText());
        assertEquals("2026-11-28T12:00:01.500Z", retrying.path("nextPollAt").asText());

        Job late = job(Job.Stage.poll);
        late.setPolls(4);
        late.fail(JobError.timeout("still running at its deadline"), NOW);
        JsonNode failed = onlyBody(events.of(handedOn("polled", late)));
        assertEquals("failed", failed.path("status").asText());
        assertTrue(failed.path("nextPollAt").isNull(), failed.toString());
    }

    @Test
    void the_same_stage_done_again_publishes_the_same_event_id() {
        Job job = job(Job.Stage.poll);
        job.setPolls(2);
        job.setDueAt(NOW + 1000);
        assertEquals(onlyBody(events.of(handedOn("polled", job))).path("eventId"),
                onlyBody(events.of(handedOn("polled", job))).path("eventId"));
    }

    @Test
    void an_input_rejected_at_intake_is_never_accepted_and_a_request_says_where_it_came_from() {
        Job rejected = job(Job.Stage.deliver);
        rejected.fail(JobError.input("not an image"), NOW);
        Exchange exchange = exchange();
        StageMessages.handOffFirst(exchange, rejected);
        exchange.setProperty(JobEvents.KIND, "accepted");
        assertEquals(List.of(), events.of(exchange));

        Job request = job(Job.Stage.submit);
        request.setReply(new Job.Reply("mediagate.replies.my-app", "c-1", "order-42"));
        Exchange fromQueue = exchange();
        StageMessages.handOffFirst(fromQueue, request);
        fromQueue.setProperty(JobEvents.KIND, "accepted");
        List<Message> published = events.of(fromQueue);
        JsonNode body = onlyBody(published);
        assertEquals("requests", body.path("source").asText());
        assertEquals("order-42", body.path("requestId").asText());
        assertEquals("accepted", published.get(0).getHeader(JobEvents.EVENT_HEADER));
        assertEquals("job-1:accepted", published.get(0).getHeader(JobEvents.EVENT_ID_HEADER));
        assertEquals("opensearch/image-analyze/photo.png", published.get(0).getHeader(JobEvents.INPUT_HEADER));
    }

    @Test
    void an_automatic_batch_is_polled_under_its_first_member_and_names_every_member() {
        Job first = job(Job.Stage.gather);
        Job second = job(Job.Stage.gather);
        second.setId("job-2");
        Job batch = Job.batchOf(List.of(first, second));
        batch.setStage(Job.Stage.poll);
        batch.setTaskId("batch-task");
        batch.setPolls(1);
        batch.setDueAt(NOW + 1000);
        JsonNode body = onlyBody(events.of(handedOn("polled", batch)));
        assertEquals("job-1", body.path("jobId").asText());
        assertEquals(Json.MAPPER.valueToTree(List.of("job-1", "job-2")), body.path("members"));
    }

    @Test
    void the_readme_example_event_fits_the_schema() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("and the fields of its kind, e.g.");
        int start = readme.indexOf("```json\n", at) + "```json\n".length();
        JsonNode example = Json.readOrNull(readme.substring(start, readme.indexOf("```", start)));
        assertEquals(List.of(), SCHEMA.validate(example), String.valueOf(example));
        assertEquals("polled", example.path("kind").asText());
    }

    private static Job job(Job.Stage stage) {
        Job job = new Job();
        job.setId("job-1");
        job.setVendor("opensearch");
        job.setOperation("image-analyze");
        job.setRelativePath("photo.png");
        job.setAcceptedAt(NOW - 5000);
        job.setStage(stage);
        return job;
    }

    /** The exchange as a stage leaves it: the job handed on (its JSON the body), the stage's event kind named. */
    private static Exchange handedOn(String kind, Job job) {
        Exchange exchange = exchange();
        StageMessages.handOff(exchange, job);
        exchange.setProperty(JobEvents.KIND, kind);
        return exchange;
    }

    private static Exchange exchange() {
        return new DefaultExchange(CONTEXT);
    }

    private static JsonNode onlyBody(List<Message> published) {
        assertEquals(1, published.size(), "one event");
        JsonNode body = Json.readOrNull(published.get(0).getBody(String.class));
        assertEquals(List.of(), SCHEMA.validate(body), "fits schemas/job-event.schema.json: " + body);
        return body;
    }
}
