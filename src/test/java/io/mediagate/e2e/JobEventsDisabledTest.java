package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.RunningGateway.awaitFile;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Job events turned off: a subscriber of the mediagate.events topic gets nothing (what it gets otherwise: JobEventsTest). */
class JobEventsDisabledTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String TOPIC = "jms:topic:mediagate.events";

    @Test
    void with_events_turned_off_nothing_is_published(@TempDir Path data) throws Exception {
        try (RunningGateway gateway = RunningGateway.start(data, Map.of("mediagate.events.enabled", "false"))) {
            Queue<Message> events = subscribed(gateway.context());
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "quiet.jpg", TestMedia.image("jpg", 40, 30));
            awaitFile(gateway.done("opensearch/object-detect/quiet.jpg"));
            await("the delivery finished", LIMIT, () -> gateway.context().getInflightRepository().size("deliver") == 0);
            // a marker sent after the delivery committed: once it is here, an event of the job would have been too
            marker(gateway.context(), "after-delivery");
            await("the marker", LIMIT, () -> events.stream().anyMatch(event -> "after-delivery".equals(event.getBody(String.class))));
            assertEquals(List.of(), events.stream().filter(event -> event.getHeader("MediagateEvent") != null).toList());
        }
    }

    /** A subscriber to the topic, connected once it has received a marker of its own. */
    static Queue<Message> subscribed(CamelContext context) throws Exception {
        Queue<Message> received = new ConcurrentLinkedQueue<>();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(TOPIC).routeId("test-subscriber").process(exchange -> received.add(exchange.getMessage().copy()));
            }
        });
        await("the test subscriber connected", LIMIT, () -> {
            marker(context, "ready");
            return received.stream().anyMatch(event -> "ready".equals(event.getBody(String.class)));
        });
        return received;
    }

    static void marker(CamelContext context, String body) {
        try (ProducerTemplate producer = context.createProducerTemplate()) {
            producer.sendBody(TOPIC, body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
