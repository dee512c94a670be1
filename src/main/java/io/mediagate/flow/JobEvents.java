package io.mediagate.flow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The job events of the {@code mediagate.events} topic (README "Job events"): the route {@code events}
 * (events.camel.yaml) asks for the event of the stage that calls it, named by the exchange property
 * {@value #KIND}, and sends what it gets in that stage's transaction. The body is the JSON of {@link JobEventBodies};
 * headers say what it is about, so a subscriber can filter without parsing the body.
 */
public final class JobEvents {

    /** Exchange property: which event the calling stage publishes, {@code accepted}, {@code submitted}, {@code polled} or {@code ended}. */
    public static final String KIND = "mediagateEventKind";
    /** {@code accepted}, {@code submitted}, {@code polled}, {@code delivered} or {@code failed}. */
    public static final String EVENT_HEADER = "MediagateEvent";
    /** The event's id: the same for a repeat of the same event, to drop repeats by. */
    public static final String EVENT_ID_HEADER = "MediagateEventId";
    /** The input as under inbox/, e.g. {@code opensearch/object-detect/cat.jpg}. */
    public static final String INPUT_HEADER = "MediagateInput";
    /** A failed job's error kind: input, auth, vendor, timeout, quota, internal. */
    public static final String ERROR_KIND_HEADER = "MediagateErrorKind";

    private final Delivery delivery;
    private final Clock clock;
    private final BooleanSupplier anyoneListening;

    /** @param anyoneListening whether the topic has a subscriber now (true when that cannot be known) */
    public JobEvents(Delivery delivery, BooleanSupplier anyoneListening) {
        this(delivery, Clock.systemUTC(), anyoneListening);
    }

    JobEvents(Delivery delivery, Clock clock) {
        this(delivery, clock, () -> true);
    }

    JobEvents(Delivery delivery, Clock clock, BooleanSupplier anyoneListening) {
        this.delivery = delivery;
        this.clock = clock;
        this.anyoneListening = anyoneListening;
    }

    /**
     * Whether an event published now would reach a subscriber: with no subscription on the topic the broker would drop
     * it, so it is neither built nor sent. A subscriber that subscribes a moment later gets the events from then on,
     * as it would anyway.
     */
    public boolean heard() {
        return anyoneListening.getAsBoolean();
    }

    /** The event the calling stage publishes for the job of this exchange: none or one (a list, for the route's split). */
    public List<Message> of(Exchange exchange) {
        String kind = exchange.getProperty(KIND, String.class);
        long now = clock.millis();
        ObjectNode body = switch (kind) {
            case "accepted" -> accepted(StageMessages.firstJobOf(exchange), now);
            case "submitted" -> submitted(StageMessages.jobOf(exchange), now);
            case "polled" -> JobEventBodies.polled(StageMessages.jobOf(exchange), now);
            case "ended" -> ended(exchange.getProperty(Delivery.DELIVERED, Job.class), now);
            default -> throw new IllegalArgumentException("no job event of kind " + kind);
        };
        return body == null ? List.of() : List.of(message(exchange, body));
    }

    /** A job failed at intake (bad input, wrong folder) was never accepted: it has only its {@code failed} event. */
    private static ObjectNode accepted(Job job, long now) {
        return job.getStatus() == Job.Status.failed ? null : JobEventBodies.accepted(job, now);
    }

    /** Only a submit the vendor took: a call tried again later or a job that failed has no {@code submitted} event. */
    private static ObjectNode submitted(Job job, long now) {
        boolean taken = job.getStage() == Job.Stage.poll || job.getStatus() == Job.Status.succeeded;
        return taken ? JobEventBodies.submitted(job, now) : null;
    }

    private ObjectNode ended(Job job, long now) {
        return JobEventBodies.ended(job, delivery.documentOf(job), now);
    }

    private static Message message(Exchange exchange, ObjectNode body) {
        Message event = new DefaultMessage(exchange.getContext());
        event.setBody(Json.write(body));
        event.setHeader(EVENT_HEADER, body.path("kind").asText());
        event.setHeader(EVENT_ID_HEADER, body.path("eventId").asText());
        event.setHeader(StageMessages.JOB_ID_HEADER, body.path("jobId").asText());
        if (!body.path("vendor").isNull()) {
            event.setHeader(StageMessages.VENDOR_HEADER, body.path("vendor").asText());
            event.setHeader(StageMessages.OPERATION_HEADER, body.path("operation").asText());
        }
        event.setHeader(INPUT_HEADER, body.path("input").asText());
        if (body.hasNonNull("errorKind")) {
            event.setHeader(ERROR_KIND_HEADER, body.path("errorKind").asText());
        }
        event.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return event;
    }
}
