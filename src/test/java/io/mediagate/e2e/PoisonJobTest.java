package io.mediagate.e2e;

import io.mediagate.testsupport.BrokerLogin;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.Json;
import io.mediagate.status.BrokerStatus;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.e2e.RunningGateway.await;
import static io.mediagate.e2e.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs the gateway keeps failing on end as clear errors, and messages that are no job are set aside; the rest flows. */
class PoisonJobTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void a_job_whose_delivery_keeps_failing_ends_in_failed_as_internal_with_the_last_error() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        try (RunningGateway gateway = startGivingUpQuickly(listen)) {
            // a file occupies the folder the envelope needs: every delivery of this job fails (something at the
            // envelope's own name would not do: the result would take the name with its job id, see ResultNames)
            Files.createDirectories(gateway.outbox("opensearch/object-detect"));
            Files.writeString(gateway.outbox("opensearch/object-detect/blocked"), "someone else's file");
            TestMedia.drop(gateway.inbox("opensearch/object-detect/blocked"), "stuck.jpg", TestMedia.image("jpg", 64, 48));
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "fine.jpg", TestMedia.image("jpg", 50, 40));

            Path error = gateway.failed("opensearch/object-detect/blocked/stuck.jpg.error.json");
            await("stuck.jpg.error.json", LIMIT, () -> Files.exists(error));
            JsonNode record = Json.readOrNull(Files.readString(error));
            assertEquals("internal", record.path("kind").asText(), record.toString());
            String message = record.path("message").asText();
            assertTrue(message.contains("given up after 3 deliveries"), message);
            assertTrue(message.contains("last error") && message.contains("stuck.jpg.json"), "says what failed: " + message);
            RunningGateway.awaitFile(gateway.failed("opensearch/object-detect/blocked/stuck.jpg"), "the original is kept in failed/");
            assertTrue(record.path("result").isObject(), "the vendor's (billed) answer is kept in the record: " + record);
            await("fine.jpg delivered meanwhile", LIMIT, () -> Files.exists(gateway.outbox("opensearch/object-detect/fine.jpg.json")));
            await("work area empty", LIMIT, () -> gateway.context().getRegistry()
                    .lookupByNameAndType("workArea", io.mediagate.flow.WorkArea.class).isIdle());
        }
    }

    @Test
    void a_message_that_is_no_job_goes_to_the_dead_letter_queue_and_the_stage_keeps_flowing() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        try (RunningGateway gateway = startGivingUpQuickly(listen)) {
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
                 Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                session.createProducer(session.createQueue("mediagate.submit")).send(session.createTextMessage("not a job"));
            }
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "after.jpg", TestMedia.image("jpg", 64, 48));
            await("after.jpg delivered", LIMIT, () -> Files.exists(gateway.outbox("opensearch/object-detect/after.jpg.json")));
            await("the bad message in mediagate.dead", LIMIT, () -> {
                try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
                    return status.deadLetters() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
                assertTrue(status.queuedJobs().isEmpty(), "nothing else stuck: " + status.queuedJobs());
            }
            assertFalse(Files.exists(gateway.failed("opensearch")), "no job failed because of it");
        }
    }

    @Test
    void a_video_of_a_batch_whose_envelope_cannot_be_written_is_given_up_alone() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        try (RunningGateway gateway = startGivingUpQuickly(listen, Map.of("mediagate.pai.batch.window", "3s"))) {
            // the envelope of stuck.mp4 needs this path as a folder
            Files.createDirectories(gateway.outbox("pai/video-qa"));
            Files.writeString(gateway.outbox("pai/video-qa/blocked"), "not a folder");
            TestMedia.drop(gateway.inbox("pai/video-qa/blocked"), "stuck.mp4", TestMedia.mp4(0, 1000, 3000));
            TestMedia.drop(gateway.inbox("pai/video-qa"), "fine.mp4", TestMedia.mp4(0, 1000, 5000));

            JsonNode fine = awaitJson(gateway.outbox("pai/video-qa/fine.mp4.json"), LIMIT);
            assertEquals(2, fine.path("job").path("batch").path("size").asInt(), "both went in one call: " + fine);
            JsonNode record = awaitJson(gateway.failed("pai/video-qa/blocked/stuck.mp4.error.json"), LIMIT);
            assertEquals("internal", record.path("kind").asText(), record.toString());
            assertTrue(record.path("message").asText().contains("given up after 3 deliveries"), record.toString());
            assertEquals(3.0, record.path("result").path("Result").path("duration").asDouble(),
                    "its own (billed) answer is kept in the record: " + record);
            RunningGateway.awaitFile(gateway.done("pai/video-qa/fine.mp4"), "the other video is not affected");
        }
    }

    @Test
    void an_unreadable_message_among_videos_being_gathered_is_set_aside_and_the_batch_goes_on() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        try (RunningGateway gateway = startGivingUpQuickly(listen, Map.of("mediagate.pai.batch.window", "6s"))) {
            TestMedia.drop(gateway.inbox("pai/video-qa"), "first.mp4", TestMedia.mp4(0, 1000, 2000));
            Path work = data.resolve("work");
            await("first.mp4 taken in", LIMIT, () -> batchKeyIn(work) != null);
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
                 Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.Message garbage = session.createTextMessage("{not a job");
                garbage.setStringProperty("MediagateBatchKey", batchKeyIn(work));
                session.createProducer(session.createQueue("mediagate.gather")).send(garbage);
            }
            TestMedia.drop(gateway.inbox("pai/video-qa"), "second.mp4", TestMedia.mp4(0, 1000, 4000));

            JsonNode first = awaitJson(gateway.outbox("pai/video-qa/first.mp4.json"), LIMIT);
            JsonNode second = awaitJson(gateway.outbox("pai/video-qa/second.mp4.json"), LIMIT);
            assertEquals(2, first.path("job").path("batch").path("size").asInt(), first.toString());
            assertEquals(first.path("vendor").path("taskId"), second.path("vendor").path("taskId"));
            try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
                assertEquals(1, status.deadLetters(), "the unreadable message is kept aside");
            }
            assertFalse(Files.exists(gateway.failed("pai")), "no video failed because of it");
        }
    }

    /** The batch key of the job waiting in the work area (null until its record is written). */
    private static String batchKeyIn(Path work) {
        try (var jobs = Files.list(work)) {
            return jobs.map(dir -> dir.resolve("job.json")).filter(Files::exists)
                    .map(file -> {
                        try {
                            return Json.readOrNull(Files.readString(file)).path("batchKey").asText(null);
                        } catch (java.io.IOException e) {
                            return null;
                        }
                    })
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }


    /** A gateway that gives a job up after 3 deliveries, 100 ms apart at first, with its broker reachable at {@code listen}. */
    private RunningGateway startGivingUpQuickly(String listen) throws InterruptedException {
        return startGivingUpQuickly(listen, Map.of());
    }

    private RunningGateway startGivingUpQuickly(String listen, Map<String, String> more) throws InterruptedException {
        Map<String, String> settings = BrokerLogin.listening(listen);
        settings.putAll(Map.of(
                "mediagate.broker.max-deliveries", "3",
                "mediagate.broker.redelivery-delay", "100ms",
                "mediagate.sandbox.task-duration", "1s",
                "mediagate.pai.poll.first-delay", "500ms"));
        settings.putAll(more);
        return RunningGateway.start(data, settings);
    }
}
