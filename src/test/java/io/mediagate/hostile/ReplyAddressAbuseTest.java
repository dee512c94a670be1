package io.mediagate.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.json.Json;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request's JMSReplyTo is chosen by whoever sends the request, and the gateway answers with its own broker account,
 * which may write everywhere. A client must not be able to use that to write into the gateway's own queues, and a reply
 * address the broker cannot deliver to must not cost the job its (paid-for) result.
 */
class ReplyAddressAbuseTest {

    private static final long WAIT = 30_000;
    private static final String CLIENT_USER = "requester";
    private static final String CLIENT_PASSWORD = "requester-secret";
    /** Where the broker copies every answer (a message with MediagateStatus) that reaches one of the gateway's queues. */
    private static final String STRAY_ANSWERS = "hostile.stray-answers";
    private static final String[] GATEWAY_QUEUES = {"mediagate.submit", "mediagate.deliver", "mediagate.gather",
            "mediagate.poll", "mediagate.requests"};
    /** Each request its own image, so that no two requests are the same media (a second one would be a duplicate). */
    private static final AtomicInteger WIDTH = new AtomicInteger(40);

    @TempDir
    static Path data;
    static RunningGateway gateway;
    static String listen;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        port = Ports.free();
        listen = "tcp://127.0.0.1:" + port;
        Map<String, String> settings = new HashMap<>(BrokerLogin.listening(listen));
        settings.put("mediagate.broker.client-user", CLIENT_USER);
        settings.put("mediagate.broker.client-password", CLIENT_PASSWORD);
        gateway = RunningGateway.start(data, settings);
        // a non-exclusive divert per gateway queue copies any answer sent there to STRAY_ANSWERS (the gateway still
        // gets the original): what the stage itself would have been handed
        try (Connection connection = gatewayAccount()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(STRAY_ANSWERS)).close();
            for (String queue : GATEWAY_QUEUES) {
                manage(session, ResourceNames.BROKER, "createDivert", "stray-answers-" + queue, "stray-answers-" + queue,
                        queue, STRAY_ANSWERS, false, "MediagateStatus IS NOT NULL", null);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
    }

    private static Connection gatewayAccount() throws Exception {
        return new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD).createConnection();
    }

    private static Connection clientAccount() throws Exception {
        return new ActiveMQConnectionFactory(listen, CLIENT_USER, CLIENT_PASSWORD).createConnection();
    }

    private static Connection clientOverAmqp() throws Exception {
        return new JmsConnectionFactory(CLIENT_USER, CLIENT_PASSWORD, "amqp://127.0.0.1:" + port).createConnection();
    }

    private static String imageRequest(String id) {
        return "{\"requestId\": \"" + id + "\", \"vendor\": \"opensearch\", \"operation\": \"object-detect\", \"media\":"
                + " {\"name\": \"cat.png\", \"base64\": \"" + Base64.getEncoder().encodeToString(
                TestMedia.image("png", WIDTH.incrementAndGet(), 40)) + "\"}}";
    }

    /** Sends a request with this JMSReplyTo and waits for its answer where it is expected. */
    private static JsonNode ask(Connection connection, String correlationId, Queue replyTo, Queue answeredOn) throws Exception {
        JsonNode answer = answerOrNull(connection, correlationId, replyTo, answeredOn);
        assertNotNull(answer, "an answer for " + correlationId + " on " + answeredOn.getQueueName());
        return answer;
    }

    /** Sends a request with this JMSReplyTo and waits for its answer where it is expected; null if none came. */
    private static JsonNode answerOrNull(Connection connection, String correlationId, Queue replyTo, Queue answeredOn) throws Exception {
        Message answer = answerMessage(connection, correlationId, imageRequest(correlationId), replyTo, answeredOn);
        return answer == null ? null : Json.readOrNull(((TextMessage) answer).getText());
    }

    /** Sends this request text with this JMSReplyTo and waits for its answer message where it is expected; null if none came. */
    private static Message answerMessage(Connection connection, String correlationId, String requestText, Queue replyTo,
                                         Queue answeredOn) throws Exception {
        connection.start();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        TextMessage request = session.createTextMessage(requestText);
        request.setJMSCorrelationID(correlationId);
        request.setJMSReplyTo(replyTo);
        try (MessageConsumer answers = session.createConsumer(answeredOn, "JMSCorrelationID = '" + correlationId + "'")) {
            session.createProducer(session.createQueue("mediagate.requests")).send(request);
            Message answer = answers.receive(WAIT);
            if (answer != null) {
                assertEquals(correlationId, answer.getJMSCorrelationID());
            }
            return answer;
        }
    }

    private static Object manage(Session session, String resource, String operation, Object... arguments) throws Exception {
        try (MessageProducer producer = session.createProducer(session.createQueue("activemq.management"))) {
            Queue replies = session.createTemporaryQueue();
            try (MessageConsumer consumer = session.createConsumer(replies)) {
                Message request = session.createMessage();
                request.setJMSReplyTo(replies);
                JMSManagementHelper.putOperationInvocation(request, resource, operation, arguments);
                producer.send(request);
                Message answer = consumer.receive(WAIT);
                assertNotNull(answer, "the broker answers " + operation);
                assertTrue(JMSManagementHelper.hasOperationSucceeded(answer), operation + ": " + JMSManagementHelper.getResult(answer));
                return JMSManagementHelper.getResult(answer);
            }
        }
    }

    /** The answers that reached one of the gateway's own queues so far (taken off the copy queue). */
    private static java.util.List<String> strayAnswers() throws Exception {
        java.util.List<String> stray = new java.util.ArrayList<>();
        try (Connection connection = gatewayAccount()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(STRAY_ANSWERS))) {
                // Core's receiveNoWait asks the broker and waits for its reply: an empty queue really is empty
                for (Message m = consumer.receiveNoWait(); m != null; m = consumer.receiveNoWait()) {
                    stray.add(m.getStringProperty("MediagateStatus") + " " + m.getJMSCorrelationID());
                }
            }
        }
        return stray;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mediagate.submit", "mediagate.deliver", "mediagate.gather", "mediagate.poll", "mediagate.requests",
            "other-app.orders", "mediagate.replies.x::mediagate.submit"})
    void a_reply_to_outside_the_clients_own_queues_is_refused_and_the_answer_goes_to_the_results_queue(String target) throws Exception {
        String correlationId = "hostile-" + target.replaceAll("[^a-z]", "-");
        try (Connection connection = clientAccount()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JsonNode answer = answerOrNull(connection, correlationId, session.createQueue(target), session.createQueue("mediagate.results"));
            assertEquals(java.util.List.of(), strayAnswers(), "no answer reached a queue of the gateway");
            assertNotNull(answer, "the answer on mediagate.results");
            // the job itself ran as any other
            assertEquals("succeeded", answer.path("status").asText(), answer.toString());
            assertTrue(answer.path("result").isObject(), "the vendor's result: " + answer);
            assertTrue(answer.path("replyToRefused").asText().contains(target), "the answer says which reply address was refused: " + answer);
        }
    }

    @Test
    void a_rejection_or_a_duplicate_is_never_answered_to_a_refused_reply_to_either() throws Exception {
        try (Connection connection = clientAccount()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue results = session.createQueue("mediagate.results");

            Message rejected = answerMessage(connection, "rejected-to-submit",
                    "{\"requestId\": \"no-media\", \"vendor\": \"opensearch\", \"operation\": \"object-detect\"}",
                    session.createQueue("mediagate.submit"), results);
            assertNotNull(rejected, "the rejection on mediagate.results");
            assertEquals("rejected", rejected.getStringProperty("MediagateStatus"));
            JsonNode rejection = Json.readOrNull(((TextMessage) rejected).getText());
            assertTrue(rejection.path("replyToRefused").asText().contains("mediagate.submit"), rejection.toString());

            String request = imageRequest("sent-twice");
            Queue own = session.createQueue("mediagate.replies.twice");
            Message first = answerMessage(connection, "twice-first", request, own, own);
            assertNotNull(first, "the first one's answer on its own reply queue");
            assertEquals("succeeded", first.getStringProperty("MediagateStatus"));
            Message again = answerMessage(connection, "twice-again", request, session.createQueue("mediagate.deliver"), results);
            assertNotNull(again, "the duplicate answer on mediagate.results");
            assertEquals("duplicate", again.getStringProperty("MediagateStatus"));
            JsonNode duplicate = Json.readOrNull(((TextMessage) again).getText());
            assertTrue(duplicate.path("replyToRefused").asText().contains("mediagate.deliver"), duplicate.toString());
        }
        assertEquals(java.util.List.of(), strayAnswers(), "no answer reached a queue of the gateway");
    }

    @Test
    void a_topic_as_reply_to_is_refused_and_the_answer_says_so() throws Exception {
        try (Connection connection = clientAccount()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage request = session.createTextMessage(imageRequest("to-a-topic"));
            request.setJMSCorrelationID("to-a-topic");
            request.setJMSReplyTo(session.createTopic("mediagate.replies.news"));
            try (MessageConsumer answers = session.createConsumer(session.createQueue("mediagate.results"), "JMSCorrelationID = 'to-a-topic'")) {
                session.createProducer(session.createQueue("mediagate.requests")).send(request);
                Message answer = answers.receive(WAIT);
                assertNotNull(answer, "the answer on mediagate.results");
                JsonNode body = Json.readOrNull(((TextMessage) answer).getText());
                assertEquals("succeeded", body.path("status").asText(), body.toString());
                assertTrue(body.path("replyToRefused").asText().contains("topic://mediagate.replies.news"), body.toString());
            }
        }
    }

    @Test
    void the_clients_own_reply_queues_are_answered_directly() throws Exception {
        try (Connection connection = clientOverAmqp()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue temporary = session.createTemporaryQueue();
            JsonNode onTemporary = ask(connection, "own-temporary", temporary, temporary);
            assertEquals("succeeded", onTemporary.path("status").asText(), onTemporary.toString());
            assertTrue(onTemporary.path("replyToRefused").isMissingNode(), onTemporary.toString());
            Queue named = session.createQueue("mediagate.replies.my-app");
            JsonNode onNamed = ask(connection, "own-named", named, named);
            assertEquals("succeeded", onNamed.path("status").asText(), onNamed.toString());
            assertTrue(onNamed.path("replyToRefused").isMissingNode(), onNamed.toString());
        }
        try (Connection connection = clientAccount()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue temporary = session.createTemporaryQueue();
            JsonNode onTemporary = ask(connection, "own-core-temporary", temporary, temporary);
            assertEquals("succeeded", onTemporary.path("status").asText(), onTemporary.toString());
        }
        assertEquals(java.util.List.of(), strayAnswers());
    }

    @Test
    void a_reply_address_the_broker_cannot_deliver_to_costs_the_job_nothing() throws Exception {
        try (Connection gatewaySide = gatewayAccount(); Connection connection = clientAccount()) {
            gatewaySide.start();
            // an address of the reply namespace that is a topic (multicast): a send to it as a queue fails
            Session topicSession = gatewaySide.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer subscriber = topicSession.createConsumer(topicSession.createTopic("mediagate.replies.fan-out"));
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JsonNode answer = ask(connection, "undeliverable", session.createQueue("mediagate.replies.fan-out"),
                    session.createQueue("mediagate.results"));
            assertEquals("succeeded", answer.path("status").asText(), "the vendor's success is kept: " + answer);
            assertTrue(answer.path("result").isObject(), answer.toString());
            assertTrue(answer.path("replyToRefused").asText().contains("mediagate.replies.fan-out"), answer.toString());
            // the delivery committed with this answer: no job is left on the deliver queue to be tried (and answered) again
            Session management = gatewaySide.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertEquals(0L, ((Number) manage(management, ResourceNames.QUEUE + "mediagate.deliver", "countMessages")).longValue(),
                    "nothing waits on the deliver queue");
            try (MessageConsumer again = session.createConsumer(session.createQueue("mediagate.results"), "JMSCorrelationID = 'undeliverable'")) {
                assertNull(again.receiveNoWait(), "answered once");
            }
            subscriber.close();
        }
    }

    @Test
    void a_plain_amqp_receiver_without_capabilities_gets_its_answer_on_its_reply_queue() throws Exception {
        try (PlainAmqpClient client = new PlainAmqpClient("127.0.0.1", port, CLIENT_USER, CLIENT_PASSWORD,
                "mediagate.replies.plain-client", "mediagate.requests")) {
            client.send(imageRequest("plain-1"), "mediagate.replies.plain-client", "plain-1");
            org.apache.qpid.proton.message.Message answer = client.receive(WAIT);
            assertNotNull(answer, "the answer on the plain client's reply queue");
            assertEquals("plain-1", String.valueOf(answer.getCorrelationId()));
            JsonNode body = Json.readOrNull((String) ((AmqpValue) answer.getBody()).getValue());
            assertEquals("succeeded", body.path("status").asText(), String.valueOf(body));
            assertTrue(body.path("replyToRefused").isMissingNode(), String.valueOf(body));
        }
    }
}
