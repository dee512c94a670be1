package io.mediagate.broker;

import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded broker's listener: Artemis Core and AMQP 1.0 on one port, and never a connection without the account. */
class BrokerAccessTest {

    @TempDir
    Path dir;

    @Test
    void core_and_amqp_clients_with_the_account_exchange_messages_on_one_port() throws Exception {
        int port = Ports.free();
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, "tcp://127.0.0.1:" + port, 1000, BrokerLogin.account()).start();
             ActiveMQConnectionFactory core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection sender = core.createConnection();
             Connection receiver = new JmsConnectionFactory(BrokerLogin.USER, BrokerLogin.PASSWORD, "amqp://127.0.0.1:" + port).createConnection()) {
            Session out = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
            out.createProducer(out.createQueue("access.test")).send(out.createTextMessage("over Core"));
            receiver.start();
            Session in = receiver.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message got = in.createConsumer(in.createQueue("access.test")).receive(10_000);
            assertTrue(got instanceof TextMessage, "received over AMQP: " + got);
            assertEquals("over Core", ((TextMessage) got).getText());
        }
    }

    @Test
    void anonymous_and_wrong_logins_are_refused_on_both_protocols() throws Exception {
        int port = Ports.free();
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, "tcp://127.0.0.1:" + port, 1000, BrokerLogin.account()).start()) {
            assertRefused(() -> new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port).createConnection().close());
            assertRefused(() -> new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, BrokerLogin.USER, "guess").createConnection().close());
            // Artemis' built-in cluster login with its documented default password
            assertRefused(() -> new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, "ACTIVEMQ.CLUSTER.ADMIN.USER", "CHANGE ME!!")
                    .createConnection().close());
            assertRefused(() -> {
                Connection c = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
                try {
                    c.start();
                } finally {
                    c.close();
                }
            });
            assertRefused(() -> {
                Connection c = new JmsConnectionFactory(BrokerLogin.USER, "guess", "amqp://127.0.0.1:" + port).createConnection();
                try {
                    c.start();
                } finally {
                    c.close();
                }
            });
        }
    }

    @Test
    void the_client_account_sends_requests_and_reads_answers_but_never_touches_the_stage_queues() throws Exception {
        int port = Ports.free();
        String url = "tcp://127.0.0.1:" + port;
        BrokerAccount accounts = new BrokerAccount(BrokerLogin.USER, BrokerLogin.PASSWORD, "requester", "requester-secret");
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, url, 1000, accounts).start();
             ActiveMQConnectionFactory client = new ActiveMQConnectionFactory(url, "requester", "requester-secret");
             Connection connection = client.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("mediagate.requests")).send(session.createTextMessage("{}"));
            session.createProducer(session.createQueue("my-app.answers")).send(session.createTextMessage("own queue"));
            assertTrue(session.createConsumer(session.createQueue("my-app.answers")).receive(5000) != null, "its own queue");
            session.createConsumer(session.createQueue("mediagate.results")).close();
            // the named reply queues the gateway answers to are the client's own
            session.createProducer(session.createQueue("mediagate.replies.my-app")).send(session.createTextMessage("reply queue"));
            assertTrue(session.createConsumer(session.createQueue("mediagate.replies.my-app")).receive(5000) != null, "its reply queue");
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue("mediagate.submit")),
                    "stage queues are the gateway's");
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue("mediagate.requests")),
                    "requests are the gateway's to take");
            assertThrows(JMSSecurityException.class, () -> session.createProducer(session.createQueue("mediagate.deliver"))
                    .send(session.createTextMessage("{\"forged\": true}")), "no forged stage messages");
        }
    }

    @Test
    void the_client_account_subscribes_to_the_job_events_but_never_publishes_them() throws Exception {
        int port = Ports.free();
        String url = "tcp://127.0.0.1:" + port;
        try (EmbeddedBroker broker = withClientAccount(url);
             ActiveMQConnectionFactory gateway = new ActiveMQConnectionFactory(url, BrokerLogin.USER, BrokerLogin.PASSWORD);
             Connection publisher = gateway.createConnection();
             ActiveMQConnectionFactory client = new ActiveMQConnectionFactory(url, "requester", "requester-secret");
             Connection connection = client.createConnection();
             Connection amqp = new JmsConnectionFactory("requester", "requester-secret", "amqp://127.0.0.1:" + port).createConnection()) {
            connection.setClientID("my-app");
            connection.start();
            amqp.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic events = session.createTopic("mediagate.events");
            MessageConsumer plain = session.createConsumer(events);
            MessageConsumer durable = session.createDurableSubscriber(events, "my-app-events");
            MessageConsumer shared = session.createSharedDurableConsumer(events, "my-app-shared");
            Session amqpSession = amqp.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer overAmqp = amqpSession.createConsumer(amqpSession.createTopic("mediagate.events"));

            Session out = publisher.createSession(false, Session.AUTO_ACKNOWLEDGE);
            out.createProducer(out.createTopic("mediagate.events")).send(out.createTextMessage("{\"kind\": \"delivered\"}"));
            for (MessageConsumer subscriber : new MessageConsumer[] {plain, durable, shared, overAmqp}) {
                Message got = subscriber.receive(10_000);
                assertTrue(got instanceof TextMessage, "every subscription gets the event: " + got);
            }
            durable.close();
            session.unsubscribe("my-app-events");

            assertThrows(JMSSecurityException.class, () -> session.createProducer(events).send(session.createTextMessage("{}")),
                    "events are the gateway's to publish");
            assertThrows(JMSSecurityException.class, () -> session.createConsumer(session.createQueue("mediagate.poll")),
                    "the job queues stay the gateway's");
        }
    }

    @Test
    void a_listener_without_an_account_does_not_start() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new EmbeddedBroker(dir, "tcp://127.0.0.1:" + Ports.free(), 1000, null));
        assertTrue(e.getMessage().contains("MEDIAGATE_BROKER_USER") && e.getMessage().contains("anonymous"), e.getMessage());
    }

    /** The embedded broker listening on {@code url}, with the gateway account and the client account "requester". */
    private EmbeddedBroker withClientAccount(String url) throws Exception {
        return new EmbeddedBroker(dir, url, 1000,
                new BrokerAccount(BrokerLogin.USER, BrokerLogin.PASSWORD, "requester", "requester-secret")).start();
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static void assertRefused(Attempt attempt) {
        Exception e = assertThrows(Exception.class, attempt::run);
        boolean security = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            security |= t instanceof JMSSecurityException || String.valueOf(t.getMessage()).toLowerCase().contains("security")
                    || String.valueOf(t.getMessage()).toLowerCase().contains("unauthorized");
        }
        assertTrue(security || e instanceof JMSException, "refused for its login: " + e);
    }
}
