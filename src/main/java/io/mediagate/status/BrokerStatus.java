package io.mediagate.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.broker.BrokerManagement;
import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.broker.WaitBuckets;
import io.mediagate.flow.BlockedDeliveries;
import io.mediagate.flow.StageMessages;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the job messages waiting on the stage queues of an Artemis broker through its management API
 * (the {@code activemq.management} address), from another process. Browsing with a plain JMS consumer
 * would miss the scheduled messages, which is where waiting polls and retries are. What it reads is bounded however
 * many jobs are in flight: it lists at most {@link EmbeddedBroker#STATUS_LISTS_AT_MOST} ready jobs per queue and the
 * scheduled ones (which the wait-bucket release keeps few), counts the rest, and counts the jobs parked in wait buckets per bucket ({@link WaitBuckets}: one per operation and due minute or
 * hour, so a parked job's due time shows to the minute), so it answers in about the same
 * time for 100 jobs as for 100,000.
 */
public final class BrokerStatus implements AutoCloseable {

    /** Stage name → queue name. */
    public static final Map<String, String> STAGE_QUEUES = Map.of(
            "gather", "mediagate.gather", "submit", "mediagate.submit", "poll", "mediagate.poll", "deliver", "mediagate.deliver");
    /** The line for jobs the broker counts but does not list. */
    static final String UNLISTED = "(more than the broker lists)";

    private final ActiveMQConnectionFactory factory;
    private final Connection connection;
    private final BrokerManagement management;

    public BrokerStatus(String url) throws JMSException {
        this(url, null, null);
    }

    /** With the broker's user and password (null for a broker without authentication). */
    public BrokerStatus(String url, String user, String password) throws JMSException {
        factory = new ActiveMQConnectionFactory(url, user, password);
        // fail fast when nothing listens there instead of retrying forever
        factory.setReconnectAttempts(0);
        factory.setInitialConnectAttempts(1);
        factory.setCallTimeout(BrokerManagement.ANSWER_TIMEOUT.toMillis());
        connection = factory.createConnection();
        connection.start();
        management = new BrokerManagement(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
    }

    /** Above this many scheduled jobs on a queue (a raised mediagate.poll.max-scheduled) they are only counted. */
    static final int SCHEDULED_LISTED_AT_MOST = 5_000;

    /** Every job message on the stage queues: ready, scheduled for later, parked in a wait bucket, or being processed now. */
    public List<QueuedJob> queuedJobs() throws JMSException {
        List<QueuedJob> jobs = new ArrayList<>();
        Set<String> existing = management.queueNames();
        for (Map.Entry<String, String> stage : STAGE_QUEUES.entrySet()) {
            String queue = stage.getValue();
            if (!existing.contains(queue)) {
                continue;
            }
            long listed = collect(stage.getKey(), management.call(queue, "listMessagesAsJSON", ""), false, jobs);
            // the broker lists every scheduled message at once (its page size does not apply), so only a bounded number:
            // the wait-bucket release keeps at most mediagate.poll.max-scheduled (2,000) on a stage's schedule, and
            // listing them is what shows when the next poll is due
            if (management.count(queue, "getScheduledCount") <= SCHEDULED_LISTED_AT_MOST) {
                listed += collect(stage.getKey(), management.call(queue, "listScheduledMessagesAsJSON"), false, jobs);
            }
            long waiting = management.count(queue, "getMessageCount") - management.count(queue, "getDeliveringCount");
            if (waiting > listed) {
                jobs.add(new QueuedJob(stage.getKey(), UNLISTED, "any", 0, false, false, waiting - listed));
            }
            // delivering messages come grouped per consumer: {"consumer…": [messages]}
            JsonNode delivering = management.call(queue, "listDeliveringMessagesAsJSON");
            for (JsonNode perConsumer : delivering) {
                collect(stage.getKey(), perConsumer.path("elements").isArray() ? perConsumer.path("elements") : perConsumer,
                        true, jobs);
            }
        }
        for (String queue : existing) {
            Optional<WaitBuckets.Bucket> bucket = WaitBuckets.parse(queue);
            if (bucket.isPresent()) {
                long parked = management.count(queue, "getMessageCount");
                if (parked > 0) {
                    jobs.add(new QueuedJob(bucket.get().stage(), bucket.get().vendor(), bucket.get().operation(),
                            bucket.get().startMillis(), false, false, parked, bucket.get().held()));
                }
            }
        }
        return jobs;
    }

    /** Messages the broker moved aside (should stay 0: the gateway fails a crashing job itself). */
    public long deadLetters() throws JMSException {
        return management.queueNames().contains("mediagate.dead") ? management.count("mediagate.dead", "getMessageCount") : 0;
    }

    /** @return how many jobs were listed */
    private static int collect(String stage, JsonNode messages, boolean inProgress, List<QueuedJob> into) {
        int listed = 0;
        for (Iterator<JsonNode> it = messages.elements(); it.hasNext(); listed++) {
            JsonNode message = it.next();
            long dueAt = message.path(StageMessages.DUE_AT_HEADER).asLong(0);
            into.add(new QueuedJob(stage, message.path(StageMessages.VENDOR_HEADER).asText("?"),
                    message.path(StageMessages.OPERATION_HEADER).asText("?"), dueAt, inProgress,
                    message.path(BlockedDeliveries.ATTEMPTS_HEADER).asInt(0) > 0));
        }
        return listed;
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
