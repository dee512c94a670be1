package io.mediagate.flow;

import io.mediagate.job.BatchWindow;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorRegistry;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.SessionProxy;

import java.util.ArrayList;
import java.util.List;

/**
 * Gather: single videos of an operation that takes batch calls (PAI video-qa and video-classify) wait here a short
 * window so that several go to the vendor in one call instead of one call each. The route hands this stage the
 * first waiting job; it then receives the other jobs of the same batch key from the same queue, on the consumer's
 * own transacted JMS session, until the batch is full or the first job's window closes. Consuming the members and
 * sending their batch on to submit are therefore one commit: a gateway that dies while gathering puts every member
 * back on the queue, and no member can be in two batches.
 */
public final class Gathering {

    private static final Logger LOG = LoggerFactory.getLogger(Gathering.class);

    /** Where the broker puts messages it gave up on (EmbeddedBroker, docker/artemis/broker.properties). */
    static final String DEAD_LETTERS = "mediagate.dead";

    private final VendorRegistry vendors;

    public Gathering(VendorRegistry vendors) {
        this.vendors = vendors;
    }

    /** The body becomes the batch of the gathered jobs, or the first job alone when none joined it; next stage submit. */
    public void gather(Exchange exchange) throws JMSException {
        Job first = StageMessages.jobOf(exchange);
        if (first.getStage() != Job.Stage.gather) {
            // failed on the way here (e.g. given up after repeated crashes): straight on to delivery
            StageMessages.handOff(exchange, first);
            return;
        }
        BatchWindow window = vendors.require(first.getVendor(), first.getOperation()).batchWindow();
        List<Job> members = new ArrayList<>(List.of(first));
        if (window.gathers() && first.getBatchKey() != null && exchange.getIn() instanceof JmsMessage jms
                && jms.getJmsSession() != null) {
            receiveMore(jms, first, window, members);
        }
        for (Job member : members) {
            member.setStage(Job.Stage.submit);
            member.setBatchKey(null);
        }
        Job next = members.size() == 1 ? first : Job.batchOf(members);
        if (next.isAutomaticBatch()) {
            LOG.info("Gathered {} {} videos into one batch call: {}", members.size(), first.getVendor() + "/" + first.getOperation(),
                    members.stream().map(DataFolders::inputPath).toList());
        }
        StageMessages.handOff(exchange, next);
    }

    /**
     * Receives jobs of the first job's batch key until the batch is full or the window (counted from when the
     * first job was accepted) has closed; after that, only jobs already waiting are taken, without waiting.
     */
    private static void receiveMore(JmsMessage jms, Job first, BatchWindow window, List<Job> members) throws JMSException {
        // the JMS session itself, not Spring's caching proxy: the proxy would keep this selector consumer open (and
        // taking messages into its buffer) after close(); the session's transaction is the same either way
        Session session = jms.getJmsSession() instanceof SessionProxy proxy ? proxy.getTargetSession() : jms.getJmsSession();
        Destination queue = jms.getJmsMessage().getJMSDestination();
        long closesAt = first.getAcceptedAt() + window.time().toMillis();
        // the key is hex (see PaiOperation.batchKey), so it is safe inside the selector's quotes
        String selector = StageMessages.BATCH_KEY_HEADER + " = '" + first.getBatchKey().replace("'", "''") + "'";
        try (MessageConsumer consumer = session.createConsumer(queue, selector)) {
            while (members.size() < window.maxSize()) {
                long left = closesAt - System.currentTimeMillis();
                Message message = left > 0 ? consumer.receive(left) : consumer.receiveNoWait();
                if (message == null) {
                    break;
                }
                Job member = readable(message);
                if (member != null) {
                    members.add(member);
                } else {
                    // not a job this gateway can read (another version, a bug): set aside with the reason, in this
                    // same transaction, instead of rolling every batch of its key back again and again
                    Message copy = session.createTextMessage(message instanceof TextMessage text ? text.getText() : null);
                    copy.setStringProperty("MediagateDeadReason", "unreadable job message on the gather queue");
                    copy.setStringProperty("MediagateOriginalMessageId", message.getJMSMessageID());
                    try (MessageProducer dead = session.createProducer(session.createQueue(DEAD_LETTERS))) {
                        dead.send(copy);
                    }
                    LOG.error("An unreadable job message on the gather queue was moved to {}: {}", DEAD_LETTERS, message.getJMSMessageID());
                }
            }
        }
    }

    private static Job readable(Message message) {
        try {
            Job job = Json.read(((TextMessage) message).getText(), Job.class);
            return job.getId() != null && job.getVendor() != null ? job : null;
        } catch (RuntimeException | JMSException unreadable) {
            return null;
        }
    }
}
