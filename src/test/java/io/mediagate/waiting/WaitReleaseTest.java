package io.mediagate.waiting;

import io.mediagate.broker.BrokerManagement;
import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.broker.JobBrokerWiring;
import io.mediagate.broker.WaitBuckets;
import io.mediagate.config.Settings;
import io.mediagate.config.ShippedDefaults;
import io.mediagate.flow.StageMessages;
import io.mediagate.testsupport.MovableClock;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job due beyond the horizon is parked in the wait bucket of its due time and put on its stage's schedule when that
 * time comes near, on the embedded broker as the gateway builds it from its settings. The clock the decisions are made
 * by is moved by hand.
 */
class WaitReleaseTest {

    private static final Duration HORIZON = Duration.ofSeconds(60);
    private static final String POLL_QUEUE = "mediagate.poll";

    @TempDir
    Path dir;

    /** A quarter of an hour behind: what the moved clock makes due is due for the broker too, so the stage receives it. */
    private final MovableClock clock = new MovableClock(Instant.now().minus(Duration.ofMinutes(15)));
    private Settings settings;
    private EmbeddedBroker broker;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        Map<String, String> values = new HashMap<>();
        ShippedDefaults.properties().forEach((key, value) -> values.put((String) key, ((String) value).trim()));
        values.put("mediagate.broker.data-dir", dir.resolve("broker").toString());
        settings = Settings.of(values);
        broker = JobBrokerWiring.embeddedBroker(settings).start();
    }

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        broker.close();
    }

    @Test
    void a_job_due_within_the_horizon_is_not_parked() {
        Exchange exchange = handOff("soon", clock.millis() + HORIZON.toMillis());

        new LongWaits(clock, HORIZON).parkIfFar(exchange);

        assertNull(exchange.getProperty(LongWaits.BUCKET));
        assertEquals(clock.millis() + HORIZON.toMillis(), exchange.getMessage().getHeader(StageMessages.SCHEDULED_DELIVERY_HEADER));
    }

    @Test
    void a_far_off_job_waits_in_its_bucket_until_its_due_time_comes_within_the_horizon_then_on_the_poll_schedule() throws Exception {
        long dueAt = clock.millis() + Duration.ofMinutes(10).toMillis();
        String bucket = park("far-off", dueAt);
        WaitRelease release = release(100);

        assertEquals(List.of(), release.dueBuckets(), "ten minutes ahead, the bucket is not due yet");
        clock.advance(Duration.ofMinutes(9));
        assertEquals(List.of(bucket), release.dueBuckets());
        assertEquals(1, release.release(bucket));

        assertEquals(0, count(bucket, "getMessageCount"), "the bucket is empty");
        List<Message> onPoll = receiveFromPoll();
        assertEquals(1, onPoll.size(), "the job is on the poll stage's queue");
        Message scheduled = onPoll.get(0);
        assertEquals("far-off", scheduled.getStringProperty(StageMessages.JOB_ID_HEADER));
        assertEquals(dueAt, scheduled.getLongProperty(StageMessages.SCHEDULED_DELIVERY_HEADER), "scheduled for its own due time");
        assertEquals(dueAt, scheduled.getLongProperty(StageMessages.DUE_AT_HEADER));
        assertEquals("far-off:poll:" + dueAt, scheduled.getStringProperty(StageMessages.DUPLICATE_ID_HEADER));
        assertFalse(scheduled.propertyExists(LongWaits.STAGE_HEADER));
        assertEquals("{\"id\":\"far-off\"}", ((jakarta.jms.TextMessage) scheduled).getText(), "the job itself, unchanged");

        clock.advance(Duration.ofMinutes(2));
        release.removeIfEnded(bucket);
        assertFalse(management().queueNames().contains(bucket), "an ended, empty bucket is removed");
    }

    @Test
    void after_a_restart_the_overdue_bucket_goes_first_and_the_schedule_takes_no_more_than_its_room() throws Exception {
        long now = clock.millis();
        for (int i = 0; i < 4; i++) {
            park("overdue-" + i, now + Duration.ofMinutes(5).toMillis() + i);
        }
        for (int i = 0; i < 3; i++) {
            park("later-" + i, now + Duration.ofMinutes(6).toMillis() + i);
        }
        // the gateway is down for five and a half minutes: the first bucket's jobs are overdue when it comes back, the
        // second bucket's are due within the horizon
        broker.close();
        clock.advance(Duration.ofMinutes(5).plusSeconds(30));
        broker = JobBrokerWiring.embeddedBroker(settings).start();

        WaitRelease release = release(5);
        List<String> due = release.dueBuckets();
        assertEquals(List.of(WaitBuckets.of("poll", "opensearch", "image-analyze", now + Duration.ofMinutes(5).toMillis(), now).name(),
                WaitBuckets.of("poll", "opensearch", "image-analyze", now + Duration.ofMinutes(6).toMillis(), now).name()), due, "the overdue bucket first");
        for (String bucket : due) {
            release.release(bucket);
        }

        List<String> scheduled = new ArrayList<>();
        for (Message job : receiveFromPoll()) {
            scheduled.add(job.getStringProperty(StageMessages.JOB_ID_HEADER));
        }
        // room for five: the four overdue ones, then the first of the later bucket (the stage takes them in any order)
        Collections.sort(scheduled);
        assertEquals(List.of("later-0", "overdue-0", "overdue-1", "overdue-2", "overdue-3"), scheduled);
        assertEquals(2, count(due.get(1), "getMessageCount"), "the rest waits in its bucket");
    }

    @Test
    void a_job_of_an_hour_bucket_still_beyond_the_horizon_moves_to_its_minute_bucket() throws Exception {
        long hour = Duration.ofHours(1).toMillis();
        // half past the hour after next: half an hour beyond the horizon when its hour begins
        long dueAt = Math.floorDiv(clock.millis(), hour) * hour + 2 * hour + hour / 2;
        String hourBucket = park("much-later", dueAt);
        assertTrue(hourBucket.endsWith(".1h"), hourBucket);
        WaitRelease release = release(100);

        clock.advance(Duration.ofMillis(WaitBuckets.parse(hourBucket).orElseThrow().startMillis() - clock.millis()));
        release.release(hourBucket);

        String minuteBucket = WaitBuckets.of("poll", "opensearch", "image-analyze", dueAt, clock.millis()).name();
        assertEquals(1, count(minuteBucket, "getMessageCount"), "parked again, in the minute of its due time");
        assertEquals(0, count(POLL_QUEUE, "getMessageCount"), "not on the schedule an hour early");
    }

    /** The hand-off's exchange for a poll job due at {@code dueAt}, as StageMessages writes it. */
    private static Exchange handOff(String id, long dueAt) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(StageMessages.NEXT_STAGE, "poll");
        exchange.getMessage().setHeader(StageMessages.JOB_ID_HEADER, id);
        exchange.getMessage().setHeader(StageMessages.VENDOR_HEADER, "opensearch");
        exchange.getMessage().setHeader(StageMessages.OPERATION_HEADER, "image-analyze");
        exchange.getMessage().setHeader(StageMessages.DUE_AT_HEADER, dueAt);
        exchange.getMessage().setHeader(StageMessages.SCHEDULED_DELIVERY_HEADER, dueAt);
        exchange.getMessage().setBody("{\"id\":\"" + id + "\"}");
        return exchange;
    }

    /** Parks a poll job as the hand-off route does (LongWaits, then a send to the bucket it names); returns the bucket. */
    private String park(String id, long dueAt) throws Exception {
        Exchange exchange = handOff(id, dueAt);
        new LongWaits(clock, HORIZON).parkIfFar(exchange);
        String bucket = exchange.getProperty(LongWaits.BUCKET, String.class);
        assertTrue(bucket != null && bucket.startsWith(WaitBuckets.PREFIX), "parked: " + bucket);
        try (Connection connection = connections().createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(bucket));
            Message message = session.createTextMessage(exchange.getMessage().getBody(String.class));
            for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
                message.setObjectProperty(header.getKey(), header.getValue());
            }
            assertFalse(message.propertyExists(StageMessages.SCHEDULED_DELIVERY_HEADER), "a plain message: it pages");
            producer.send(message);
            session.commit();
        }
        return bucket;
    }

    private WaitRelease release(int maxScheduled) {
        WaitRelease release = new WaitRelease(connections(), WaitRelease.stageQueues(settings), clock, HORIZON, maxScheduled);
        open.add(release);
        return release;
    }

    /** Takes what the poll stage would receive now, in order. */
    private List<Message> receiveFromPoll() throws Exception {
        List<Message> jobs = new ArrayList<>();
        try (Connection connection = connections().createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer poll = session.createConsumer(session.createQueue(POLL_QUEUE));
            for (Message job = poll.receive(2_000); job != null; job = poll.receive(500)) {
                jobs.add(job);
            }
        }
        return jobs;
    }

    private long count(String queue, String attribute) throws Exception {
        return management().queueNames().contains(queue) ? management().count(queue, attribute) : 0;
    }

    private BrokerManagement management() throws Exception {
        Connection connection = connections().createConnection();
        open.add(connection);
        connection.start();
        return new BrokerManagement(connection.createSession(false, Session.AUTO_ACKNOWLEDGE));
    }

    private ConnectionFactory connections() {
        return JobBrokerWiring.connectionFactory(settings);
    }
}
