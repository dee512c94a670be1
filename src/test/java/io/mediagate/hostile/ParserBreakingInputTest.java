package io.mediagate.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.status.BrokerStatus;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.TestMedia.dropByRename;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs made to break the JSON parser or what follows it — nesting 10 000 levels deep, a 20 MB string, more than
 * 15 MB of base64, a URL with a space, bytes that are not UTF-8 — as queue requests and as job files: each gets a
 * {@code rejected} answer or an {@code input} error record, nothing goes to the dead-letter queue, and the gateway goes on.
 */
class ParserBreakingInputTest {

    private static final long WAIT = 60_000;
    private static final String TARGET = "\"vendor\": \"opensearch\", \"operation\": \"object-detect\"";

    /** How long the gateway gets for each outcome (as AttackedGateway gave it). */
    private static final Duration LIMIT = Duration.ofSeconds(60);

    static String listen;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        listen = "tcp://127.0.0.1:" + Ports.free();
        return BrokerLogin.listening(listen);
    });

    static String deeplyNested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    static String longString(int characters) {
        return "\"" + "x".repeat(characters) + "\"";
    }

    static String base64Of(int bytes) {
        byte[] random = new byte[bytes];
        new java.util.Random(15).nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    /** Latin-1 bytes: {@code café} with a lone 0xE9, which no UTF-8 text holds. */
    static byte[] latin1(String json) {
        return json.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static JsonNode ask(Message request, Session session, Queue replies, String correlationId) throws Exception {
        request.setJMSCorrelationID(correlationId);
        request.setJMSReplyTo(replies);
        try (MessageConsumer answers = session.createConsumer(replies, "JMSCorrelationID = '" + correlationId + "'")) {
            session.createProducer(session.createQueue("mediagate.requests")).send(request);
            Message answer = answers.receive(WAIT);
            assertNotNull(answer, "an answer for " + correlationId);
            return Json.readOrNull(((TextMessage) answer).getText());
        }
    }

    private static void assertRejected(JsonNode answer, String what) {
        assertNotNull(answer, what);
        assertEquals("rejected", answer.path("status").asText(), what + ": " + abbreviated(answer));
        assertEquals("input", answer.path("kind").asText(), what + ": " + abbreviated(answer));
        assertTrue(answer.path("message").asText().length() < 2000, what + ": a short reason, not the input: " + abbreviated(answer));
    }

    private static String abbreviated(JsonNode node) {
        String text = String.valueOf(node);
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

    @Test
    void hostile_requests_are_rejected_with_an_answer_and_none_goes_to_the_dead_letter_queue() throws Exception {
        String url = "\"media\": {\"url\": \"http://127.0.0.1:1/cat.png\"}";
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replies = session.createTemporaryQueue();
            assertRejected(ask(session.createTextMessage("{" + TARGET + ", " + url + ", \"params\": {\"deep\": "
                    + deeplyNested(10_000) + "}}"), session, replies, "deep"), "10 000 levels of nesting");
            assertRejected(ask(session.createTextMessage("{" + TARGET + ", " + url + ", \"params\": {\"note\": "
                    + longString(20_000_001) + "}}"), session, replies, "long-string"), "a 20 MB string");
            assertRejected(ask(session.createTextMessage("{" + TARGET + ", \"media\": {\"name\": \"big.png\", \"base64\": \""
                    + base64Of(15_500_000) + "\"}}"), session, replies, "big-base64"), "15.5 MB of base64");
            assertRejected(ask(session.createTextMessage("{" + TARGET + ", \"media\": {\"url\": \"http://127.0.0.1:1/my cat.png\"}}"),
                    session, replies, "url-space"), "a URL with a space");
            assertRejected(ask(session.createTextMessage("{\"vendor\": \"ice\", \"operation\": \"cover\","
                    + " \"media\": {\"url\": \"http://127.0.0.1:1/my clip.mp4\"}}"), session, replies, "url-space-download"),
                    "a URL with a space, for a vendor the gateway downloads for");
            BytesMessage notUtf8 = session.createBytesMessage();
            notUtf8.writeBytes(latin1("{\"requestId\": \"café\", " + TARGET + ", " + url + "}"));
            assertRejected(ask(notUtf8, session, replies, "latin-1"), "a request that is not UTF-8");

            // still running: a good request gets its result
            JsonNode good = ask(session.createTextMessage("{" + TARGET + ", \"media\": {\"name\": \"cat.png\", \"base64\": \""
                    + Base64.getEncoder().encodeToString(TestMedia.image("png", 64, 40)) + "\"}}"), session, replies, "good");
            assertEquals("succeeded", good.path("status").asText(), abbreviated(good));
        }
        try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
            assertEquals(0, status.deadLetters(), "nothing in mediagate.dead");
        }
    }

    /** Set when the gateway deserializes a {@link Tripwire}: an object message's content must never be read as Java. */
    static final java.util.concurrent.atomic.AtomicBoolean DESERIALIZED = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stands in for a deserialization gadget: doing anything when it is read is already too much. */
    static final class Tripwire implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
            in.defaultReadObject();
            DESERIALIZED.set(true);
        }
    }

    /**
     * A request is JSON in a text or bytes message. A Java object message (whose reading is Java deserialization of
     * what a client sent), a map or a stream message, or one without a body gets a rejection saying so; before, the object
     * was deserialized, and a stream message failed its conversion and went unanswered.
     */
    @Test
    void a_request_that_is_no_text_or_bytes_message_is_rejected_unread() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replies = session.createTemporaryQueue();
            jakarta.jms.MapMessage map = session.createMapMessage();
            map.setString("vendor", "opensearch");
            jakarta.jms.StreamMessage stream = session.createStreamMessage();
            stream.writeString("{" + TARGET + "}");
            Map<String, Message> odd = Map.of("object", session.createObjectMessage(new Tripwire()), "map", map,
                    "stream", stream, "no-body", session.createMessage());
            for (Map.Entry<String, Message> request : odd.entrySet()) {
                JsonNode answer = ask(request.getValue(), session, replies, "odd-" + request.getKey());
                assertRejected(answer, request.getKey());
                assertTrue(answer.path("message").asText().contains("text or bytes message"), request.getKey() + ": " + answer);
            }
        }
        org.junit.jupiter.api.Assertions.assertFalse(DESERIALIZED.get(), "the object message was deserialized");
        try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
            assertEquals(0, status.deadLetters(), "nothing in mediagate.dead");
        }
    }

    @Test
    void hostile_job_files_end_with_an_input_error_record() throws Exception {
        Path folder = gateway.inbox("opensearch/object-detect/hostile");
        String url = "\"url\": \"http://127.0.0.1:1/cat.png\"";
        Map<String, byte[]> files = Map.of(
                "deep.job.json", ("{" + url + ", \"params\": {\"deep\": " + deeplyNested(10_000) + "}}").getBytes(StandardCharsets.UTF_8),
                "long-string.job.json", ("{" + url + ", \"params\": {\"note\": " + longString(20_000_001) + "}}").getBytes(StandardCharsets.UTF_8),
                "big-base64.job.json", ("{" + url + ", \"params\": {\"image\": \"" + base64Of(15_500_000) + "\"}}").getBytes(StandardCharsets.UTF_8),
                "url-space.job.json", "{\"url\": \"http://127.0.0.1:1/my cat.png\"}".getBytes(StandardCharsets.UTF_8),
                "latin-1.job.json", latin1("{" + url + ", \"params\": {\"note\": \"café\"}}"));
        files.forEach((name, content) -> dropByRename(folder, name, content));
        for (String name : files.keySet()) {
            Path record = gateway.failed("opensearch/object-detect/hostile/" + name + ".error.json");
            await("the error record of " + name, LIMIT, () -> Files.exists(record) && Files.exists(gateway.failed("opensearch/object-detect/hostile/" + name)));
            JsonNode error = Json.readOrNull(Files.readString(record));
            assertEquals("input", error.path("kind").asText(), name + ": " + abbreviated(error));
        }
        dropByRename(gateway.inbox("opensearch/object-detect"), "after.png", TestMedia.image("png", 65, 40));
        await("a good file still delivered", LIMIT, () -> Files.exists(gateway.outbox("opensearch/object-detect/after.png.json")));
        try (BrokerStatus status = new BrokerStatus(listen, BrokerLogin.USER, BrokerLogin.PASSWORD)) {
            assertEquals(0, status.deadLetters(), "nothing in mediagate.dead");
        }
    }
}
