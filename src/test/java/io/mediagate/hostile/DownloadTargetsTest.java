package io.mediagate.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.json.Json;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.LoopbackMedia;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.TestMedia;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side request forgery through the media the gateway downloads itself (Baidu's url job files, ICE's url
 * requests): a server on loopback that {@code mediagate.download.allow} does not name is never reached, not by a
 * url, not through a redirect from an allowed server, and the refusal tells nothing about what listens there.
 * An {@code oss://} path may name only the configured buckets.
 */
// each test keeps to its own files and requests: they run side by side
@Execution(ExecutionMode.CONCURRENT)
class DownloadTargetsTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);

    static String listen;
    /** Named in mediagate.download.allow. */
    static LoopbackMedia allowed;
    /** Not named: stands for this machine's own services, the network's, the cloud's metadata service. */
    static LoopbackMedia forbidden;
    static String forbiddenImage;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        allowed = new LoopbackMedia();
        forbidden = new LoopbackMedia();
        forbiddenImage = forbidden.serve("cat.jpg", TestMedia.image("jpg", 64, 48));
        forbidden.serve("launch.mp4", TestMedia.mp4(0, 1000, 3000));
        listen = "tcp://127.0.0.1:" + Ports.free();
        Map<String, String> settings = new HashMap<>(BrokerLogin.listening(listen));
        settings.put("mediagate.download.allow", allowed.authority());
        return settings;
    });

    @AfterAll
    static void stop() throws Exception {
        allowed.close();
        forbidden.close();
    }

    private static Path folder(String top, String relative) {
        return gateway.data().resolve(top).resolve(relative);
    }

    private static JsonNode dropAndAwaitError(String operation, String name, String json) throws Exception {
        Path inbox = folder("inbox", operation);
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("." + name + ".tmp"), json);
        Files.move(inbox.resolve("." + name + ".tmp"), inbox.resolve(name));
        Path error = folder("failed", operation + "/" + name + ".error.json");
        Path envelope = folder("outbox", operation + "/" + name.replace(".job.json", ".json"));
        await(name + " ended", () -> Files.exists(error) || Files.exists(envelope));
        assertFalse(Files.exists(envelope), () -> name + " must not succeed: " + read(envelope));
        await(name + "'s error record", () -> read(error) != null && Json.readOrNull(read(error)) != null);
        return Json.readOrNull(read(error));
    }

    @Test
    void a_baidu_url_job_file_never_reaches_a_loopback_server_outside_the_allow_list() throws Exception {
        JsonNode record = dropAndAwaitError("baidu/image-classify", "inside.job.json", "{\"url\": \"" + forbiddenImage + "\"}");
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("public internet address"), record.toString());
        assertTrue(record.path("message").asText().contains("mediagate.download.allow"), record.toString());
        assertEquals(0, forbidden.hits(), "the server outside the allow list was never asked");
    }

    @Test
    void a_refusal_reads_the_same_for_an_open_and_a_closed_port() throws Exception {
        int closed = Ports.free();
        String open = forbiddenImage.replace("/cat.jpg", "/x.jpg");
        JsonNode first = dropAndAwaitError("baidu/image-classify", "open.job.json", "{\"url\": \"" + open + "\"}");
        JsonNode second = dropAndAwaitError("baidu/image-classify", "closed.job.json",
                "{\"url\": \"http://127.0.0.1:" + closed + "/x.jpg\"}");
        String openPort = open.replaceAll("^http://127\\.0\\.0\\.1:(\\d+)/.*$", "$1");
        assertEquals(first.path("message").asText().replace("open.job.json", "NAME").replace(openPort, "PORT"),
                second.path("message").asText().replace("closed.job.json", "NAME").replace(String.valueOf(closed), "PORT"),
                "no port oracle: a listening and a closed port are refused alike");
        assertEquals(first.path("kind").asText(), second.path("kind").asText());
        assertEquals(0, forbidden.hits(), "the server outside the allow list was never asked");
    }

    @Test
    void a_redirect_from_an_allowed_server_to_one_outside_the_list_is_not_followed() throws Exception {
        String hop = allowed.redirect("hop.jpg", forbiddenImage);
        JsonNode record = dropAndAwaitError("baidu/image-classify", "hop.job.json", "{\"url\": \"" + hop + "\"}");
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("public internet address"), record.toString());
        assertTrue(allowed.hits() > 0, "the allowed server was asked");
        assertEquals(0, forbidden.hits(), "the redirect's target outside the allow list was never asked");
    }

    @Test
    void an_allowed_server_is_downloaded_from() throws Exception {
        String url = allowed.serve("rose.jpg", TestMedia.image("jpg", 64, 48));
        Path inbox = folder("inbox", "baidu/image-classify");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve(".rose.tmp"), "{\"url\": \"" + url + "\"}");
        Files.move(inbox.resolve(".rose.tmp"), inbox.resolve("rose.job.json"));
        Path envelope = folder("outbox", "baidu/image-classify/rose.json");
        Path error = folder("failed", "baidu/image-classify/rose.job.json.error.json");
        await("rose.json", () -> Files.exists(envelope) || Files.exists(error));
        assertTrue(Files.exists(envelope), () -> "the allowed server's image is classified: " + read(error));
    }

    @Test
    void an_ice_request_never_makes_the_gateway_fetch_from_a_loopback_server_outside_the_allow_list() throws Exception {
        JsonNode answer = ask("{\"requestId\": \"inside-1\", \"vendor\": \"ice\", \"operation\": \"cover\","
                + " \"media\": {\"url\": \"" + forbiddenImage.replace("cat.jpg", "launch.mp4") + "\"}}", "inside-1");
        assertEquals("rejected", answer.path("status").asText(), answer.toString());
        assertEquals("input", answer.path("kind").asText(), answer.toString());
        assertTrue(answer.path("message").asText().contains("public internet address"), answer.toString());
        assertEquals(0, forbidden.hits(), "the server outside the allow list was never asked");
    }

    @Test
    void an_oss_path_may_name_only_the_configured_buckets() throws Exception {
        JsonNode record = dropAndAwaitError("ice/cover", "theirs.job.json", "{\"oss\": \"oss://someone-elses-bucket/private/a.mp4\"}");
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("mediagate.oss.allowed-buckets"), record.toString());
        assertTrue(record.path("message").asText().contains("someone-elses-bucket"), record.toString());

        JsonNode output = dropAndAwaitError("ice/cover", "elsewhere.job.json", "{\"oss\": \"oss://" + Sandbox.OSS_BUCKET
                + "/in/a.mp4\", \"params\": {\"Output\": {\"Media\": \"oss://someone-elses-bucket/out/\"}}}");
        assertEquals("input", output.path("kind").asText(), output.toString());
        assertTrue(output.path("message").asText().contains("mediagate.oss.allowed-buckets"), output.toString());

        JsonNode answer = ask("{\"requestId\": \"theirs-1\", \"vendor\": \"opensearch\", \"operation\": \"image-analyze\","
                + " \"media\": {\"oss\": \"oss://someone-elses-bucket/private/cat.jpg\"}}", "theirs-1");
        assertEquals("rejected", answer.path("status").asText(), answer.toString());
        assertTrue(answer.path("message").asText().contains("mediagate.oss.allowed-buckets"), answer.toString());
    }

    /** Sends a request on mediagate.requests and waits for its answer on a temporary queue. */
    private static JsonNode ask(String body, String correlationId) throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory(listen, BrokerLogin.USER, BrokerLogin.PASSWORD).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue replyTo = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage(body);
            request.setJMSCorrelationID(correlationId);
            request.setJMSReplyTo(replyTo);
            try (MessageConsumer answers = session.createConsumer(replyTo)) {
                session.createProducer(session.createQueue("mediagate.requests")).send(request);
                Message answer = answers.receive(LIMIT.toMillis());
                assertNotNull(answer, "an answer for " + correlationId);
                return Json.readOrNull(((TextMessage) answer).getText());
            }
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
