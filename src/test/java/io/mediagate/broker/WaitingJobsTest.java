package io.mediagate.broker;

import io.mediagate.config.Settings;
import io.mediagate.config.ShippedDefaults;
import io.mediagate.status.BrokerStatus;
import io.mediagate.status.QueuedJob;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs waiting for their next poll are scheduled messages on the embedded broker as the gateway builds it from its
 * settings: they survive a restart, the ones that fell due while the gateway was down are handed over at once, and
 * the others keep waiting for their time.
 */
class WaitingJobsTest {

    private static final String POLL_QUEUE = "mediagate.poll";

    @TempDir
    Path dir;

    @Test
    void waiting_jobs_survive_a_restart_and_are_handed_over_when_due() throws Exception {
        Settings settings = shippedSettingsWithDataIn(dir);
        long now = System.currentTimeMillis();
        try (EmbeddedBroker broker = JobBrokerWiring.embeddedBroker(settings).start();
             Connection connection = JobBrokerWiring.connectionFactory(settings).createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(POLL_QUEUE));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(waitingJob(session, "overdue-at-restart", now + 300));
            producer.send(waitingJob(session, "due-in-an-hour", now + 3_600_000));
            session.commit();
        }
        // the gateway was down while the first one fell due
        try (EmbeddedBroker broker = JobBrokerWiring.embeddedBroker(settings).start();
             Connection connection = JobBrokerWiring.connectionFactory(settings).createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer poll = session.createConsumer(session.createQueue(POLL_QUEUE));
            Message due = poll.receive(30_000);
            assertNotNull(due, "the overdue job is handed over after the restart");
            assertEquals("overdue-at-restart", due.getStringProperty("MediagateJobId"));
            assertEquals(DeliveryMode.PERSISTENT, due.getJMSDeliveryMode());
            session.commit();
            assertNull(poll.receiveNoWait(), "the job due in an hour is not handed over early");
            try (BrokerStatus status = new BrokerStatus(EmbeddedBroker.IN_VM_URL)) {
                List<QueuedJob> waiting = status.queuedJobs();
                assertEquals(1, waiting.size(), "status still shows the job due in an hour: " + waiting);
                assertEquals("poll", waiting.get(0).stage());
            }
        }
    }

    @Test
    void parked_jobs_survive_a_restart_in_small_page_files() throws Exception {
        Settings settings = shippedSettingsWithDataIn(dir);
        String bucket = WaitBuckets.of("poll", "opensearch", "image-analyze", System.currentTimeMillis() + 7_200_000,
                System.currentTimeMillis()).name();
        String padding = "x".repeat(4000);
        int jobs = 600;
        try (EmbeddedBroker broker = JobBrokerWiring.embeddedBroker(settings).start();
             Connection connection = JobBrokerWiring.connectionFactory(settings).createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(bucket));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 0; i < jobs; i++) {
                Message parked = session.createTextMessage("{\"id\":\"parked-" + i + "\",\"padding\":\"" + padding + "\"}");
                parked.setStringProperty("MediagateJobId", "parked-" + i);
                producer.send(parked);
            }
            session.commit();
        }
        // the broker reads a bucket's last page file whole when it starts: with small files that read stays small
        List<Path> pages;
        try (var files = java.nio.file.Files.walk(dir.resolve("broker"))) {
            pages = files.filter(file -> file.toString().endsWith(".page")).toList();
        }
        assertTrue(pages.size() > 1, "the parked jobs fill several page files: " + pages);
        for (Path page : pages) {
            assertTrue(java.nio.file.Files.size(page) <= EmbeddedBroker.WAIT_BUCKET_PAGE_BYTES + 64 * 1024,
                    page + " holds " + java.nio.file.Files.size(page) + " bytes");
        }
        try (EmbeddedBroker broker = JobBrokerWiring.embeddedBroker(settings).start();
             Connection connection = JobBrokerWiring.connectionFactory(settings).createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer parked = session.createConsumer(session.createQueue(bucket));
            for (int i = 0; i < jobs; i++) {
                Message job = parked.receive(30_000);
                assertNotNull(job, "parked job " + i + " is still there after the restart");
                assertEquals("parked-" + i, job.getStringProperty("MediagateJobId"));
                session.commit();
            }
        }
    }

    static Settings shippedSettingsWithDataIn(Path dir) {
        Map<String, String> values = new HashMap<>();
        ShippedDefaults.properties().forEach((key, value) -> values.put((String) key, ((String) value).trim()));
        values.put("mediagate.broker.data-dir", dir.resolve("broker").toString());
        return Settings.of(values);
    }

    private static Message waitingJob(Session session, String id, long dueAt) throws Exception {
        Message message = session.createTextMessage("{\"id\":\"" + id + "\",\"stage\":\"poll\",\"dueAt\":" + dueAt + "}");
        message.setStringProperty("MediagateJobId", id);
        message.setLongProperty("_AMQ_SCHED_DELIVERY", dueAt);
        return message;
    }
}
