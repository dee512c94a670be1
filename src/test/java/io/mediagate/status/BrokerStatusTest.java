package io.mediagate.status;

import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.broker.WaitBuckets;
import io.mediagate.flow.StageMessages;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import io.mediagate.testsupport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status command's view of a broker it reaches over TCP, as another process would. */
class BrokerStatusTest {

    @TempDir
    Path dir;

    @Test
    void sees_ready_scheduled_and_in_progress_jobs_per_stage_and_operation() throws Exception {
        String url = "tcp://127.0.0.1:" + Ports.free();
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, url, 1000, BrokerLogin.account()).start();
             // no prefetch, as the gateway's consumers: a taken message is one being worked on
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url + "?consumerWindowSize=0", BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            long later = System.currentTimeMillis() + 600_000;
            send(session, "mediagate.submit", "image-analyze", 0);
            send(session, "mediagate.submit", "object-detect", 0);
            send(session, "mediagate.poll", "image-analyze", later);
            send(session, "mediagate.poll", "image-analyze", later + 1000);
            // one submit job taken by a consumer whose transaction is still open: a gateway working on it
            Session working = connection.createSession(true, Session.SESSION_TRANSACTED);
            Message taken = working.createConsumer(working.createQueue("mediagate.submit")).receive(5000);
            assertTrue(taken != null);

            try (BrokerStatus status = new BrokerStatus(url, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
                List<QueuedJob> jobs = status.queuedJobs();
                assertEquals(4, jobs.size(), jobs.toString());
                assertEquals(2, jobs.stream().filter(j -> j.stage().equals("poll") && j.operation().equals("image-analyze")
                        && j.dueAt() >= later).count(), jobs.toString());
                assertEquals(1, jobs.stream().filter(QueuedJob::inProgress).count(), jobs.toString());
                assertEquals(2, jobs.stream().filter(j -> j.stage().equals("submit") && j.vendor().equals("opensearch")).count());
                assertEquals(0, status.deadLetters());
            }
            working.rollback();
        }
    }

    /**
     * Thousands in flight: more scheduled polls than the broker lists, more parked in wait buckets, a submit backlog.
     * Status reads counts for what it does not list, so every job is counted and the reply stays small.
     */
    @Test
    void counts_thousands_of_waiting_and_parked_jobs_without_listing_them_all() throws Exception {
        String url = "tcp://127.0.0.1:" + Ports.free();
        int scheduled = EmbeddedBroker.STATUS_LISTS_AT_MOST + 500;
        int parkedPerBucket = 1000;
        int backlog = EmbeddedBroker.STATUS_LISTS_AT_MOST + 200;
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, url, 1000, BrokerLogin.account()).start();
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            long now = System.currentTimeMillis();
            long soonest = now + 600_000; // far beyond the test's run: still on the schedule when status reads it
            sendMany(session, "mediagate.poll", scheduled, soonest);
            List<WaitBuckets.Bucket> buckets = List.of(WaitBuckets.of("poll", "opensearch", "video-summarize", now + 600_000, now),
                    WaitBuckets.of("poll", "opensearch", "video-summarize", now + 1_200_000, now),
                    WaitBuckets.of("poll", "opensearch", "video-summarize", now + 7_200_000, now));
            for (WaitBuckets.Bucket bucket : buckets) {
                sendMany(session, bucket.name(), parkedPerBucket, 0);
            }
            sendMany(session, "mediagate.submit", backlog, 0);

            try (BrokerStatus status = new BrokerStatus(url, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
                StatusReport report = StatusReport.of(url, status.queuedJobs(), status.deadLetters(), dir.resolve("data"));
                long waitingPoll = report.rows().values().stream().mapToLong(row -> row.waitingPoll).sum();
                long waitingSubmit = report.rows().values().stream().mapToLong(row -> row.waitingSubmit).sum();
                assertEquals(scheduled + buckets.size() * parkedPerBucket, waitingPoll, report.toText(java.time.ZoneOffset.UTC));
                assertEquals(backlog, waitingSubmit, report.toText(java.time.ZoneOffset.UTC));
                assertEquals(soonest, report.rows().get("opensearch/image-analyze").nextPollAt, "the soonest listed poll");
                StatusReport.Row parked = report.rows().get("opensearch/video-summarize");
                assertEquals(buckets.size() * parkedPerBucket, parked.waitingPoll, "the parked ones, counted per operation");
                assertEquals(buckets.get(0).startMillis(), parked.nextPollAt, "the earliest bucket's minute");
            }
        }
    }

    private static void sendMany(Session session, String queue, int count, long dueAt) throws Exception {
        // one producer for all: opening and closing one per message is two round trips each (~30 s for these 5,700
        // under load, long enough for the soonest poll to fall due and leave the schedule)
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            for (int i = 0; i < count; i++) {
                producer.send(message(session, "image-analyze", dueAt));
                if (i % 500 == 499) {
                    session.commit();
                }
            }
        }
        session.commit();
    }

    @Test
    void says_clearly_when_no_broker_listens() throws Exception {
        String url = "tcp://127.0.0.1:" + Ports.free();
        Exception e = assertThrows(Exception.class, () -> new BrokerStatus(url).close());
        assertTrue(e.getMessage() != null, String.valueOf(e));
    }

    private static void send(Session session, String queue, String operation, long dueAt) throws Exception {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(message(session, operation, dueAt));
        }
    }

    private static Message message(Session session, String operation, long dueAt) throws Exception {
        Message message = session.createTextMessage("{}");
        message.setStringProperty(StageMessages.VENDOR_HEADER, "opensearch");
        message.setStringProperty(StageMessages.OPERATION_HEADER, operation);
        if (dueAt > 0) {
            message.setLongProperty(StageMessages.DUE_AT_HEADER, dueAt);
            message.setLongProperty(StageMessages.SCHEDULED_DELIVERY_HEADER, dueAt);
        }
        return message;
    }

}
