package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.broker.ReplyAddresses;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer message to a queue request: its body is the result envelope or error record (or a rejection), sent to
 * the request's JMSReplyTo — else to the results endpoint's own queue — with the request's id as JMSCorrelationID.
 * A reply-to outside the sender's own queues ({@link ReplyAddresses}), or one the broker refuses to take the answer
 * for, is not used: the answer goes to the results queue with a field {@value #REFUSED} saying why.
 */
public final class Answers {

    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);
    /** camel-jms: send this message to this destination instead of the endpoint's ({@code topic://…} for a topic). */
    static final String DESTINATION_HEADER = "CamelJmsDestinationName";
    /** Exchange property: the reply address the answer is sent to (camel-jms takes the header off as it sends). */
    static final String REPLY_TO = "mediagateReplyTo";
    /** Answer field: why the request's reply address was not used. */
    public static final String REFUSED = "replyToRefused";

    private Answers() {
    }

    /** Makes the message the answer: headers for its destination and correlation, the answer as its body. */
    static void address(Exchange exchange, Job.Reply reply, ObjectNode answer) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        exchange.removeProperty(REPLY_TO);
        if (reply.destination() != null) {
            String refusal = ReplyAddresses.refusal(reply.destination());
            if (refusal == null) {
                message.setHeader(DESTINATION_HEADER, reply.destination());
                exchange.setProperty(REPLY_TO, reply.destination());
            } else {
                LOG.warn("Request {}: {}; answered on the results queue", reply.requestId(), refusal);
                answer.put(REFUSED, refusal + "; this answer went to the results queue instead");
            }
        }
        if (reply.correlationId() != null) {
            message.setHeader("JMSCorrelationID", reply.correlationId());
        }
        message.setHeader("MediagateStatus", answer.path("status").asText());
        message.setBody(Json.write(answer));
    }

    /**
     * Camel entry point, after the broker refused the answer at its reply address (e.g. an address that exists as a
     * topic only): the same answer goes to the results queue instead, saying why, in the same transaction, so the
     * job's delivery stands.
     */
    public static void toResultsInstead(Exchange exchange) {
        Message message = exchange.getMessage();
        String destination = exchange.getProperty(REPLY_TO, String.class);
        message.removeHeader(DESTINATION_HEADER);
        exchange.removeProperty(REPLY_TO);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = error == null ? "the broker refused it" : rootMessage(error);
        LOG.warn("The answer for {} could not be sent to its reply address {} ({}); answered on the results queue",
                message.getHeader("JMSCorrelationID"), destination, why);
        JsonNode answer = Json.readOrNull(message.getBody(String.class));
        if (answer instanceof ObjectNode object) {
            object.put(REFUSED, "the reply address (JMSReplyTo) '" + destination + "' could not take the answer: " + why
                    + "; this answer went to the results queue instead");
            message.setBody(Json.write(object));
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
