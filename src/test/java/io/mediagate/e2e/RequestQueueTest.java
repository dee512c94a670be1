package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jobs sent as messages on mediagate.requests by plain JMS clients — Artemis Core and AMQP 1.0 (Qpid JMS) — and their
 * answers: the envelope on the request's JMSReplyTo (else mediagate.results) with the request's correlation id;
 * rejections with the reason; a request sent twice makes one job.
 */
class RequestQueueTest {

    private static final long WAIT = 30_000;

    static String listen;
    /** Serves url requests' media; the gateway downloads from loopback only what mediagate.download.allow names. */
    static io.mediagate.testsupport.LoopbackMedia media;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        media = new io.mediagate.testsupport.LoopbackMedia();
        listen = "tcp://127.0.0.1:" + Ports.free();
        Map<String, String> settings = BrokerLogin.listening(listen);
        // async tasks run long enough for a file dropped meanwhile to join the running job
        settings.put("mediagate.sandbox.task-duration", "4s");
        settings.put("mediagate.opensearch.poll.first-delay", "500ms");
        settings.put("mediagate.ice.poll.first-delay", "500ms");
        settings.put("mediagate.ice.poll.max-interval", "1s");
        settings.put("mediagate.requests.max-inline-bytes", "200000");
        // request senders over AMQP log in with the client account (requests and results only)
        settings.put("mediagate.broker.client-user", "requester");
        settings.put("mediagate.broker.client-password", "requester-secret");
        settings.put("mediagate.download.allow", media.authority());
        return settings;
    });

    @AfterAll
    static void stop() throws Exception {
        media.close();
    }

    private static Connection core() throws Exception {
        return new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD).createConnection();
    }

    private static Connection amqp() throws Exception {
        return new JmsConnectionFactory("requester", "requester-secret", "amqp://" + listen.substring("tcp://".length())).createConnection();
    }

    private static String imageRequest(String id, String vendor, String operation, int width) {
        return "{\"requestId\": \"" + id + "\", \"vendor\": \"" + vendor + "\", \"operation\": \"" + operation + "\","
                + " \"media\": {\"name\": \"cat.png\", \"base64\": \"" + Base64.getEncoder().encodeToString(TestMedia.image("png", width, 40)) + "\"}}";
    }

    /** Sends the request with a JMSReplyTo and correlation id, and waits for the answer there. */
    private static JsonNode ask(Connection connection, String body, String correlationId, Queue replyTo) throws Exception {
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage request = session.createTextMessage(body);
        request.setJMSCorrelationID(correlationId);
        if (replyTo != null) {
            request.setJMSReplyTo(replyTo);
        }
        try (MessageConsumer answers = session.createConsumer(replyTo != null ? replyTo : session.createQueue("mediagate.results"),
                "JMSCorrelationID = '" + correlationId + "'")) {
            session.createProducer(session.createQueue("mediagate.requests")).send(request);
            Message answer = answers.receive(WAIT);
            assertNotNull(answer, "an answer for " + correlationId);
            assertEquals(correlationId, answer.getJMSCorrelationID());
            return Json.readOrNull(((TextMessage) answer).getText());
        }
    }

    @Test
    void a_core_client_gets_a_sync_result_on_its_temporary_reply_queue() throws Exception {
        try (Connection connection = core()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JsonNode answer = ask(connection, imageRequest("detect-1", "opensearch", "object-detect", 64), "c-detect-1",
                    session.createTemporaryQueue());
            assertEquals("succeeded", answer.path("status").asText(), answer.toString());
            assertEquals("detect-1", answer.path("requestId").asText());
            assertEquals(64, answer.path("job").path("source").path("media").path("width").asInt(), "the inline image: " + answer);
            assertTrue(answer.path("result").isObject(), answer.toString());
        }
    }

    @Test
    void an_amqp_client_gets_an_async_result_on_its_named_reply_queue() throws Exception {
        try (Connection connection = amqp()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JsonNode answer = ask(connection, imageRequest("analyze-1", "opensearch", "image-analyze", 80), "c-analyze-1",
                    session.createQueue("mediagate.replies.client"));
            assertEquals("succeeded", answer.path("status").asText(), answer.toString());
            assertTrue(answer.path("job").path("polls").asInt() >= 1, "an async job, polled: " + answer);
            assertEquals("SUCCESS", answer.path("result").path("status").asText(), answer.toString());
        }
    }

    @Test
    void without_a_reply_to_the_answer_goes_to_the_results_queue_and_nothing_to_outbox() throws Exception {
        try (Connection connection = core()) {
            JsonNode answer = ask(connection, imageRequest("detect-2", "opensearch", "object-detect", 70), "c-detect-2", null);
            assertEquals("succeeded", answer.path("status").asText(), answer.toString());
        }
        assertFalse(java.nio.file.Files.exists(gateway.outbox("opensearch/object-detect/requests")), "answers only on the queue by default");
    }

    @Test
    void invalid_requests_are_answered_with_the_reason_and_kept_aside() throws Exception {
        try (Connection connection = core()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replies = session.createTemporaryQueue();
            JsonNode malformed = ask(connection, "{\"vendor\": \"opensearch\",", "c-bad-1", replies);
            assertEquals("rejected", malformed.path("status").asText(), malformed.toString());
            assertTrue(malformed.path("message").asText().contains("not valid JSON"), malformed.toString());
            JsonNode unknown = ask(connection, imageRequest("x-1", "nosuchvendor", "object-detect", 50), "c-bad-2", replies);
            assertTrue(unknown.path("message").asText().contains("unknown vendor"), unknown.toString());
            byte[] big = new byte[250_000];
            new java.util.Random(7).nextBytes(big);
            JsonNode oversize = ask(connection, "{\"vendor\": \"opensearch\", \"operation\": \"object-detect\", \"media\":"
                    + " {\"name\": \"big.png\", \"base64\": \"" + Base64.getEncoder().encodeToString(big) + "\"}}", "c-bad-3", replies);
            assertTrue(oversize.path("message").asText().contains("max-inline-bytes"), oversize.toString());
            JsonNode noMedia = ask(connection, "{\"vendor\": \"opensearch\", \"operation\": \"object-detect\"}", "c-bad-4", replies);
            assertTrue(noMedia.path("message").asText().contains("'media'"), noMedia.toString());
            JsonNode noOperation = ask(connection, imageRequest("x-3", "opensearch", "no-such-operation", 50), "c-bad-5", replies);
            assertTrue(noOperation.path("message").asText().contains("unknown operation"), noOperation.toString());
            // a data URI pasted whole: refused as what it is, not as "not a readable image"
            JsonNode dataUri = ask(connection, "{\"requestId\": \"x-4\", \"vendor\": \"opensearch\", \"operation\": \"object-detect\","
                    + " \"media\": {\"name\": \"cat.png\", \"base64\": \"data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(TestMedia.image("png", 50, 40)) + "\"}}", "c-bad-6", replies);
            assertEquals("rejected", dataUri.path("status").asText(), dataUri.toString());
            assertTrue(dataUri.path("message").asText().contains("data: header"), dataUri.toString());

            connection.start();
            MessageConsumer dead = session.createConsumer(session.createQueue("mediagate.requests.dead"), "JMSCorrelationID IS NULL");
            int kept = 0;
            for (Message m = dead.receive(5000); m != null; m = dead.receive(1000)) {
                assertNotNull(m.getStringProperty("MediagateRejection"), "kept with its reason");
                kept++;
            }
            assertEquals(6, kept, "each rejected request kept aside");
        }
    }

    @Test
    void the_same_request_sent_twice_makes_one_job() throws Exception {
        long before = gateway.sandbox().control().calls(OpenSearchEmulator.VENDOR, "ops-object-detect-face-001");
        String request = imageRequest("face-1", "opensearch", "face-detect", 90);
        try (Connection connection = core()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replies = session.createTemporaryQueue();
            JsonNode first = ask(connection, request, "c-face-1", replies);
            assertEquals("succeeded", first.path("status").asText(), first.toString());
            JsonNode second = ask(connection, request, "c-face-1", replies);
            assertEquals("duplicate", second.path("status").asText(), second.toString());
        }
        assertEquals(before + 1, gateway.sandbox().control().calls(OpenSearchEmulator.VENDOR, "ops-object-detect-face-001"),
                "one vendor call for the two requests");
    }

    @Test
    void a_request_for_media_already_in_work_is_told_so_and_a_dropped_file_joining_a_request_job_gets_its_envelope() throws Exception {
        byte[] image = TestMedia.image("png", 77, 41);
        String media = "\"media\": {\"name\": \"scene.png\", \"base64\": \"" + Base64.getEncoder().encodeToString(image) + "\"}";
        try (Connection connection = core()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replies = session.createQueue("mediagate.replies.client-busy");
            for (String id : new String[]{"first", "second"}) {
                TextMessage request = session.createTextMessage("{\"requestId\": \"" + id + "\", \"vendor\": \"opensearch\","
                        + " \"operation\": \"image-analyze\", " + media + "}");
                request.setJMSCorrelationID("busy-" + id);
                request.setJMSReplyTo(replies);
                session.createProducer(session.createQueue("mediagate.requests")).send(request);
            }
            // the same picture dropped as a file while the first request's job runs
            TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "same.png", image);
            // two request consumers take them at once: whichever files its job first runs it, the other is told so
            try (MessageConsumer answers = session.createConsumer(replies)) {
                java.util.Map<String, JsonNode> byStatus = new java.util.HashMap<>();
                for (int i = 0; i < 2; i++) {
                    Message m = answers.receive(WAIT);
                    assertNotNull(m, "both requests answered");
                    JsonNode answer = Json.readOrNull(((TextMessage) m).getText());
                    byStatus.put(answer.path("status").asText(), answer);
                }
                assertTrue(byStatus.containsKey("succeeded"), byStatus.toString());
                assertTrue(byStatus.get("duplicate").path("message").asText().contains("being processed right now"), byStatus.toString());
            }
        }
        RunningGateway.await("the dropped file's own envelope", java.time.Duration.ofSeconds(30),
                () -> java.nio.file.Files.exists(gateway.outbox("opensearch/image-analyze/same.png.json")));
        RunningGateway.awaitFile(gateway.done("opensearch/image-analyze/same.png"), "the user's file kept in done/");
    }

    @Test
    void a_url_for_a_vendor_that_reads_only_oss_is_downloaded_and_staged_like_a_dropped_file() throws Exception {
        String url = media.serve("launch.mp4", TestMedia.mp4(0, 1000, 3000));
        try (Connection connection = core()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JsonNode answer = ask(connection, "{\"requestId\": \"cover-1\", \"vendor\": \"ice\", \"operation\": \"cover\","
                    + " \"media\": {\"url\": \"" + url + "\"}}",
                    "c-cover-1", session.createTemporaryQueue());
            assertEquals("succeeded", answer.path("status").asText(), answer.toString());
            assertTrue(answer.path("artifacts").size() >= 1, "ICE's cover named in the answer: " + answer);
            String file = answer.path("artifacts").get(0).path("file").asText();
            RunningGateway.await("the cover in outbox/", java.time.Duration.ofSeconds(10), () ->
                    java.nio.file.Files.exists(gateway.outbox("ice/cover/requests").resolve(file)));
        }
    }
}
