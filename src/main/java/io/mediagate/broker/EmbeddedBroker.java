package io.mediagate.broker;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
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

    /**
     * Disk use (percent of the journal's file system) at which the broker stops taking messages (it blocks senders).
     * Set on purpose, not left to Artemis: a relative threshold keeps a tenth of the disk for what the gateway writes
     * beside the journal. When it is reached, new files stay in the inbox and stage hand-offs wait, while the delivery
     * of a finished file job, which writes files and sends the broker nothing, goes on (request answers and batch
     * fan-backs wait); all resumes once space returns ({@code BrokerDiskFullTest} lowers the limit below the disk's
     * real use to play a full disk). The default of {@code mediagate.broker.max-disk-usage}.
     */
    public static final int MAX_DISK_USAGE_PERCENT = 90;

    /**
     * How long a message set aside stays on {@code mediagate.dead} (the broker's dead letters) or
     * {@code mediagate.requests.dead} (rejected requests, kept with the reason) before it expires and is dropped.
     * Such messages can be large (a request with megabytes of inline media) and nothing reads them but a person
     * looking into a failure: without an end they would hold their disk space forever.
     */
    public static final java.time.Duration SET_ASIDE_KEPT = java.time.Duration.ofDays(14);

    /** The addresses whose messages expire after {@link #SET_ASIDE_KEPT}. */
    public static final java.util.List<String> SET_ASIDE = java.util.List.of("mediagate.dead", "mediagate.requests.dead");

    /** How many ready jobs per queue a management listing (the status command) shows at most; it counts the rest. */
    public static final int STATUS_LISTS_AT_MOST = 1000;

    /** Heap a wait bucket fills before it pages (its newest jobs, kept in the journal). */
    public static final long WAIT_BUCKET_MEMORY_BYTES = 64 * 1024;
    /**
     * What a wait bucket reads back from its page files at once: ~60 jobs, enough for the release to move them in one
     * transaction (WaitRelease.MOVES_PER_COMMIT) without waiting for the next read.
     */
    public static final int WAIT_BUCKET_READ_BYTES = 256 * 1024;
    /**
     * Size of a wait bucket's page files. At start-up the broker reads and decodes every bucket's last (live) page file
     * whole before it accepts a connection; at the 10 MB default that was most of the parked jobs (a minute bucket of a
     * busy operation holds thousands, ~4 KB each) and most of the time from a restart to the first poll (bench/README
     * "Restart with 10,000 in flight"). A small page keeps that read small; the jobs stay on disk all the same.
     */
    public static final int WAIT_BUCKET_PAGE_BYTES = 1024 * 1024;

    private final EmbeddedActiveMQ server = new EmbeddedActiveMQ();

    /**
     * @param directory   journal, bindings, paging and large-message folders go below it
     * @param tcpListen   e.g. {@code tcp://127.0.0.1:61616}, or null for in-VM only
     * @param idCacheSize how many job ids per queue the broker remembers to refuse a second enqueue
     */
    public EmbeddedBroker(Path directory, String tcpListen, int idCacheSize, BrokerAccount account) throws Exception {
        this(directory, tcpListen, idCacheSize, 1000, 10, account);
    }

    /**
     * @param redeliveryDelayMillis first wait before a rolled-back job message is handed over again (then doubling, up to 30 s)
     * @param deadLetterAfter       deliveries after which the broker moves a message to {@code mediagate.dead}: a backstop
     *                              above the gateway's own limit, for messages that are not jobs or cannot even be failed
     * @param account               the only login accepted (null: in-VM only, no listener, nothing to log in to)
     */
    public EmbeddedBroker(Path directory, String tcpListen, int idCacheSize, long redeliveryDelayMillis, int deadLetterAfter,
                          BrokerAccount account) throws Exception {
        boolean listens = tcpListen != null && !tcpListen.isBlank();
        if (listens && account == null) {
            throw new IllegalStateException("the job broker listens on " + tcpListen + " (mediagate.broker.listen) but has no"
                    + " account: set MEDIAGATE_BROKER_USER and MEDIAGATE_BROKER_PASSWORD (it never takes anonymous connections)");
        }
        Configuration config = new ConfigurationImpl()
                .setName("mediagate")
                .setPersistenceEnabled(true)
                // with a listener, every connection logs in (BrokerAccount); in-VM only, there is no one else
                .setSecurityEnabled(account != null)
                // NIO journal: works everywhere (AIO needs libaio), and fsyncs each commit
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(directory.resolve("journal").toString())
                .setBindingsDirectory(directory.resolve("bindings").toString())
                .setPagingDirectory(directory.resolve("paging").toString())
                .setLargeMessagesDirectory(directory.resolve("large-messages").toString())
                .setIDCacheSize(idCacheSize)
                .setPersistIDCache(true)
                // count a delivery before handing the message over, so a job that kills the whole process
                // (and this broker with it) is still counted and PoisonGuard can give it up
                .setPersistDeliveryCountBeforeDelivery(true)
                .setJMXManagementEnabled(false)
                .setMaxDiskUsage(MAX_DISK_USAGE_PERCENT)
                // Artemis lets its internal cluster user in before any security manager, with a well-known default
                // password: a random one per start (no clustering here) closes that door
                .setClusterUser("cluster-" + java.util.UUID.randomUUID())
                .setClusterPassword(java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID())
                .addAcceptorConfiguration("in-vm", IN_VM_URL);
        if (listens) {
            // Artemis Core and AMQP 1.0 on the one port, unless the URL names its protocols itself
            config.addAcceptorConfiguration("tcp", tcpListen.contains("protocols=") ? tcpListen
                    : tcpListen + (tcpListen.contains("?") ? "&" : "?") + "protocols=CORE,AMQP");
        }
        // Redelivery after a crash or an unhandled error backs off instead of spinning; the gateway itself
        // fails a job that came back too often (PoisonGuard); only a message that is no job at all, or whose
        // failure cannot be recorded either, reaches the dead-letter queue, where `status` counts it.
        config.addAddressSetting("#", new AddressSettings()
                .setRedeliveryDelay(redeliveryDelayMillis)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(30_000)
                .setMaxDeliveryAttempts(deadLetterAfter)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true)
                // Never delete a stage queue when its consumers go away: a queue holding only scheduled
                // messages (jobs waiting for their next poll) would be deleted with them after a crash.
                .setAutoDeleteQueues(false)
                // management listings (the status command) show up to this many ready jobs per queue; it counts the
                // rest (a listing of 100,000 jobs is a reply of ~100 MB built on the broker's heap)
                .setManagementBrowsePageSize(STATUS_LISTS_AT_MOST)
                .setAutoDeleteAddresses(false)
                .setDeadLetterAddress(SimpleString.of("mediagate.dead"))
                .setExpiryAddress(SimpleString.of("mediagate.expired")));
        // what is set aside expires after SET_ASIDE_KEPT and is then dropped: an empty expiry address, set here
        // because an unset one would be taken from "#" (mediagate.expired, which would keep it forever)
        for (String aside : SET_ASIDE) {
            config.addAddressSetting(aside, new AddressSettings()
                    .setExpiryDelay(SET_ASIDE_KEPT.toMillis())
                    .setExpiryAddress(SimpleString.of("")));
        }
        // Wait buckets (jobs due far off, WaitBuckets) page: a bucket keeps at most WAIT_BUCKET_MEMORY_BYTES of its jobs
        // on the heap and reads back WAIT_BUCKET_READ_BYTES from its page files at once, the rest waits on disk. Scheduled messages
        // cannot do that (the broker keeps every one on the heap while it waits), which is why these are plain ones.
        config.addAddressSetting(WaitBuckets.MATCH, waitBucketSettings());
        // the dead-letter and expiry addresses need a queue, or what the broker sends there is dropped
        for (String aside : new String[]{"mediagate.dead", "mediagate.expired"}) {
            config.addQueueConfiguration(QueueConfiguration.of(aside).setAddress(aside).setRoutingType(RoutingType.ANYCAST));
        }
        // Reply queues are queues whatever the client: a plain AMQP 1.0 receiver that attaches without a "queue"
        // capability would otherwise get its reply address auto-created as multicast (a topic), to which the
        // gateway's answers, sent to a queue, cannot go (README "Reply addresses"); the "#" settings still apply
        config.addAddressSetting(ReplyAddresses.MATCH, replyQueueSettings());
        server.setConfiguration(config);
        if (account != null) {
            server.setSecurityManager(account);
        }
        this.tcpListen = listens ? tcpListen : null;
    }

    /**
     * Overrides the disk limit before {@link #start()}: the percent of the journal's file system in use at which the
     * broker blocks senders, and how often it looks.
     */
    public EmbeddedBroker diskLimit(int maxUsagePercent, java.time.Duration checkInterval) {
        server.getConfiguration().setMaxDiskUsage(maxUsagePercent).setDiskScanPeriod((int) checkInterval.toMillis());
        return this;
    }

    /** True while the journal's disk is used beyond the limit: the broker takes no messages (senders wait). */
    public boolean diskFull() {
        org.apache.activemq.artemis.core.server.ActiveMQServer running = server.getActiveMQServer();
        return running != null && running.getPagingManager() != null && running.getPagingManager().isDiskFull();
    }

    /** How much of the journal's file system is in use, in percent. */
    public double diskUsagePercent() {
        return server.getActiveMQServer().getDiskStoreUsage() * 100;
    }

    /** The limit in force, in percent (it can be changed while running, e.g. after space was added elsewhere). */
    public double maxDiskUsagePercent() {
        return monitor().getMaxUsage() * 100;
    }

    /** Changes the limit of a running broker: it is applied at the next disk check. */
    public void maxDiskUsagePercent(double percent) {
        monitor().setMaxUsage(percent / 100);
    }

    private org.apache.activemq.artemis.core.server.files.FileStoreMonitor monitor() {
        return ((org.apache.activemq.artemis.core.server.impl.ActiveMQServerImpl) server.getActiveMQServer()).getMonitor();
    }

    /** Paging from a small size: a bucket's jobs wait on disk, not on the heap. */
    static AddressSettings waitBucketSettings() {
        return new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(WAIT_BUCKET_MEMORY_BYTES)
                .setPageSizeBytes(WAIT_BUCKET_PAGE_BYTES)
                .setMaxReadPageBytes(WAIT_BUCKET_READ_BYTES)
                .setPrefetchPageBytes(WAIT_BUCKET_READ_BYTES);
    }

    /** Anycast routing for addresses auto-created under {@link ReplyAddresses#PREFIX}. */
    static AddressSettings replyQueueSettings() {
        return new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setDefaultQueueRoutingType(RoutingType.ANYCAST);
    }

    /** The broker's settings (a test checks that docker/artemis/broker.properties matches them). */
    public Configuration configuration() {
        return server.getConfiguration();
    }

    /** Where the broker listens beyond the process, or null: in-VM only. */
    private final String tcpListen;

    public EmbeddedBroker start() throws Exception {
        if (tcpListen != null) {
            // Artemis only logs an acceptor it cannot bind ("Failure in initialisation") and its start returns: the
            // gateway then ran with a broker that was not there, every stage retrying its connection every 5 s
            java.net.URI listen = java.net.URI.create(tcpListen);
            io.mediagate.http.ListenPorts.problem(listen.getHost(), listen.getPort()).ifPresent(taken -> {
                throw new IllegalStateException("the job broker cannot listen on " + tcpListen + " (mediagate.broker.listen,"
                        + " or broker --listen): the port is in use, by another program or another broker, or the address is"
                        + " not this machine's (" + taken + ")");
            });
        }
        server.start();
        if (!server.getActiveMQServer().isActive()) {
            server.stop();
            throw new IllegalStateException("the embedded job broker did not start (Artemis' errors above say why)");
        }
        LOG.info("Embedded job broker started (journal under {}{})",
                server.getActiveMQServer().getConfiguration().getJournalLocation().getParent(),
                tcpListen == null ? "" : ", listening on " + tcpListen);
        return this;
    }

    /**
     * Whether anything is bound to the address: a subscription of a topic (plain, durable or shared), the queue of a
     * queue, a divert. A map lookup in this process, cheap enough to ask per message.
     */
    public boolean hasBindings(org.apache.activemq.artemis.api.core.SimpleString address) {
        try {
            org.apache.activemq.artemis.core.postoffice.Bindings bindings =
                    server.getActiveMQServer().getPostOffice().lookupBindingsForAddress(address);
            return bindings != null && !bindings.getBindings().isEmpty();
        } catch (Exception cannotTell) {
            return true;
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
