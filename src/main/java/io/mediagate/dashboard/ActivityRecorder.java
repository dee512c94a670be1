package io.mediagate.dashboard;

import io.mediagate.flow.Delivery;
import io.mediagate.flow.StageMessages;
import io.mediagate.job.Job;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * Feeds the dashboard's charts from what Camel already reports about every exchange, without a step in the routes:
 * each call the submit and poll stages send to the vendor ({@code http://vendor-api}, routes/vendor-call.camel.yaml)
 * by outcome, and each job the deliver stage ended, succeeded or failed.
 */
final class ActivityRecorder extends EventNotifierSupport {

    /** The endpoint the vendor-call stages send every vendor request to (the real URL travels with the request). */
    static final String VENDOR_ENDPOINT = "http://vendor-api";

    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    static final String CALL = "call.";

    private final MinuteCounts counts;

    ActivityRecorder(MinuteCounts counts) {
        this.counts = counts;
        // only exchanges sent and completed: nothing else is counted
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        // not the sending events: Camel times a send (and so reports it sent) only when its sending is reported
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(VENDOR_ENDPOINT)) {
            Job job = sent.getExchange().getProperty(StageMessages.JOB, Job.class);
            if (job != null) {
                counts.add(CALL + outcome(sent.getExchange()), job.getVendor() + "/" + job.getOperation());
            }
        } else if (event instanceof CamelEvent.ExchangeCompletedEvent completed) {
            Exchange exchange = completed.getExchange();
            Job job = exchange.getProperty(Delivery.DELIVERED, Job.class);
            // the split that publishes the job's event copies the property: count the delivery's own exchange only
            if (job != null && !exchange.isFailed() && exchange.getProperty(ExchangePropertyKey.SPLIT_INDEX) == null) {
                counts.add(job.getStatus() == Job.Status.succeeded ? DELIVERED : FAILED, job.getVendor() + "/" + job.getOperation());
            }
        }
    }

    /** ok, 429, 4xx, 5xx, or network (no answer at all). */
    static String outcome(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (exchange.getException() != null || status == null) {
            return "network";
        }
        if (status == 429) {
            return "429";
        }
        return status >= 500 ? "5xx" : status >= 400 ? "4xx" : "ok";
    }
}
