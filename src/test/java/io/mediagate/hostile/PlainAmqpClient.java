package io.mediagate.hostile;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.BaseHandler;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.apache.qpid.proton.reactor.Reactor;

import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain AMQP 1.0 client (Qpid Proton-J, no JMS layer): its receiver attaches to an address with no capabilities
 * (neither {@code queue} nor {@code topic}), and its sender puts a bare {@code reply-to} string on the messages it
 * sends, without the JMS annotations Qpid JMS adds. This is how non-Java AMQP clients (Python, .NET Lite, Node)
 * behave by default.
 */
final class PlainAmqpClient implements AutoCloseable {

    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final Queue<Message> toSend = new ConcurrentLinkedQueue<>();
    private final CountDownLatch attached = new CountDownLatch(1);
    private final AtomicReference<String> refused = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean closing;

    /** Connects with SASL PLAIN and attaches a receiver to {@code listenOn} and a sender to {@code sendTo}. */
    PlainAmqpClient(String host, int port, String user, String password, String listenOn, String sendTo) throws Exception {
        Reactor reactor = Proton.reactor(new BaseHandler() {
            @Override
            public void onReactorInit(Event event) {
                event.getReactor().connectionToHost(host, port, new ConnectionHandler(host, user, password, listenOn, sendTo));
            }
        });
        thread = new Thread(reactor::run, "plain-amqp-client");
        thread.setDaemon(true);
        thread.start();
        if (!attached.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the plain AMQP receiver was not attached to " + listenOn + " within 30 s");
        }
        if (refused.get() != null) {
            throw new AssertionError("the broker refused the plain AMQP receiver on " + listenOn + ": " + refused.get());
        }
    }

    /** Sends a text body (an AMQP value) with a plain reply-to address and a correlation id. */
    void send(String body, String replyTo, String correlationId) {
        Message message = Message.Factory.create();
        message.setBody(new AmqpValue(body));
        message.setReplyTo(replyTo);
        message.setCorrelationId(correlationId);
        message.setDurable(true);
        toSend.add(message);
    }

    /** The next message the receiver got, or null after the timeout. */
    Message receive(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        thread.join(10_000);
    }

    private final class ConnectionHandler extends BaseHandler {

        /** How often the reactor thread looks for messages to send and for {@link #close()}. */
        private static final int TICK_MILLIS = 50;
        private final String host;
        private final String user;
        private final String password;
        private final String listenOn;
        private final String sendTo;
        private Connection connection;
        private Sender sender;
        private int tag;

        ConnectionHandler(String host, String user, String password, String listenOn, String sendTo) {
            this.host = host;
            this.user = user;
            this.password = password;
            this.listenOn = listenOn;
            this.sendTo = sendTo;
        }

        @Override
        public void onConnectionInit(Event event) {
            connection = event.getConnection();
            connection.setHostname(host);
            connection.setContainer("plain-amqp-client");
            connection.open();
            Session session = connection.session();
            session.open();
            Receiver receiver = session.receiver("answers");
            Source source = new Source();
            source.setAddress(listenOn);
            // no capabilities: the broker decides the routing type
            receiver.setSource(source);
            receiver.setTarget(new Target());
            receiver.open();
            receiver.flow(100);
            sender = session.sender("requests");
            Target target = new Target();
            target.setAddress(sendTo);
            sender.setTarget(target);
            sender.setSource(new Source());
            sender.open();
            event.getReactor().schedule(TICK_MILLIS, this);
        }

        @Override
        public void onConnectionBound(Event event) {
            event.getTransport().sasl().plain(user, password);
        }

        @Override
        public void onLinkRemoteOpen(Event event) {
            if (event.getLink() instanceof Receiver receiver) {
                if (receiver.getRemoteSource() == null) {
                    refused.compareAndSet(null, "attach without a source");
                }
                attached.countDown();
            }
        }

        @Override
        public void onLinkRemoteClose(Event event) {
            refused.compareAndSet(null, String.valueOf(event.getLink().getRemoteCondition().getDescription()));
            attached.countDown();
        }

        @Override
        public void onTransportError(Event event) {
            refused.compareAndSet(null, "transport error: " + event.getTransport().getCondition().getDescription());
            attached.countDown();
        }

        @Override
        public void onDelivery(Event event) {
            Delivery delivery = event.getDelivery();
            if (!(event.getLink() instanceof Receiver receiver)) {
                if (delivery.remotelySettled()) {
                    delivery.settle();
                }
                return;
            }
            if (!delivery.isReadable() || delivery.isPartial()) {
                return;
            }
            byte[] bytes = new byte[delivery.pending()];
            int read = receiver.recv(bytes, 0, bytes.length);
            receiver.advance();
            Message message = Message.Factory.create();
            message.decode(bytes, 0, read);
            delivery.disposition(org.apache.qpid.proton.amqp.messaging.Accepted.getInstance());
            delivery.settle();
            receiver.flow(1);
            received.add(message);
        }

        @Override
        public void onTimerTask(Event event) {
            if (closing) {
                connection.close();
                return;
            }
            for (Message message = toSend.poll(); message != null; message = toSend.poll()) {
                byte[] buffer = new byte[1024 * 1024];
                int length = message.encode(buffer, 0, buffer.length);
                sender.delivery(String.valueOf(tag++).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sender.send(buffer, 0, length);
                sender.advance();
            }
            event.getReactor().schedule(TICK_MILLIS, this);
        }
    }
}
