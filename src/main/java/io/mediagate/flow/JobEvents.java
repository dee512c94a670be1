package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultMessage;

import java.util.List;

/**
 * The event of a delivered job, for the {@code mediagate.events} topic (README "Job events"): the envelope (or the
 * error record) as JSON, the same document outbox/ (failed/) holds, with headers that say what it is about, so a
 * subscriber can filter without parsing the body.
 */
public final class JobEvents {

    /** {@code delivered} or {@code failed}. */
    public static final String EVENT_HEADER = "MediagateEvent";
    /** The input as under inbox/, e.g. {@code opensearch/object-detect/cat.jpg}. */
    public static final String INPUT_HEADER = "MediagateInput";
    /** A failed job's error kind: input, auth, vendor, timeout, quota, internal. */
    public static final String ERROR_KIND_HEADER = "MediagateErrorKind";

    private final Delivery delivery;

    public JobEvents(Delivery delivery) {
        this.delivery = delivery;
    }

    /** The event of the job this exchange delivered: one message (a list, for the route's split to send it). */
    public List<Message> of(Exchange exchange) {
        Job job = exchange.getProperty(Delivery.DELIVERED, Job.class);
        Message event = new DefaultMessage(exchange.getContext());
        boolean succeeded = job.getStatus() == Job.Status.succeeded;
        event.setBody(Json.write(delivery.documentOf(job)));
        event.setHeader(EVENT_HEADER, succeeded ? "delivered" : "failed");
        event.setHeader(StageMessages.JOB_ID_HEADER, job.getId());
        event.setHeader(StageMessages.VENDOR_HEADER, job.getVendor());
        event.setHeader(StageMessages.OPERATION_HEADER, job.getOperation());
        event.setHeader(INPUT_HEADER, DataFolders.inputPath(job));
        if (!succeeded && job.getError() != null) {
            event.setHeader(ERROR_KIND_HEADER, job.getError().kind().name());
        }
        event.setHeader(Exchange.CONTENT_TYPE, "application/json");
        return List.of(event);
    }
}
