package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.BrokerLogin;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.flow.BlockedDeliveries;
import io.mediagate.json.Json;
import io.mediagate.status.BrokerStatus;
import io.mediagate.testsupport.LogCapture;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs the gateway keeps failing on end as clear errors, and messages that are no job are set aside; the rest flows.
 * A disk that refuses a finished job's files is not such a failure: the job waits until the disk takes it.
 */
class PoisonJobTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path data;

    @Test
    void a_job_whose_envelope_the_disk_refuses_waits_past_the_crash_budget_reports_down_and_is_delivered_once_it_can_be()
            throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        try (RunningGateway gateway = startGivingUpQuickly(listen)) {
            // a file occupies the folder the envelope needs: the disk refuses this job's delivery (the same as a full or
            // read-only outbox/; something at the envelope's own name would not do: the result would take the name
            // with its job id, see ResultNames)
            Files.createDirectories(gateway.outbox("opensearch/object-detect"));
            Path obstacle = Files.writeString(gateway.outbox("opensearch/object-detect/blocked"), "someone else's file");
            TestMedia.drop(gateway.inbox("opensearch/object-detect/blocked"), "stuck.jpg", TestMedia.image("jpg", 64, 48));
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "fine.jpg", TestMedia.image("jpg", 50, 40));

            BlockedDeliveries blocked = gateway.context().getRegistry().lookupByNameAndType("blockedDeliveries", BlockedDeliveries.class);
            await("stuck.jpg refused more often than mediagate.broker.max-deliveries (3)", LIMIT,
                    () -> blocked.blocked().values().stream().anyMatch(b -> b.tries() > 4));
            assertTrue(blocked.blocked().values().iterator().next().reason().contains("blocked"), blocked.blocked().toString());
            assertFalse(Files.exists(gateway.failed("opensearch")), "a paid-for result is not failed for the disk");
            HttpResponse<String> health = health(gateway);
            assertEquals(503, health.statusCode(), health.body());
            assertTrue(health.body().contains("delivery-disk"), health.body());
            // `status` tells it too: the job counted as blocked on the broker, and the gateway's reason
            await("status counts stuck.jpg as blocked by the disk", LIMIT,
                    () -> operation(status(gateway, listen), "object-detect").path("blockedByDisk").asInt() == 1);
            JsonNode problems = status(gateway, listen).path("gatewayHealth").path("problems");
            assertTrue(problems.toString().contains("delivery-disk") && problems.toString().contains("cannot be delivered"),
                    problems.toString());
            await("fine.jpg delivered meanwhile", LIMIT, () -> Files.exists(gateway.outbox("opensearch/object-detect/fine.jpg.json")));

            Files.delete(obstacle);

            JsonNode envelope = awaitJson(gateway.outbox("opensearch/object-detect/blocked/stuck.jpg.json"), LIMIT);
            assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
            assertTrue(envelope.path("result").isObject(), "the vendor's (billed) answer: " + envelope);
            assertEquals(1, envelope.path("job").path("vendorCalls").asInt(), "not sent to the vendor again: " + envelope);
            await("the original in done/", LIMIT, () -> Files.exists(gateway.done("opensearch/object-detect/blocked/stuck.jpg")));
            await("health UP again", LIMIT, () -> {
                try {
                    return health(gateway).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            assertTrue(blocked.blocked().isEmpty(), blocked.blocked().toString());
            assertFalse(Files.exists(gateway.failed("opensearch")), "nothing failed");
            await("work area empty", LIMIT, () -> gateway.context().getRegistry()
                    .lookupByNameAndType("workArea", io.mediagate.flow.WorkArea.class).isIdle());
        }
    }

    /** {@code status --json} as a user runs it beside this gateway (its broker listener and health port). */
    private static JsonNode status(RunningGateway gateway, String listen) {
        return Json.readOrNull(statusPrinted(gateway, listen, List.of("--json")));
    }

    /** What {@code status} with these arguments prints, run as a user runs it beside this gateway. */
    private static String statusPrinted(RunningGateway gateway, String listen, List<String> arguments) {
        Map<String, String> settings = BrokerLogin.listening(listen);
        settings.put("mediagate.data-dir", gateway.data().toString());
        settings.put("camel.management.enabled", "true");
        settings.put("camel.management.port", String.valueOf(gateway.managementPort()));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.mediagate.status.StatusCommand.run(arguments, io.mediagate.config.Settings.of(settings),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static JsonNode operation(JsonNode status, String operation) {
        for (JsonNode line : status.path("operations")) {
            if (operation.equals(line.path("operation").asText())) {
                return line;
            }
        }
        return Json.MAPPER.createObjectNode();
    }

    private static HttpResponse<String> health(RunningGateway gateway) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.managementPort() + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_message_that_is_no_job_on_any_stage_queue_goes_to_the_dead_letter_queue_and_the_stages_keep_flowing() throws Exception {
        List<String> stages = List.of("submit", "poll", "deliver", "gather");
        String listen = "tcp://127.0.0.1:" + Ports.free();
        try (RunningGateway gateway = startGivingUpQuickly(listen, Map.of("mediagate.pai.batch.window", "500ms"));
             LogCapture log = LogCapture.start("poison-capture")) {
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
                 Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                for (String stage : stages) {
                    session.createProducer(session.createQueue("mediagate." + stage)).send(session.createTextMessage("not a job"));
                }
                // and a housekeeping run that is no schedule's fire (no fire id): ignored with a warning, not run
                session.createProducer(session.createQueue("mediagate.housekeeping")).send(session.createTextMessage("reconcile"));
            }
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "after.jpg", TestMedia.image("jpg", 64, 48));
            TestMedia.drop(gateway.inbox("pai/video-qa"), "after.mp4", TestMedia.mp4(0, 1000, 2000));
            await("after.jpg delivered", LIMIT, () -> Files.exists(gateway.outbox("opensearch/object-detect/after.jpg.json")));
            await("after.mp4 delivered", LIMIT, () -> Files.exists(gateway.outbox("pai/video-qa/after.mp4.json")));
            await("the bad messages in mediagate.dead", LIMIT, () -> {
                try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
                    return status.deadLetters() == stages.size();
                } catch (Exception e) {
                    return false;
                }
            });
            try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
                assertTrue(status.queuedJobs().isEmpty(), "nothing else stuck: " + status.queuedJobs());
            }
            // `status` reports them, for a user to look at
            String printed = statusPrinted(gateway, listen, List.of());
            assertTrue(printed.contains(stages.size() + " message(s) in the broker's dead-letter queue mediagate.dead"), printed);
            assertEquals(stages.size(), status(gateway, listen).path("deadLetters").asInt(), "status --json");
            assertFalse(Files.exists(gateway.failed("opensearch")) || Files.exists(gateway.failed("pai")), "no job failed because of them");
            // the log says it in a line a user can act on, not as an error handler failing on it ("Exception occurred
            // while trying to handle previously thrown exception", two stack traces per delivery) nor as an ERROR with
            // the message's route history and a stack trace per try
            String text = log.text();
            assertFalse(text.contains("FatalFallbackErrorHandler") || text.contains("previously thrown exception"), text);
            assertFalse(text.lines().anyMatch(line -> line.contains(" ERROR ")), text);
            assertFalse(text.contains("\tat io.mediagate."), "no stack trace: " + text);
            for (String stage : stages) {
                assertTrue(text.contains("A message on the " + stage + " queue is not a job"), stage + ": " + text);
            }
            assertTrue(text.contains("A housekeeping message without a fire id (_AMQ_DUPL_ID) is ignored: reconcile"), text);
        }
    }

    @Test
    void a_video_of_a_batch_whose_envelope_cannot_be_written_waits_alone_and_keeps_its_own_result() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        try (RunningGateway gateway = startGivingUpQuickly(listen, Map.of("mediagate.pai.batch.window", "3s"))) {
            // the envelope of stuck.mp4 needs this path as a folder
            Files.createDirectories(gateway.outbox("pai/video-qa"));
            Path obstacle = Files.writeString(gateway.outbox("pai/video-qa/blocked"), "not a folder");
            TestMedia.drop(gateway.inbox("pai/video-qa/blocked"), "stuck.mp4", TestMedia.mp4(0, 1000, 3000));
            TestMedia.drop(gateway.inbox("pai/video-qa"), "fine.mp4", TestMedia.mp4(0, 1000, 5000));

            JsonNode fine = awaitJson(gateway.outbox("pai/video-qa/fine.mp4.json"), LIMIT);
            assertEquals(2, fine.path("job").path("batch").path("size").asInt(), "both went in one call: " + fine);
            await("the other video's original in done/", LIMIT, () -> Files.exists(gateway.done("pai/video-qa/fine.mp4")));
            BlockedDeliveries blocked = gateway.context().getRegistry().lookupByNameAndType("blockedDeliveries", BlockedDeliveries.class);
            await("stuck.mp4 refused more often than mediagate.broker.max-deliveries (3)", LIMIT,
                    () -> blocked.blocked().values().stream().anyMatch(b -> b.tries() > 4));
            assertFalse(Files.exists(gateway.failed("pai")), "not failed for the disk");

            Files.delete(obstacle);

            JsonNode stuck = awaitJson(gateway.outbox("pai/video-qa/blocked/stuck.mp4.json"), LIMIT);
            assertEquals(3.0, stuck.path("result").path("Result").path("duration").asDouble(), "its own (billed) answer: " + stuck);
            assertEquals(fine.path("vendor").path("taskId"), stuck.path("vendor").path("taskId"), "from the same call");
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


    /**
     * A gateway that gives a job up after 3 deliveries, 100 ms apart at first, and tries a delivery the disk refuses
     * again after 100 ms to 400 ms, with its broker reachable at {@code listen}.
     */
    private RunningGateway startGivingUpQuickly(String listen) throws InterruptedException {
        return startGivingUpQuickly(listen, Map.of());
    }

    private RunningGateway startGivingUpQuickly(String listen, Map<String, String> more) throws InterruptedException {
        Map<String, String> settings = BrokerLogin.listening(listen);
        settings.putAll(Map.of(
                "mediagate.broker.max-deliveries", "3",
                "mediagate.broker.redelivery-delay", "100ms",
                "mediagate.deliver.disk-retry.first-delay", "100ms",
                "mediagate.deliver.disk-retry.max-interval", "400ms",
                "mediagate.sandbox.task-duration", "1s",
                "mediagate.pai.poll.first-delay", "500ms"));
        settings.putAll(more);
        return RunningGateway.start(data, settings);
    }
}
