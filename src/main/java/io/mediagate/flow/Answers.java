package io.mediagate.flow;

import io.mediagate.job.Job;
import org.apache.camel.Message;

/**
 * The answer message to a queue request: its body is the result envelope or error record (or a rejection), sent to
 * the request's JMSReplyTo — else to the results endpoint's own queue — with the request's id as JMSCorrelationID.
 */
final class Answers {

    /** camel-jms: send this message to this destination instead of the endpoint's ({@code topic://…} for a topic). */
    static final String DESTINATION_HEADER = "CamelJmsDestinationName";

    private Answers() {
    }

    static void address(Message message, Job.Reply reply, String status) {
        message.getHeaders().clear();
        if (reply.destination() != null) {
            message.setHeader(DESTINATION_HEADER, reply.destination());
        }
        if (reply.correlationId() != null) {
            message.setHeader("JMSCorrelationID", reply.correlationId());
        }
        message.setHeader("MediagateStatus", status);
    }
}
