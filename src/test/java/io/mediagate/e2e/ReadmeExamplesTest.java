package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every job file and queue request the README shows is run against the sandbox, taken from the README's own text
 * ({@link ReadmeExamples}), and must succeed. The few placeholders a reader replaces are filled in the same way for
 * every example: {@code …} in a URL becomes {@code example.com} (the sandbox's vendors take other hosts as readable),
 * an elided {@code base64} becomes a real image, the bucket {@code my-bucket} becomes the sandbox's bucket, and an
 * object an example names in OSS is put there first.
 */
class ReadmeExamplesTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String README_BUCKET = "my-bucket";
    private static final String CLIENT_USER = "readme-client";
    private static final String CLIENT_PASSWORD = "readme-client-secret";

    @TempDir
    static Path data;
    static RunningGateway gateway;
    static String listen;
    static ReadmeExamples readme;

    @BeforeAll
    static void start() throws Exception {
        readme = ReadmeExamples.read(Path.of("README.md"));
        listen = "tcp://127.0.0.1:" + Ports.free();
        Map<String, String> settings = BrokerLogin.listening(listen);
        settings.put("mediagate.sandbox.task-duration", "1s");
        settings.put("mediagate.broker.client-user", CLIENT_USER);
        settings.put("mediagate.broker.client-password", CLIENT_PASSWORD);
        for (String vendor : new String[] {"opensearch", "pai", "ice", "bailian"}) {
            settings.put("mediagate." + vendor + ".poll.first-delay", "300ms");
            settings.put("mediagate." + vendor + ".poll.max-interval", "1s");
        }
        settings.put("mediagate.opensearch.video-summarize.poll.first-delay", "300ms");
        settings.put("mediagate.opensearch.video-segment.poll.first-delay", "300ms");
        gateway = RunningGateway.start(data, settings);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void every_job_file_and_request_in_the_readme_is_marked_as_an_example() {
        assertTrue(readme.unmarked().isEmpty(), "JSON blocks that look like a job file or request but are not run by this test "
                + "(put <!-- example: inbox/<vendor>/<operation>/<name>.job.json --> or <!-- example: request --> before them): "
                + readme.unmarked());
        assertTrue(readme.all().stream().anyMatch(ReadmeExamples.Example::isRequest), "the README's request example is found");
        assertTrue(readme.all().size() >= 4, "the README's examples are found: " + readme.all());
    }

    @TestFactory
    Stream<DynamicTest> every_readme_example_succeeds_against_the_sandbox() {
        return readme.all().stream().filter(example -> !example.isCamelSender()).map(example -> DynamicTest.dynamicTest(example.toString(), () -> {
            JsonNode json = Json.readOrNull(example.text());
            assertNotNull(json, "the example is valid JSON: " + example.text());
            ObjectNode filled = (ObjectNode) fillPlaceholders(json.deepCopy());
            if (example.isRequest()) {
                JsonNode answer = ask(filled);
                assertEquals("succeeded", answer.path("status").asText(), example + " → " + answer);
            } else {
                JsonNode envelope = dropAndAwait(example, filled);
                assertEquals("succeeded", envelope.path("status").asText(), example + " → " + envelope);
            }
        }));
    }

    /**
     * The README's Camel YAML sender, run as written in a Camel application of its own (camel-jms on the gateway's
     * broker with the client account), but for its {@code file:photos} folder, which is a temporary one here: a photo
     * put there is sent as a request and its answer is read by the README's second route.
     */
    @Test
    void the_readmes_camel_routes_send_a_photo_and_read_its_answer(@TempDir Path photos) throws Exception {
        ReadmeExamples.Example sender = readme.all().stream().filter(ReadmeExamples.Example::isCamelSender).findFirst()
                .orElseThrow(() -> new AssertionError("the README's Camel sender (<!-- example: camel-sender -->) is found"));
        assertTrue(sender.text().contains("\"file:photos\""), "the sender reads the folder photos: " + sender.text());
        String routes = sender.text().replace("\"file:photos\"", "\"file:" + photos.toAbsolutePath() + "\"");
        List<Exchange> answers = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            JmsComponent jms = new JmsComponent();
            jms.setConnectionFactory(new ActiveMQConnectionFactory(listen, CLIENT_USER, CLIENT_PASSWORD));
            camel.addComponent("jms", jms);
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("readme-sender.camel.yaml", routes));
            // what the README's second route reads, seen as it finishes with each answer
            NotifyBuilder answered = new NotifyBuilder(camel).fromRoute("read-mediagate-answers")
                    .filter(exchange -> answers.add(exchange.copy())).whenDone(1).create();
            camel.start();
            TestMedia.drop(photos, "readme-cat.jpg", TestMedia.image("jpg", 320, 240));
            assertTrue(answered.matches(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS),
                    "the answer is read by route read-mediagate-answers");
        }
        Exchange answer = answers.get(0);
        assertEquals("readme-cat.jpg", answer.getMessage().getHeader("JMSCorrelationID"));
        assertEquals("succeeded", answer.getMessage().getHeader("MediagateStatus"), answer.getMessage().getBody(String.class));
        assertEquals(320, Json.readOrNull(answer.getMessage().getBody(String.class)).path("job").path("source").path("media").path("width").asInt());
    }

    /** Replaces the reader's placeholders; puts the OSS objects an example names into the sandbox's bucket. */
    private static JsonNode fillPlaceholders(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = field.getValue();
                if (field.getKey().equals("base64") && value.isTextual() && value.asText().contains("…")) {
                    object.put("base64", Base64.getEncoder().encodeToString(TestMedia.image("jpg", 320, 240)));
                } else if (value.isTextual()) {
                    object.put(field.getKey(), fillText(field.getKey(), value.asText()));
                } else {
                    object.set(field.getKey(), fillPlaceholders(value));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode element = node.get(i);
                ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i,
                        element.isTextual() ? Json.MAPPER.getNodeFactory().textNode(fillText(null, element.asText())) : fillPlaceholders(element));
            }
        }
        return node;
    }

    private static String fillText(String key, String text) {
        String filled = text.replace("://…", "://example.com").replace("oss://" + README_BUCKET + "/", "oss://" + Sandbox.OSS_BUCKET + "/");
        if ("oss".equals(key) && filled.startsWith("oss://" + Sandbox.OSS_BUCKET + "/")) {
            String objectKey = filled.substring(("oss://" + Sandbox.OSS_BUCKET + "/").length());
            boolean image = objectKey.matches("(?i).*\\.(jpe?g|png|bmp)$");
            gateway.sandbox().emulator(OssEmulator.VENDOR, OssEmulator.class).buckets().put(Sandbox.OSS_BUCKET, objectKey,
                    image ? TestMedia.image("jpg", 320, 240) : TestMedia.mp4(0, 1000, 4000), image ? "image/jpeg" : "video/mp4");
        }
        return filled;
    }

    private static JsonNode dropAndAwait(ReadmeExamples.Example example, ObjectNode job) throws Exception {
        Path inbox = gateway.inbox(example.folder());
        Files.createDirectories(inbox);
        String base = example.fileName().substring(0, example.fileName().length() - ".job.json".length());
        Path envelope = gateway.outbox(example.folder() + "/" + base + ".json");
        Path error = gateway.failed(example.folder() + "/" + example.fileName() + ".error.json");
        Path written = inbox.resolve(".writing-" + example.fileName());
        Files.writeString(written, Json.MAPPER.writeValueAsString(job));
        Files.move(written, inbox.resolve(example.fileName()));
        RunningGateway.await(example.toString(), LIMIT, () -> Files.exists(envelope) || Files.exists(error));
        assertFalse(Files.exists(error), () -> example + " failed: " + read(error));
        return RunningGateway.awaitJson(envelope, LIMIT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Sends the request as the README's Java sender does (named reply queue, correlation id) and reads the answer. */
    private static JsonNode ask(ObjectNode request) throws Exception {
        String correlationId = request.path("requestId").asText("readme-request");
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue answers = session.createQueue("mediagate.replies.readme");
            TextMessage message = session.createTextMessage(Json.MAPPER.writeValueAsString(request));
            message.setJMSCorrelationID(correlationId);
            message.setJMSReplyTo(answers);
            try (MessageConsumer consumer = session.createConsumer(answers, "JMSCorrelationID = '" + correlationId + "'")) {
                session.createProducer(session.createQueue("mediagate.requests")).send(message);
                Message answer = consumer.receive(LIMIT.toMillis());
                assertNotNull(answer, "an answer to the README's request " + correlationId);
                return Json.readOrNull(((TextMessage) answer).getText());
            }
        }
    }
}
