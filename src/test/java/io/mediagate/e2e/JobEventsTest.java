package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import io.mediagate.json.Json;
import io.mediagate.testsupport.JobEventSchema;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.RunningGateway.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Job events on the mediagate.events topic, as a subscriber gets them: every kind a job goes through, in order, each
 * body fitting schemas/job-event.schema.json, and once per committed stage even when a stage is rolled back and done
 * again.
 */
class JobEventsTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final Schema SCHEMA = JobEventSchema.load();
    private static Queue<Message> events;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
            "mediagate.sandbox.task-duration", "600ms",
            "mediagate.opensearch.poll.first-delay", "200ms",
            "mediagate.opensearch.poll.max-interval", "300ms",
            // a rolled-back delivery comes back at once
            "mediagate.broker.redelivery-delay", "100ms"));

    @BeforeAll
    static void subscribe() throws Exception {
        events = JobEventsDisabledTest.subscribed(gateway.context());
    }

    /** After all the jobs of this class: every kind was published, and every event fits the schema. */
    @AfterAll
    static void everyEventFitsTheSchema() {
        assertEquals(Set.of("accepted", "submitted", "polled", "delivered", "failed"), events.stream()
                .map(e -> e.getHeader("MediagateEvent", String.class)).filter(java.util.Objects::nonNull).collect(Collectors.toSet()));
        for (Message event : events) {
            if (event.getHeader("MediagateEvent") != null) {
                List<Error> errors = SCHEMA.validate(body(event));
                assertEquals(List.of(), errors, "fits schemas/job-event.schema.json: " + event.getBody(String.class));
            }
        }
    }

    @Test
    void a_delivered_job_is_published_with_its_envelope_and_headers() throws Exception {
        assertNull(gateway.context().getRoute("example-webhook"), "routes/examples/ is not read by default");
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "dog.jpg", TestMedia.image("jpg", 40, 30));
        Message event = awaitEvent("delivered", "opensearch/object-detect/dog.jpg");
        assertEquals("opensearch", event.getHeader("MediagateVendor"));
        assertEquals("object-detect", event.getHeader("MediagateOperation"));
        JsonNode envelope = Json.readOrNull(Files.readString(gateway.outbox("opensearch/object-detect/dog.jpg.json")));
        JsonNode body = body(event);
        assertEquals(envelope, body.path("envelope"), "the envelope is the one in outbox/");
        String jobId = envelope.path("job").path("id").asText();
        assertEquals(jobId, event.getHeader("MediagateJobId"));
        assertEquals(jobId, body.path("jobId").asText());
        assertEquals(jobId + ":delivered", event.getHeader("MediagateEventId"));
        assertValid(event);
        // a sync operation: taken in, taken by the vendor (no task), delivered
        assertEquals(List.of("accepted", "submitted", "delivered"), kindsOf(jobId));
        JsonNode submitted = body(eventOf(jobId, "submitted"));
        assertTrue(submitted.path("taskId").isNull(), submitted.toString());
        assertEquals(1, submitted.path("attempt").asInt());
        assertEquals(envelope.path("vendor").path("requestId").asText(), submitted.path("requestId").asText(), envelope.toString());
        assertEquals("inbox", body(eventOf(jobId, "accepted")).path("source").asText());
    }

    @Test
    void an_async_job_is_accepted_submitted_polled_until_done_and_delivered() throws Exception {
        TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "photo.png", TestMedia.image("png", 64, 48));
        Message delivered = awaitEvent("delivered", "opensearch/image-analyze/photo.png");
        JsonNode envelope = body(delivered).path("envelope");
        String jobId = body(delivered).path("jobId").asText();
        int polls = envelope.path("job").path("polls").asInt();
        assertTrue(polls >= 1, envelope.toString());

        List<String> kinds = kindsOf(jobId);
        assertEquals("accepted", kinds.get(0), kinds.toString());
        assertEquals("submitted", kinds.get(1), kinds.toString());
        assertEquals("delivered", kinds.get(kinds.size() - 1), kinds.toString());
        assertEquals(polls, kinds.stream().filter("polled"::equals).count(), "one polled event per status call: " + kinds);

        String taskId = envelope.path("vendor").path("taskId").asText();
        assertEquals(taskId, body(eventOf(jobId, "submitted")).path("taskId").asText());
        List<JsonNode> polled = events.stream().filter(e -> jobId.equals(e.getHeader("MediagateJobId")))
                .filter(e -> "polled".equals(e.getHeader("MediagateEvent"))).map(JobEventsTest::body).toList();
        for (int i = 0; i < polled.size(); i++) {
            JsonNode poll = polled.get(i);
            assertEquals(i + 1, poll.path("poll").asInt(), poll.toString());
            assertEquals(taskId, poll.path("taskId").asText());
            boolean last = i == polled.size() - 1;
            assertEquals(last ? "succeeded" : "running", poll.path("status").asText(), poll.toString());
            assertEquals(last, poll.path("nextPollAt").isNull(), "a next poll time while it runs: " + poll);
        }
        Set<String> ids = events.stream().filter(e -> jobId.equals(e.getHeader("MediagateJobId")))
                .map(e -> e.getHeader("MediagateEventId", String.class)).collect(Collectors.toSet());
        assertEquals(kinds.size(), ids.size(), "every event of the job has its own id: " + ids);
    }

    @Test
    void a_queue_request_is_accepted_from_requests_and_a_rejected_file_has_only_its_failed_event() throws Exception {
        try (ProducerTemplate producer = gateway.context().createProducerTemplate()) {
            producer.sendBody("jms:queue:mediagate.requests", "{\"requestId\": \"event-request-1\", \"vendor\": \"opensearch\","
                    + " \"operation\": \"object-detect\", \"media\": {\"name\": \"cat.png\", \"base64\": \""
                    + Base64.getEncoder().encodeToString(TestMedia.image("png", 50, 40)) + "\"}}");
        }
        await("the request's accepted event", LIMIT, () -> events.stream().map(JobEventsTest::bodyOrNull)
                .anyMatch(body -> body != null && "event-request-1".equals(body.path("requestId").asText())));
        JsonNode accepted = events.stream().map(JobEventsTest::bodyOrNull)
                .filter(body -> body != null && "event-request-1".equals(body.path("requestId").asText())).findFirst().orElseThrow();
        assertEquals("accepted", accepted.path("kind").asText());
        assertEquals("requests", accepted.path("source").asText());
        String jobId = accepted.path("jobId").asText();
        await("the request's job delivered", LIMIT, () -> kindsOf(jobId).contains("delivered"));
        assertEquals(List.of("accepted", "submitted", "delivered"), kindsOf(jobId));

        Files.write(gateway.inbox("opensearch/object-detect").resolve("broken.jpg"), "not an image".getBytes());
        Message failed = awaitEvent("failed", "opensearch/object-detect/broken.jpg");
        assertEquals("input", failed.getHeader("MediagateErrorKind"));
        JsonNode record = Json.readOrNull(Files.readString(gateway.failed("opensearch/object-detect/broken.jpg.error.json")));
        assertEquals(record, body(failed).path("error"), "the error record is the one in failed/");
        assertEquals(List.of("failed"), kindsOf(body(failed).path("jobId").asText()), "never accepted: only its failure");
    }

    /**
     * A stage rolled back after it sent its event (here the delivery, failing after the publish step) publishes
     * nothing for that attempt: the broker redelivers its job, and the attempt that commits publishes the one event.
     * (With a subscriber, a sync job is delivered by the deliver stage, which does its whole delivery again.)
     */
    @Test
    void a_delivery_rolled_back_after_its_event_publishes_it_once_when_done_again() throws Exception {
        String input = "opensearch/object-detect/again.jpg";
        AtomicInteger attempts = new AtomicInteger();
        AdviceWith.adviceWith(gateway.context(), "deliver-job", route -> route.weaveByToUri("direct:publish-event").after()
                .process(exchange -> {
                    if (isJobOf(exchange, input)) {
                        if (attempts.incrementAndGet() == 1) {
                            throw new IllegalStateException("rolled back after the event was sent");
                        }
                    }
                }));
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "again.jpg", TestMedia.image("jpg", 44, 30));
        awaitFile(gateway.done(input));
        await("the delivery done again", LIMIT, () -> attempts.get() == 2);
        // the committed delivery's event (the listener commits after the exchange ends, so wait for the event itself)
        awaitEvent("delivered", input);
        // a marker sent after that: once it is here, a second event of the job would have been too
        JobEventsDisabledTest.marker(gateway.context(), "after-again");
        await("the marker", LIMIT, () -> events.stream().anyMatch(event -> "after-again".equals(event.getBody(String.class))));
        List<Message> delivered = events.stream().filter(e -> "delivered".equals(e.getHeader("MediagateEvent")))
                .filter(e -> input.equals(e.getHeader("MediagateInput"))).toList();
        assertEquals(1, delivered.size(), "one event for the committed delivery");
    }

    private static boolean isJobOf(org.apache.camel.Exchange exchange, String input) {
        io.mediagate.job.Job job = exchange.getProperty(io.mediagate.flow.Delivery.DELIVERED, io.mediagate.job.Job.class);
        return job != null && input.equals(io.mediagate.flow.DataFolders.inputPath(job));
    }

    private static Message awaitEvent(String kind, String input) throws InterruptedException {
        await(kind + " event of " + input, LIMIT, () -> events.stream().anyMatch(e -> matches(e, kind, input)));
        return events.stream().filter(e -> matches(e, kind, input)).findFirst().orElseThrow();
    }

    private static boolean matches(Message event, String kind, String input) {
        return kind.equals(event.getHeader("MediagateEvent")) && input.equals(event.getHeader("MediagateInput"));
    }

    private static List<String> kindsOf(String jobId) {
        return events.stream().filter(e -> jobId.equals(e.getHeader("MediagateJobId")))
                .map(e -> e.getHeader("MediagateEvent", String.class)).toList();
    }

    private static Message eventOf(String jobId, String kind) {
        return events.stream().filter(e -> jobId.equals(e.getHeader("MediagateJobId")) && kind.equals(e.getHeader("MediagateEvent")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " event of " + jobId + ": " + kindsOf(jobId)));
    }

    private static void assertValid(Message event) {
        assertEquals(List.of(), SCHEMA.validate(body(event)), event.getBody(String.class));
        assertFalse(body(event).path("time").asText().isEmpty());
    }

    private static JsonNode body(Message event) {
        return Json.readOrNull(event.getBody(String.class));
    }

    private static JsonNode bodyOrNull(Message event) {
        return event.getHeader("MediagateEvent") == null ? null : body(event);
    }
}
