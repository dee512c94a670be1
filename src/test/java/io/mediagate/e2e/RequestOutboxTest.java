package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** With mediagate.requests.write-outbox, a queue request's envelope is also written to outbox/ (the answer still goes out). */
class RequestOutboxTest {

    @TempDir
    Path data;

    @Test
    void the_answer_is_also_written_to_the_outbox_when_asked() throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        Map<String, String> settings = BrokerLogin.listening(listen);
        settings.put("mediagate.requests.write-outbox", "true");
        try (RunningGateway gateway = RunningGateway.start(data, settings);
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage request = session.createTextMessage("{\"requestId\": \"kept\", \"vendor\": \"opensearch\", \"operation\":"
                    + " \"object-detect\", \"media\": {\"name\": \"cat.jpg\", \"base64\": \""
                    + Base64.getEncoder().encodeToString(TestMedia.image("jpg", 60, 40)) + "\"}}");
            request.setJMSCorrelationID("kept-1");
            try (MessageConsumer answers = session.createConsumer(session.createQueue("mediagate.results"), "JMSCorrelationID = 'kept-1'")) {
                session.createProducer(session.createQueue("mediagate.requests")).send(request);
                Message answer = answers.receive(30_000);
                assertNotNull(answer);
                assertEquals("succeeded", Json.readOrNull(((TextMessage) answer).getText()).path("status").asText());
            }
            Path folder = gateway.outbox("opensearch/object-detect/requests");
            RunningGateway.await("the envelope in outbox/", Duration.ofSeconds(10), () -> envelopes(folder) == 1);
            try (Stream<Path> files = Files.list(folder)) {
                JsonNode envelope = Json.readOrNull(Files.readString(files.findFirst().orElseThrow()));
                assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
            }
            try (Stream<Path> done = Files.list(gateway.done("opensearch/object-detect/requests"))) {
                assertEquals(1, done.count(), "the request's media kept in done/ like a dropped file");
            }
        }
    }

    private static long envelopes(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        } catch (java.io.IOException notYet) {
            return 0;
        }
    }
}
