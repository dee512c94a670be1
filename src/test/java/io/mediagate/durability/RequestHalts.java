package io.mediagate.durability;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.flow.CrashPoints;
import io.mediagate.json.Json;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the tests of a gateway halted while a queue request's transaction is open share: four requests sent, the
 * gateway halted at a crash point, started again, and every request's answers collected.
 */
abstract class RequestHalts extends OutlivingSandbox {

    private static final int REQUESTS = 4;
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Override
    Map<String, String> sandboxSettings() {
        return Map.of();
    }

    /**
     * @param reconciledFirst a gateway that takes no requests runs between the halt and the restart: its start-up
     *                        reconciliation sends the filed job on and it is delivered before the request comes again
     */
    void haltAndRestart(String point, boolean reconciledFirst) throws Exception {
        String listen = "tcp://127.0.0.1:" + Ports.free();
        Map<String, String> settings = new HashMap<>(GatewayProcess.quickSettings());
        settings.putAll(BrokerLogin.listening(listen));
        Map<String, String> halting = new HashMap<>(settings);
        halting.put("mediagate.test.halt-at", point);

        GatewayProcess first = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), halting);
        CrashAndRestartTest.await("the requests sent", LIMIT, () -> sendRequests(listen));
        assertEquals(CrashPoints.HALT_STATUS, first.awaitExit(120), "the gateway halts at " + point + ":\n" + first.tail());

        String reconciled = "";
        if (reconciledFirst) {
            Map<String, String> noRequests = new HashMap<>(settings);
            noRequests.put("mediagate.endpoint.requests", "jms:queue:mediagate.requests.paused?transacted=true");
            noRequests.put("mediagate.reconcile.grace", "0s");
            GatewayProcess reconciling = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), noRequests);
            CrashAndRestartTest.await("the filed job delivered by reconciliation", LIMIT, this::noLiveJobs);
            reconciling.stop();
            reconciled = "\nthe reconciling gateway's log:\n" + reconciling.tail();
        }

        GatewayProcess second = GatewayProcess.start(data, sandbox.baseUrl("opensearch"), settings);
        try {
            Map<String, List<JsonNode>> answers = collectAnswers(listen);
            String context = "halted at " + point + (reconciledFirst ? ", reconciled first" : "") + "\n" + second.tail() + reconciled;
            for (int i = 1; i <= REQUESTS; i++) {
                List<JsonNode> mine = answers.getOrDefault("crash-" + i, List.of());
                assertEquals(1, mine.size(), "exactly one answer for crash-" + i + ": " + mine + "\n" + context);
                assertEquals("succeeded", mine.get(0).path("status").asText(), mine.get(0) + "\n" + context);
            }
            Set<String> servedTwice = sandbox.emulator("opensearch", OpenSearchEmulator.class).mediaServedMoreThanOnce();
            assertTrue(servedTwice.isEmpty(), "no request's media sent to the vendor twice: " + servedTwice + "\n" + context);
        } finally {
            second.stop();
        }
    }

    private static boolean sendRequests(String listen) {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("mediagate.requests"));
            for (int i = 1; i <= REQUESTS; i++) {
                TextMessage request = session.createTextMessage("{\"requestId\": \"crash-" + i + "\", \"vendor\": \"opensearch\","
                        + " \"operation\": \"object-detect\", \"media\": {\"name\": \"pic" + i + ".png\", \"base64\": \""
                        + Base64.getEncoder().encodeToString(TestMedia.image("png", 40 + i, 30)) + "\"}}");
                request.setJMSCorrelationID("crash-" + i);
                request.setJMSReplyTo(session.createQueue("mediagate.replies.crash-test"));
                producer.send(request);
            }
            session.commit();
            return true;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** Every answer on the client's queue, by correlation id: waits for one per request, then for any extra. */
    private static Map<String, List<JsonNode>> collectAnswers(String listen) throws Exception {
        Map<String, List<JsonNode>> answers = new HashMap<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen + "?initialConnectAttempts=60&retryInterval=500",
                BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("mediagate.replies.crash-test"));
            long deadline = System.currentTimeMillis() + LIMIT.toMillis();
            int received = 0;
            while (System.currentTimeMillis() < deadline) {
                // once every request has an answer, a second answer (a second job's) would follow within seconds
                Message answer = consumer.receive(received >= REQUESTS ? 5_000 : 1_000);
                if (answer == null) {
                    if (received >= REQUESTS) {
                        break;
                    }
                    continue;
                }
                received++;
                answers.computeIfAbsent(answer.getJMSCorrelationID(), k -> new ArrayList<>())
                        .add(Json.readOrNull(((TextMessage) answer).getText()));
            }
        }
        return answers;
    }

    /** No job folder left in the work area, live or being delivered (other dot folders hold memories). */
    private boolean noLiveJobs() {
        Path work = data.resolve("work");
        try (Stream<Path> entries = Files.list(work);
             Stream<Path> delivering = Files.isDirectory(work.resolve(".delivering")) ? Files.list(work.resolve(".delivering")) : Stream.empty()) {
            return delivering.findAny().isEmpty()
                    && entries.noneMatch(p -> Files.isDirectory(p) && !p.getFileName().toString().startsWith("."));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
