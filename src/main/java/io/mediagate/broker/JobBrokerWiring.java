package io.mediagate.broker;

import io.mediagate.config.Settings;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.StartupListener;
import org.apache.camel.component.jms.JmsComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job engine: the {@code jms} component the stage endpoints use, on the external broker named by
 * {@code mediagate.broker.url}, or on an Artemis broker embedded in this process (journal under the
 * data folder). Consumption and the next stage's enqueue share one local JMS transaction.
 */
public final class JobBrokerWiring {

    private static final Logger LOG = LoggerFactory.getLogger(JobBrokerWiring.class);
    /** A JMS topic endpoint's address: {@code jms:topic:mediagate.events?…} names {@code mediagate.events}. */
    private static final Pattern JMS_TOPIC = Pattern.compile("^jms:topic:([^?]+)");

    private JobBrokerWiring() {
    }

    /**
     * @param dataRoot        the data folder (the embedded broker's lock and, by default, its journal)
     * @param stopWithContext closes what is started here when the gateway stops
     */
    public static void configure(CamelContext context, Settings settings, Path dataRoot, Consumer<AutoCloseable> stopWithContext) {
        Optional<String> external = settings.get("mediagate.broker.url");
        if (external.isEmpty()) {
            // before the broker: a second one on this folder would wait forever on the journal lock, silently
            stopWithContext.accept(EmbeddedBrokerLock.acquire(dataRoot));
            EmbeddedBroker broker;
            try {
                broker = embeddedBroker(settings);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded job broker: " + e.getMessage(), e);
            }
            // With thousands of jobs in flight Artemis reads its journal and page files for seconds at start-up. Nothing
            // before the routes needs it (connections are made when a route starts), so it starts beside the rest of the
            // start-up (vendors, routes loaded) and the context waits for it before it starts any route.
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> startBroker(broker), JobBrokerWiring::startThread);
            stopWithContext.accept(() -> {
                // never stop a broker half-started: a failed start-up closes it only once its start has ended
                started.handle((done, failed) -> null).join();
                broker.close();
            });
            try {
                context.addStartupListener(brokerStarted(started));
            } catch (Exception e) {
                throw new IllegalStateException("cannot register the broker's start with Camel", e);
            }
            context.getRegistry().bind("embeddedBroker", broker);
            context.getRegistry().bind("brokerDiskHealth", new BrokerDiskHealth(broker));
        } else {
            LOG.info("Job broker: {}", external.get());
        }
        CachingConnectionFactory connections = new CachingConnectionFactory(connectionFactory(settings));
        connections.setSessionCacheSize(settings.integer("mediagate.broker.session-cache-size"));
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connections);
        // transacted=true alone makes camel-jms create a JmsTransactionManager: the consumer's ack and the
        // next stage's send then live in two sessions committed one after the other, and a crash between the
        // two commits loses the job. Without it, the listener's own transacted session is exposed to the
        // producer, so the send and the ack are one commit.
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        // A message a route gives back to the broker (rolled back) has been logged by the route already: Camel's error
        // handler logs the failure with its stack trace, routes/errors.camel.yaml a message that is no job in one
        // line. The listener's own WARN of the same exception, stack trace and all, would repeat it on every try.
        jms.getConfiguration().setErrorHandlerLoggingLevel(LoggingLevel.DEBUG);
        context.addComponent("jms", jms);
        stopWithContext.accept(connections::destroy);
    }

    /**
     * Whether a message sent to this endpoint would reach anyone. On the embedded broker the answer is at hand: a topic
     * drops what nobody subscribed to, so a publisher may skip building such a message. Always true on an external
     * broker (the gateway cannot see its subscriptions), for a queue (it keeps messages for a consumer yet to come) and
     * for any other kind of endpoint.
     */
    public static BooleanSupplier anyoneListening(CamelContext context, String endpointUri) {
        EmbeddedBroker broker = context.getRegistry().lookupByNameAndType("embeddedBroker", EmbeddedBroker.class);
        Matcher topic = JMS_TOPIC.matcher(endpointUri);
        if (broker == null || !topic.find()) {
            return () -> true;
        }
        SimpleString address = SimpleString.of(topic.group(1));
        return () -> broker.hasBindings(address);
    }

    /** Holds the context's start, before any route starts, until the broker has started. */
    private static StartupListener brokerStarted(CompletableFuture<Void> started) {
        return new StartupListener() {
            @Override
            public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
                awaitStart(started);
            }

            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // waited for before the routes started
            }
        };
    }

    private static void startBroker(EmbeddedBroker broker) {
        try {
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded job broker: " + e.getMessage(), e);
        }
    }

    /** Waits for the broker's start; its failure stops the gateway's start-up as it would have started in line. */
    private static void awaitStart(CompletableFuture<Void> started) {
        try {
            started.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failed ? failed : e;
        }
    }

    private static void startThread(Runnable start) {
        Thread thread = new Thread(start, "mediagate-broker-start");
        thread.setDaemon(true);
        thread.start();
    }

    /** How the stages connect to the job broker (bench/InFlight sends and receives through it too). */
    public static ActiveMQConnectionFactory connectionFactory(Settings settings) {
        // credentials of an external broker: environment only (MEDIAGATE_BROKER_USER / MEDIAGATE_BROKER_PASSWORD)
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory(
                settings.get("mediagate.broker.url").orElse(EmbeddedBroker.IN_VM_URL),
                settings.get("mediagate.broker.user").orElse(null), settings.get("mediagate.broker.password").orElse(null));
        // No prefetch: a stage consumer holds only the job it works on (vendor calls take seconds), so several
        // gateways share a queue fairly and a killed one strands nothing in its client buffer.
        broker.setConsumerWindowSize(0);
        return broker;
    }

    /** The embedded broker as the gateway configures it from its settings, not started yet (bench/InFlight uses it too). */
    public static EmbeddedBroker embeddedBroker(Settings settings) throws Exception {
        return new EmbeddedBroker(
                Path.of(settings.string("mediagate.broker.data-dir")),
                settings.get("mediagate.broker.listen").orElse(null),
                settings.integer("mediagate.broker.id-cache-size"),
                settings.duration("mediagate.broker.redelivery-delay").toMillis(),
                2 * settings.integer("mediagate.broker.max-deliveries"), brokerAccount(settings))
                .diskLimit(settings.integer("mediagate.broker.max-disk-usage"),
                        settings.duration("mediagate.broker.disk-check-interval"));
    }

    /** The embedded broker's login from MEDIAGATE_BROKER_USER / _PASSWORD, or null when they are not set. */
    public static BrokerAccount brokerAccount(Settings settings) {
        Optional<String> user = settings.get("mediagate.broker.user");
        Optional<String> password = settings.get("mediagate.broker.password");
        if (user.isEmpty() || password.isEmpty()) {
            return null;
        }
        // request senders may get a login of their own that reaches requests and results only
        return new BrokerAccount(user.get(), password.get(), settings.get("mediagate.broker.client-user").orElse(null),
                settings.get("mediagate.broker.client-password").orElse(null));
    }
}
