package io.mediagate.broker;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * ActiveMQ Artemis inside the gateway's process, with its journal under the data folder: the default job
 * engine. Jobs survive a crash because every stage hand-off is a persistent message in this journal, and
 * waiting jobs are scheduled messages, not timers. Other processes (the {@code status} command, a second
 * gateway) reach it through the optional TCP acceptor.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** In-VM acceptor name; the gateway's own connection factory uses {@code vm://0}. */
    public static final String IN_VM_URL = "vm://0";

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    /**
     * @param directory   journal, bindings, paging and large-message folders go below it
     * @param tcpListen   e.g. {@code tcp://127.0.0.1:61616}, or null for in-VM only
     * @param idCacheSize how many job ids per queue the broker remembers to refuse a second enqueue
     */
    public EmbeddedBroker(Path directory, String tcpListen, int idCacheSize) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("mediagate")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                // NIO journal: works everywhere (AIO needs libaio), and fsyncs each commit
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setIDCacheSize(idCacheSize)
                .setPersistIDCache(true)
                .setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", IN_VM_URL);
        if (tcpListen != null && !tcpListen.isBlank()) {
            config.addAcceptorConfiguration("tcp", tcpListen);
        }
        // Redelivery after a crash or an unhandled error backs off instead of spinning; the gateway itself
        // decides when a job has failed too often (see PoisonGuard), so the broker never drops a message.
        config.addAddressSetting("#", new AddressSettings()
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(30_000)
                .setMaxDeliveryAttempts(-1)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                // Never delete a stage queue when its consumers go away: a queue holding only scheduled
                // messages (jobs waiting for their next poll) would be deleted with them after a crash.
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false)
                .setDeadLetterAddress(SimpleString.of("mediagate.dead"))
                .setExpiryAddress(SimpleString.of("mediagate.expired")));
        server.setConfiguration(config);
        this.tcpListen = tcpListen;
    }

    /** The broker's settings (a test checks that docker/artemis/broker.properties matches them). */
    public Configuration configuration() {
        return server.getConfiguration();
    }

    private final String tcpListen;

    public EmbeddedBroker start() throws Exception {
        server.start();
        LOG.info("Embedded job broker started (journal under {}{})",
                server.getActiveMQServer().getConfiguration().getJournalLocation().getParent(),
                tcpListen == null || tcpListen.isBlank() ? "" : ", listening on " + tcpListen);
        return this;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
