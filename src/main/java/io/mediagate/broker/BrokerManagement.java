package io.mediagate.broker;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Asks an Artemis broker through its management address ({@code activemq.management}) over a plain JMS session, so
 * it works the same on the embedded broker (in-VM) and on a shared one: queue names, message counts, listings.
 * Not thread-safe: one session, one caller at a time.
 */
public final class BrokerManagement {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final Session session;

    /** @param session a non-transacted session of a started connection */
    public BrokerManagement(Session session) {
        this.session = session;
    }

    /** The names of every queue on the broker. */
    public Set<String> queueNames() throws JMSException {
        Set<String> names = new HashSet<>();
        Json.MAPPER.valueToTree(invoke(ResourceNames.BROKER, "getQueueNames", new Object[0]))
                .forEach(name -> names.add(name.asText()));
        return names;
    }

    /** A count attribute of a queue, e.g. {@code getMessageCount} (paged messages included), {@code getScheduledCount}. */
    public long count(String queue, String operation) throws JMSException {
        return call(queue, operation).asLong();
    }

    /** Removes a queue and its address; refused by the broker while it has consumers. */
    public void destroyQueue(String queue) throws JMSException {
        invoke(ResourceNames.BROKER, "destroyQueue", new Object[]{queue, false, true});
    }

    /** An operation on a queue's control, its answer as JSON (a JSON string answer is parsed). */
    public JsonNode call(String queue, String operation, Object... arguments) throws JMSException {
        Object result = invoke(ResourceNames.QUEUE + queue, operation, arguments);
        if (result instanceof String json) {
            try {
                return Json.MAPPER.readTree(json);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("unreadable answer to " + operation + ": " + e.getMessage(), e);
            }
        }
        return Json.MAPPER.valueToTree(result);
    }

    private Object invoke(String resource, String operation, Object[] arguments) throws JMSException {
        Queue management = session.createQueue(MANAGEMENT_ADDRESS);
        TemporaryQueue replies = session.createTemporaryQueue();
        try (MessageProducer producer = session.createProducer(management);
             MessageConsumer consumer = session.createConsumer(replies)) {
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            try {
                JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
            } catch (Exception e) {
                throw new IllegalStateException("cannot ask the broker for " + operation, e);
            }
            producer.send(request);
            Message answer = consumer.receive(ANSWER_TIMEOUT.toMillis());
            if (answer == null) {
                throw new IllegalStateException("the broker did not answer " + operation + " within " + ANSWER_TIMEOUT.toSeconds() + " s");
            }
            Object result;
            try {
                result = JMSManagementHelper.getResult(answer);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the broker's answer to " + operation, e);
            }
            if (!JMSManagementHelper.hasOperationSucceeded(answer)) {
                throw new IllegalStateException("the broker refused " + operation + " on " + resource + ": " + result);
            }
            return result;
        } finally {
            replies.delete();
        }
    }
}
