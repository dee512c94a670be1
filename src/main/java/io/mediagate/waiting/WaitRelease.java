package io.mediagate.waiting;

import io.mediagate.broker.BrokerManagement;
import io.mediagate.broker.WaitBuckets;
import io.mediagate.config.Settings;
import io.mediagate.flow.CrashPoints;
import io.mediagate.flow.StageMessages;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts parked jobs back on their stage's schedule as their wait bucket's window comes within the horizon
 * ({@code mediagate.poll.park-after}), oldest bucket first, so after a restart the overdue jobs go first. A stage's
 * schedule holds at most {@code mediagate.poll.max-scheduled} jobs: what the vendor's quota cannot call within the
 * horizon would only hold heap there, so the rest wait in their buckets (on disk) until there is room.
 *
 * <p>Each move is one local JMS transaction on the one broker: the receive from the bucket and the send to the stage
 * queue commit together, as every stage hand-off does, so a crash at any point leaves each job in exactly one place.
 * The send carries a duplicate id (job, stage, due time), so a copy can never be scheduled twice.
 */
public final class WaitRelease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WaitRelease.class);
    /**
     * Jobs moved per transaction: one commit (one fsync) for many moves, and few enough to fit a bucket's read window
     * (EmbeddedBroker.WAIT_BUCKET_READ_BYTES, ~4 KB a job on the broker): a paged bucket reads no further until what it
     * handed out is acknowledged.
     */
    static final int MOVES_PER_COMMIT = 50;
    /** How long the release waits for a bucket's next job (paged ones are read from disk first). */
    private static final Duration RECEIVE_WAIT = Duration.ofMillis(500);

    private final ConnectionFactory connections;
    private final Map<String, String> stageQueues;
    private final Clock clock;
    private final Duration horizon;
    private final long maxScheduled;
    private final java.util.concurrent.atomic.AtomicLong scheduled = new java.util.concurrent.atomic.AtomicLong();
    private Connection connection;
    private Session moves;
    private BrokerManagement management;
    /** Whether the jobs held for a vendor operation (its held bucket) may go now; none are held without schedules. */
    private java.util.function.BiPredicate<String, String> heldMayGo = (vendor, operation) -> true;

    /**
     * @param stageQueues stage name → its queue name ({@link #stageQueues(Settings)})
     */
    public WaitRelease(ConnectionFactory connections, Map<String, String> stageQueues, Clock clock, Duration horizon,
                       long maxScheduled) {
        this.connections = connections;
        this.stageQueues = stageQueues;
        this.clock = clock;
        this.horizon = horizon;
        this.maxScheduled = maxScheduled;
    }

    /** The stages' queue names, from their endpoints ({@code mediagate.endpoint.<stage> = jms:queue:<name>?…}). */
    public static Map<String, String> stageQueues(Settings settings) {
        Map<String, String> queues = new LinkedHashMap<>();
        for (String stage : List.of("gather", "submit", "poll", "deliver")) {
            String endpoint = settings.string("mediagate.endpoint." + stage);
            queues.put(stage, endpoint.replaceFirst("^jms:(queue:)?", "").replaceFirst("\\?.*$", ""));
        }
        return queues;
    }

    /**
     * Held buckets ({@link WaitBuckets#held}) are released when this says their vendor operation may go (its intake
     * window is open, its daily budget has room).
     */
    public WaitRelease withHeldRelease(java.util.function.BiPredicate<String, String> mayGo) {
        this.heldMayGo = mayGo;
        return this;
    }

    /**
     * The buckets whose window has begun or begins within the horizon, oldest first (overdue ones lead), and the held
     * buckets whose operation may go now (first).
     */
    public synchronized List<String> dueBuckets() throws JMSException {
        long until = clock.millis() + horizon.toMillis();
        return reconnectingAfterFailure(() -> management().queueNames()).stream()
                .map(WaitBuckets::parse).flatMap(java.util.Optional::stream)
                .filter(bucket -> bucket.held() ? heldMayGo.test(bucket.vendor(), bucket.operation()) : bucket.startMillis() <= until)
                .sorted(Comparator.comparingLong(WaitBuckets.Bucket::startMillis))
                .map(WaitBuckets.Bucket::name).toList();
    }

    /**
     * Moves the jobs of one bucket onto their stage's schedule, as many as the schedule has room for; a job of an hour
     * bucket still due beyond the horizon goes to its minute bucket instead.
     *
     * @return how many jobs left the bucket
     */
    public synchronized int release(String bucketName) throws JMSException {
        WaitBuckets.Bucket bucket = WaitBuckets.parse(bucketName).orElseThrow();
        String stageQueue = stageQueues.get(bucket.stage());
        if (stageQueue == null || reconnectingAfterFailure(() -> management().count(bucketName, "getMessageCount")) == 0) {
            return 0;
        }
        // the stage's queue is made by the first job sent to it
        long room = maxScheduled - reconnectingAfterFailure(() ->
                management().queueNames().contains(stageQueue) ? management().count(stageQueue, "getMessageCount") : 0);
        int moved = 0;
        try (MessageConsumer parked = moves.createConsumer(moves.createQueue(bucketName));
             MessageProducer producer = moves.createProducer(null)) {
            int inTransaction = 0;
            int toSchedule = 0;
            while (room > 0) {
                Message job = parked.receive(RECEIVE_WAIT.toMillis());
                if (job == null && inTransaction == 0) {
                    break;
                }
                if (job == null) {
                    // a paged bucket reads on only once what it handed out is acknowledged (its read window)
                    commit(toSchedule);
                    inTransaction = 0;
                    toSchedule = 0;
                    continue;
                }
                if (moveOne(job, bucket, stageQueue, producer)) {
                    room--;
                    toSchedule++;
                }
                moved++;
                if (++inTransaction == MOVES_PER_COMMIT) {
                    commit(toSchedule);
                    inTransaction = 0;
                    toSchedule = 0;
                }
            }
            if (inTransaction > 0) {
                commit(toSchedule);
            }
        } catch (JMSException | RuntimeException e) {
            // closing the connection rolls the open transaction back: its jobs stay in the bucket; the next round
            // connects again
            close();
            throw e;
        }
        if (moved > 0) {
            LOG.debug("Released {} job(s) from {}", moved, bucketName);
        }
        return moved;
    }

    /**
     * Removes a bucket whose window has ended and which is empty: no hand-off parks a job in it any more. A held bucket
     * stays (one per operation): its jobs come and go with the operation's window and budget.
     */
    public synchronized void removeIfEnded(String bucketName) throws JMSException {
        WaitBuckets.Bucket bucket = WaitBuckets.parse(bucketName).orElseThrow();
        // a hand-off parks only jobs due beyond the horizon: once the window has ended, none is on its way there
        if (!bucket.held() && bucket.endMillis() < clock.millis()
                && reconnectingAfterFailure(() -> management().count(bucketName, "getMessageCount")) == 0) {
            try {
                reconnectingAfterFailure(() -> {
                    management().destroyQueue(bucketName);
                    return null;
                });
            } catch (IllegalStateException refused) {
                // another gateway's release is reading it right now; it is removed on a later round
                LOG.debug("Bucket {} not removed yet: {}", bucketName, refused.getMessage());
            }
        }
    }

    /** @return true when the job went onto the stage's schedule, false when it was parked again (finer bucket) */
    private boolean moveOne(Message job, WaitBuckets.Bucket bucket, String stageQueue, MessageProducer producer) throws JMSException {
        long dueAt = job.getLongProperty(StageMessages.DUE_AT_HEADER);
        long now = clock.millis();
        Message copy = moves.createTextMessage(((TextMessage) job).getText());
        for (String name : Collections.list((java.util.Enumeration<String>) job.getPropertyNames())) {
            if (!name.startsWith("_AMQ_") && !name.startsWith("JMSX") && !name.equals(LongWaits.STAGE_HEADER)) {
                copy.setObjectProperty(name, job.getObjectProperty(name));
            }
        }
        // a job of an hour bucket that is still far off waits in its minute bucket (never the same bucket again: a
        // minute bucket's jobs are all due within a minute of its start, which is within the horizon); a held job
        // was due when it was held
        WaitBuckets.Bucket finer = WaitBuckets.of(bucket.stage(), bucket.vendor(), bucket.operation(), dueAt, now);
        if (!bucket.held() && finer.widthMillis() < bucket.widthMillis() && dueAt > now + horizon.toMillis()) {
            copy.setStringProperty(LongWaits.STAGE_HEADER, bucket.stage());
            producer.send(moves.createQueue(finer.name()), copy);
            return false;
        }
        copy.setLongProperty(StageMessages.SCHEDULED_DELIVERY_HEADER, dueAt);
        copy.setStringProperty(StageMessages.DUPLICATE_ID_HEADER,
                job.getStringProperty(StageMessages.JOB_ID_HEADER) + ":" + bucket.stage() + ":" + dueAt);
        producer.send(moves.createQueue(stageQueue), copy);
        return true;
    }

    private void commit(int toSchedule) throws JMSException {
        CrashPoints.reached(CrashPoints.WAIT_RELEASED_BEFORE_COMMIT);
        moves.commit();
        scheduled.addAndGet(toSchedule);
    }

    /** How many parked jobs this gateway has put on their stage's schedule since it started. */
    public long released() {
        return scheduled.get();
    }

    private interface BrokerCall<T> {
        T call() throws JMSException;
    }

    /** A failed call closes the connection, so the next round connects again (after a broker restart, a network error). */
    private <T> T reconnectingAfterFailure(BrokerCall<T> call) throws JMSException {
        try {
            return call.call();
        } catch (JMSException e) {
            close();
            throw e;
        }
    }

    private BrokerManagement management() throws JMSException {
        if (connection == null) {
            connection = connections.createConnection();
            connection.start();
            moves = connection.createSession(true, Session.SESSION_TRANSACTED);
            management = new BrokerManagement(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
        }
        return management;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException ignored) {
                // the broker is going away with the gateway
            }
            connection = null;
        }
    }
}
