package io.mediagate.broker;

import io.mediagate.config.Settings;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway builds a job event only when someone would get it: on the embedded broker, while the events topic has a
 * subscription of any kind (a durable one counts while its subscriber is away); always for an external broker (whose
 * subscribers the gateway cannot see), a queue (which keeps messages for a consumer yet to come) or another kind of endpoint.
 */
class EventListenersTest {

    private static final String EVENTS = "jms:topic:mediagate.events?transacted=true";

    @TempDir
    Path dir;

    @Test
    void the_embedded_broker_tells_whether_the_events_topic_has_a_subscription() throws Exception {
        Settings settings = WaitingJobsTest.shippedSettingsWithDataIn(dir);
        try (EmbeddedBroker broker = JobBrokerWiring.embeddedBroker(settings).start();
             Connection connection = JobBrokerWiring.connectionFactory(settings).createConnection()) {
            CamelContext context = new DefaultCamelContext();
            context.getRegistry().bind("embeddedBroker", broker);
            BooleanSupplier events = JobBrokerWiring.anyoneListening(context, EVENTS);
            assertFalse(events.getAsBoolean(), "no subscriber yet: an event would be dropped");
            // a queue keeps what it is sent for a consumer that comes later, and another kind of endpoint is unknown
            assertTrue(JobBrokerWiring.anyoneListening(context, "jms:queue:mediagate.events-archive").getAsBoolean(),
                    "a queue is always sent to");
            assertTrue(JobBrokerWiring.anyoneListening(context, "kafka:mediagate-events").getAsBoolean(),
                    "an endpoint of another kind is always sent to");

            connection.setClientID("event-listeners-test");
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = session.createTopic("mediagate.events");
            MessageConsumer plain = session.createConsumer(topic);
            assertTrue(events.getAsBoolean(), "a plain subscriber gets the events");
            plain.close();
            assertFalse(events.getAsBoolean(), "its subscription ended with it");

            session.createDurableSubscriber(topic, "webhook").close();
            assertTrue(events.getAsBoolean(), "a durable subscription keeps the events while its subscriber is away");
            session.unsubscribe("webhook");
            assertFalse(events.getAsBoolean());

            MessageConsumer shared = session.createSharedConsumer(topic, "workers");
            assertTrue(events.getAsBoolean(), "a shared subscription gets them too");
            shared.close();
        }
    }

    @Test
    void without_the_embedded_broker_the_events_are_always_sent() {
        CamelContext external = new DefaultCamelContext();
        assertTrue(JobBrokerWiring.anyoneListening(external, EVENTS).getAsBoolean(), "an external broker's subscribers are unknown");
    }
}
