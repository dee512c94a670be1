package io.mediagate.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.flow.BlockedDeliveries;
import io.mediagate.flow.StageMessages;
import io.mediagate.json.Json;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the job messages waiting on the stage queues of an Artemis broker through its management API
 * (the {@code activemq.management} address), from another process. Browsing with a plain JMS consumer
 * would miss the scheduled messages, which is where waiting polls and retries are.
 */
public final class BrokerStatus implements AutoCloseable {

    /** Stage name → queue name. */
    public static final Map<String, String> STAGE_QUEUES = Map.of(
            "gather", "mediagate.gather", "submit", "mediagate.submit", "poll", "mediagate.poll", "deliver", "mediagate.deliver");
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final ActiveMQConnectionFactory factory;
    private final Connection connection;
    private final Session session;

    public BrokerStatus(String url) throws JMSException {
        this(url, null, null);
    }

    /** With the broker's user and password (null for a broker without authentication). */
    public BrokerStatus(String url, String user, String password) throws JMSException {
        factory = new ActiveMQConnectionFactory(url, user, password);
        // fail fast when nothing listens there instead of retrying forever
        factory.setReconnectAttempts(0);
        factory.setInitialConnectAttempts(1);
        factory.setCallTimeout(ANSWER_TIMEOUT.toMillis());
        connection = factory.createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Every job message on the stage queues: ready, scheduled for later, or being processed now. */
    public List<QueuedJob> queuedJobs() throws JMSException {
        List<QueuedJob> jobs = new ArrayList<>();
        java.util.Set<String> existing = queueNames();
        for (Map.Entry<String, String> stage : STAGE_QUEUES.entrySet()) {
            String queue = stage.getValue();
            if (!existing.contains(queue)) {
                continue;
            }
            int before = jobs.size();
            collect(stage.getKey(), call(queue, "listMessagesAsJSON", ""), false, jobs);
            collect(stage.getKey(), call(queue, "listScheduledMessagesAsJSON"), false, jobs);
            // a listing stops at the broker's managementBrowsePageSize: count what it left out, unnamed
            long waiting = call(queue, "getMessageCount").asLong() - call(queue, "getDeliveringCount").asLong();
            for (long missing = waiting - (jobs.size() - before); missing > 0; missing--) {
                jobs.add(new QueuedJob(stage.getKey(), "(more than the broker lists)", "", 0, false));
            }
            // delivering messages come grouped per consumer: {"consumer…": [messages]}
            JsonNode delivering = call(queue, "listDeliveringMessagesAsJSON");
            for (JsonNode perConsumer : delivering) {
                collect(stage.getKey(), perConsumer.path("elements").isArray() ? perConsumer.path("elements") : perConsumer,
                        true, jobs);
            }
        }
        return jobs;
    }

    /** Messages the broker moved aside (should stay 0: the gateway fails a crashing job itself). */
    public long deadLetters() throws JMSException {
        return queueNames().contains("mediagate.dead") ? call("mediagate.dead", "getMessageCount").asLong() : 0;
    }

    private java.util.Set<String> queueNames() throws JMSException {
        java.util.Set<String> names = new java.util.HashSet<>();
        Json.MAPPER.valueToTree(invoke(ResourceNames.BROKER, "getQueueNames", new Object[0]))
                .forEach(name -> names.add(name.asText()));
        return names;
    }

    private static void collect(String stage, JsonNode messages, boolean inProgress, List<QueuedJob> into) {
        for (Iterator<JsonNode> it = messages.elements(); it.hasNext(); ) {
            JsonNode message = it.next();
            long dueAt = message.path(StageMessages.DUE_AT_HEADER).asLong(0);
            into.add(new QueuedJob(stage, message.path(StageMessages.VENDOR_HEADER).asText("?"),
                    message.path(StageMessages.OPERATION_HEADER).asText("?"), dueAt, inProgress,
                    message.path(BlockedDeliveries.ATTEMPTS_HEADER).asInt(0) > 0));
        }
    }

    private JsonNode call(String queue, String operation, Object... arguments) throws JMSException {
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

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException ignored) {
            // nothing to release on a connection that is already gone
        }
        factory.close();
    }
}
