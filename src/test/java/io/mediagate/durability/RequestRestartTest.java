package io.mediagate.durability;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A request whose gateway is killed between the request and the answer: the request was a job on the broker's journal,
 * so the restarted gateway finishes it without submitting it again and the answer waits on the client's queue.
 */
class RequestRestartTest extends OutlivingSandbox {

    @Override
    Map<String, String> sandboxSettings() {
        return Map.of("mediagate.sandbox.task-duration", "6s");
    }

    @Test
    void an_async_request_is_answered_after_the_gateway_was_killed_and_started_again() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        Map<String, String> settings = GatewayProcess.quickSettings();
        settings.putAll(BrokerLogin.listening(listen));
        GatewayProcess first = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), settings);
        try {
            CrashAndRestartTest.await("the first gateway's broker listening", Duration.ofSeconds(60), () -> send(listen));
            // killed once the task is being polled (the submit committed): a kill right after the submit call and
            // before its commit submits again, flagged possibleDuplicateSubmission (CrashAndRestartTest covers that)
            CrashAndRestartTest.await("the analysis task created and polled", Duration.ofSeconds(60),
                    () -> control.calls("opensearch", "ops-image-analyze-vlm-001") >= 2);
        } finally {
            first.kill();
        }
        GatewayProcess second = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), settings);
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen + "?initialConnectAttempts=60&retryInterval=500",
                BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer answers = session.createConsumer(session.createQueue("mediagate.replies.client"), "JMSCorrelationID = 'restart-1'");
            Message answer = answers.receive(60_000);
            assertNotNull(answer, "the answer after the restart:\n" + second.tail());
            JsonNode json = Json.readOrNull(((TextMessage) answer).getText());
            assertEquals("succeeded", json.path("status").asText(), json.toString());
            assertEquals("SUCCESS", json.path("result").path("status").asText(), json.toString());
            assertEquals(1, control.events("opensearch", "tasks-created"), "the task was polled again, not submitted again");
        } finally {
            second.stop();
        }
    }

    /** Sends the request once the broker takes connections; false while it does not yet. */
    private static boolean send(String listen) {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage request = session.createTextMessage("{\"requestId\": \"restart-1\", \"vendor\": \"opensearch\","
                    + " \"operation\": \"image-analyze\", \"media\": {\"name\": \"scene.png\", \"base64\": \""
                    + Base64.getEncoder().encodeToString(TestMedia.image("png", 48, 32)) + "\"}}");
            request.setJMSCorrelationID("restart-1");
            request.setJMSReplyTo(session.createQueue("mediagate.replies.client"));
            session.createProducer(session.createQueue("mediagate.requests")).send(request);
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }
}
