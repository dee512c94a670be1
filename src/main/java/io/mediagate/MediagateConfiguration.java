package io.mediagate;

import io.mediagate.broker.BrokerAccount;
import io.mediagate.broker.BrokerDiskHealth;
import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.broker.EmbeddedBrokerLock;
import io.mediagate.flow.DataFolders;
import io.mediagate.flow.Delivery;
import io.mediagate.flow.Gathering;
import io.mediagate.flow.Intake;
import io.mediagate.flow.InboxLinks;
import io.mediagate.flow.LiveInstances;
import io.mediagate.flow.PoisonGuard;
import io.mediagate.flow.BlockedDeliveries;
import io.mediagate.flow.DeliveryDiskHealth;
import io.mediagate.flow.Progress;
import io.mediagate.flow.Reconciler;
import io.mediagate.flow.RequestIntake;
import io.mediagate.flow.SameFileSystem;
import io.mediagate.flow.WorkArea;
import io.mediagate.flow.VendorCalls;
import io.mediagate.job.RetryPolicy;
import io.mediagate.preflight.Preflight;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.flow.OutputDownloads;
import io.mediagate.media.DownloadPolicy;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.media.served.MediaLinks;
import io.mediagate.media.served.ServedMedia;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.baidu.BaiduVendor;
import io.mediagate.vendors.bailian.BailianVendor;
import io.mediagate.vendors.ice.IceVendor;
import io.mediagate.vendors.pai.PaiVendor;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Wires the gateway before the routes load: reads the settings, creates the data folders, starts the
 * in-process sandbox for vendors without credentials, and binds the beans the YAML routes call
 * ({@code intake}, {@code vendorCalls}, {@code delivery}, {@code progress}).
 */
public class MediagateConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MediagateConfiguration.class);

    /** A fresh key per run for the in-process sandbox, so the Bearer check is really exercised. */
    private final Map<String, String> sandboxKeys = Map.of("opensearch", "sandbox-" + UUID.randomUUID(),
            // Alibaba AccessKeys travel as "id:secret"
            "ice", "LTAIsandbox:" + UUID.randomUUID(),
            "pai", "sandbox-app:" + UUID.randomUUID(),
            "baidu", "sandbox-api-key:" + UUID.randomUUID());
    /** The one workspace the in-process sandbox's Bailian knows. */
    private static final String SANDBOX_WORKSPACE = "llm-sandbox";

    /** What configure started so far (broker, sandbox, connections), closed again if configure fails half-way. */
    private final java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();

    @Override
    public void configure(CamelContext context) {
        try {
            configureGateway(context);
        } catch (RuntimeException e) {
            // a context that never starts never stops its services: close what was started (e.g. the embedded
            // broker), or it would outlive the failed start in this JVM
            while (!started.isEmpty()) {
                try {
                    started.pop().close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private void configureGateway(CamelContext context) {
        Settings settings = settingsOf(context);
        // before anything starts: a live vendor that cannot work (endpoint, credentials, plain http, media it cannot
        // fetch) refuses the start with the setting to fix, instead of failing (and billing) every job
        Preflight.requireReady(settings);
        DataFolders folders = new DataFolders(Path.of(settings.string("mediagate.data-dir", "data")));
        folders.create();
        // hand-offs between the folders are renames: atomic only within one file system
        new SameFileSystem().check(folders).forEach(LOG::warn);

        configureJobBroker(context, settings, folders);
        SandboxServer sandbox = startSandboxIfNeeded(context, settings);
        String sandboxKey = sandbox == null ? null : sandboxKeys.get("opensearch");
        OssStores oss = ossStores(settings, sandbox);
        ServedMedia servedMedia = servedMedia(settings, folders);
        List<Vendor> vendors = new java.util.ArrayList<>();
        vendors.add(new OpenSearchVendor(settings, sandbox == null ? null : sandbox.baseUrl(OpenSearchVendor.NAME), sandboxKey, oss));
        if (sandbox != null || settings.get("mediagate.pai.app-id").isPresent()) {
            vendors.add(new PaiVendor(settings, sandbox == null ? null : sandbox.baseUrl(PaiVendor.NAME), sandboxKeys.get(PaiVendor.NAME),
                    oss, servedMedia));
        } else {
            LOG.info("PAI is off: set PAI_APP_ID, PAI_TOKEN and PAI_HOST to use it");
        }
        if (sandbox != null || settings.get("mediagate.baidu.api-key").isPresent()) {
            vendors.add(new BaiduVendor(settings, sandbox == null ? null : sandbox.baseUrl(BaiduVendor.NAME), sandboxKeys.get(BaiduVendor.NAME)));
        } else {
            LOG.info("Baidu is off: set BAIDU_API_KEY, BAIDU_SECRET_KEY and mediagate.baidu.models.<name>.url to use it");
        }
        if (sandbox != null || settings.get("mediagate.ice.region").isPresent()) {
            vendors.add(new IceVendor(settings, sandbox == null ? null : sandbox.baseUrl(IceVendor.NAME),
                    Sandbox.alibabaKey(sandboxKeys.get(IceVendor.NAME)), oss));
        } else {
            LOG.info("ICE is off: set mediagate.ice.region (and Alibaba Cloud credentials) to use it");
        }
        if (sandbox != null || settings.get("mediagate.bailian.workspace-id").isPresent()) {
            vendors.add(new BailianVendor(settings, sandbox == null ? null : sandbox.baseUrl(BailianVendor.NAME),
                    Sandbox.alibabaKey(sandboxKeys.get(IceVendor.NAME)), SANDBOX_WORKSPACE, oss));
        } else {
            LOG.info("Bailian is off: set mediagate.bailian.workspace-id (and Alibaba Cloud credentials) to use it");
        }
        VendorRegistry registry = new VendorRegistry(vendors);
        // a hot-folder product shows its folders: the README's first `cp cat.jpg data/inbox/opensearch/object-detect/`
        // works on a fresh start
        folders.createOperationFolders(registry.operations().stream().map(operation -> operation.spec().key()).toList());

        RateLimiter rateLimiter = new RateLimiter();
        registry.vendors().forEach(v -> v.rateLimits().forEach((group, qps) -> rateLimiter.define(v.name(), group, qps)));
        RetryPolicy retry = settings.retryPolicy();

        Progress progress = new Progress();

        context.getRegistry().bind("settings", settings);
        context.getRegistry().bind("dataFolders", folders);
        context.getRegistry().bind("vendorRegistry", registry);
        context.getRegistry().bind("progress", progress);
        LiveInstances instances = new LiveInstances(folders.work());
        stopWithContext(context, instances);
        WorkArea workArea = new WorkArea(folders.work(), instances);
        context.getRegistry().bind("workArea", workArea);
        context.getRegistry().bind("intake", new Intake(workArea, registry, settings, progress));
        context.getRegistry().bind("reconciler", new Reconciler(workArea, folders,
                settings.duration("mediagate.reconcile.grace", Duration.ofSeconds(60)),
                settings.duration("mediagate.requests.remember", Duration.ofDays(7))));
        // media named by URL for a vendor that reads only OSS (ICE): queue requests and job files alike, with one limit;
        // from public addresses only (and those mediagate.download.allow names), the sandbox's own for its vendors
        MediaDownload downloads = new MediaDownload(Duration.ofSeconds(10),
                settings.duration("mediagate.requests.download-timeout", Duration.ofMinutes(10)), DownloadPolicy.of(settings))
                .withSandbox(sandbox == null ? null : sandbox.baseUrl());
        long maxDownloadBytes = Long.parseLong(settings.string("mediagate.requests.max-download-bytes", String.valueOf(2L * 1024 * 1024 * 1024)));
        context.getRegistry().bind("vendorCalls", new VendorCalls(registry, rateLimiter, retry, workArea, folders.inbox(), downloads, maxDownloadBytes));
        context.getRegistry().bind("poisonGuard", new PoisonGuard(workArea.submits(), workArea.sealing(), settings.integer("mediagate.broker.max-deliveries", 5)));
        // a disk that refuses a finished job's files: the job waits and is tried again, never failed for it
        BlockedDeliveries blockedDeliveries = new BlockedDeliveries(
                settings.duration("mediagate.deliver.disk-retry.first-delay", Duration.ofSeconds(1)),
                settings.duration("mediagate.deliver.disk-retry.max-interval", Duration.ofSeconds(30)));
        context.getRegistry().bind("blockedDeliveries", blockedDeliveries);
        context.getRegistry().bind("deliveryDiskHealth", new DeliveryDiskHealth(blockedDeliveries));
        Delivery delivery = new Delivery(folders, workArea.jobs(), workArea.sealing(), progress, registry,
                settings.bool("mediagate.requests.write-outbox", false), blockedDeliveries);
        context.getRegistry().bind("delivery", delivery);
        context.getRegistry().bind("inboxLinks", new InboxLinks(workArea, delivery, progress));
        context.getRegistry().bind("requestIntake", new RequestIntake(context.getRegistry().lookupByNameAndType("intake", Intake.class),
                workArea, registry, downloads, settings.integer("mediagate.requests.max-inline-bytes", 8 * 1024 * 1024),
                maxDownloadBytes, settings.integer("mediagate.requests.max-request-bytes", 16 * 1024 * 1024)));
        context.getRegistry().bind("servedMedia", servedMedia);
        context.getRegistry().bind("gathering", new Gathering(registry));
        context.getRegistry().bind("outputDownloads", new OutputDownloads(registry, workArea.jobs(), downloads));
        if (sandbox != null) {
            context.getRegistry().bind("sandbox", sandbox);
        }
        LOG.info(banner(folders, registry, sandbox));
    }

    /**
     * The job engine: the {@code jms} component the stage endpoints use, on the external broker named by
     * {@code mediagate.broker.url}, or on an Artemis broker embedded in this process (journal under the
     * data folder). Consumption and the next stage's enqueue share one local JMS transaction.
     */
    private void configureJobBroker(CamelContext context, Settings settings, DataFolders folders) {
        Optional<String> external = settings.get("mediagate.broker.url");
        String url = external.orElse(EmbeddedBroker.IN_VM_URL);
        if (external.isEmpty()) {
            // before the broker: a second one on this folder would wait forever on the journal lock, silently
            stopWithContext(context, EmbeddedBrokerLock.acquire(folders.root()));
            try {
                EmbeddedBroker broker = new EmbeddedBroker(
                        Path.of(settings.string("mediagate.broker.data-dir", folders.root().resolve("broker").toString())),
                        settings.get("mediagate.broker.listen").orElse(null),
                        settings.integer("mediagate.broker.id-cache-size", 100_000),
                        settings.duration("mediagate.broker.redelivery-delay", Duration.ofSeconds(1)).toMillis(),
                        2 * settings.integer("mediagate.broker.max-deliveries", 5), brokerAccount(settings))
                        .diskLimit(settings.integer("mediagate.broker.max-disk-usage", EmbeddedBroker.MAX_DISK_USAGE_PERCENT),
                                settings.duration("mediagate.broker.disk-check-interval", Duration.ofSeconds(5)))
                        .start();
                stopWithContext(context, broker::close);
                context.getRegistry().bind("embeddedBroker", broker);
                context.getRegistry().bind("brokerDiskHealth", new BrokerDiskHealth(broker));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded job broker: " + e.getMessage(), e);
            }
        } else {
            LOG.info("Job broker: {}", url);
        }
        // credentials of an external broker: environment only (MEDIAGATE_BROKER_USER / MEDIAGATE_BROKER_PASSWORD)
        ActiveMQConnectionFactory broker = new ActiveMQConnectionFactory(url,
                settings.get("mediagate.broker.user").orElse(null), settings.get("mediagate.broker.password").orElse(null));
        // No prefetch: a stage consumer holds only the job it works on (vendor calls take seconds), so several
        // gateways share a queue fairly and a killed one strands nothing in its client buffer.
        broker.setConsumerWindowSize(0);
        CachingConnectionFactory connections = new CachingConnectionFactory(broker);
        connections.setSessionCacheSize(settings.integer("mediagate.broker.session-cache-size", 20));
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connections);
        // transacted=true alone makes camel-jms create a JmsTransactionManager: the consumer's ack and the
        // next stage's send then live in two sessions committed one after the other, and a crash between the
        // two commits loses the job. Without it, the listener's own transacted session is exposed to the
        // producer, so the send and the ack are one commit.
        jms.getConfiguration().setLazyCreateTransactionManager(false);
        context.addComponent("jms", jms);
        stopWithContext(context, connections::destroy);
    }

    /** The embedded broker's login from MEDIAGATE_BROKER_USER / _PASSWORD, or null when they are not set. */
    static BrokerAccount brokerAccount(Settings settings) {
        Optional<String> user = settings.get("mediagate.broker.user");
        Optional<String> password = settings.get("mediagate.broker.password");
        if (user.isEmpty() || password.isEmpty()) {
            return null;
        }
        // request senders may get a login of their own that reaches requests and results only
        return new BrokerAccount(user.get(), password.get(), settings.get("mediagate.broker.client-user").orElse(null),
                settings.get("mediagate.broker.client-password").orElse(null));
    }

    /** Closes something when the Camel context stops (after the routes, so consumers are gone first). */
    private void stopWithContext(CamelContext context, AutoCloseable resource) {
        started.push(resource);
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() throws Exception {
                    resource.close();
                }
            }, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register a resource with Camel", e);
        }
    }


    private SandboxServer startSandboxIfNeeded(CamelContext context, Settings settings) {
        String mode = settings.string("mediagate.sandbox.enabled", "auto");
        boolean anyWithoutCredentials = settings.get("mediagate.opensearch.api-key").isEmpty()
                || settings.get("mediagate.pai.app-id").isEmpty()
                || settings.get("mediagate.ice.region").isEmpty()
                || settings.get("mediagate.bailian.workspace-id").isEmpty()
                || settings.get("mediagate.baidu.api-key").isEmpty();
        if (mode.equals("false") || (mode.equals("auto") && !anyWithoutCredentials)) {
            return null;
        }
        SandboxServer server = Sandbox.create(null, settings.integer("mediagate.sandbox.port", 0), settings, sandboxKeys).start();
        stopWithContext(context, server);
        return server;
    }

    /**
     * The user's OSS bucket when {@code mediagate.oss.bucket} is set (credentials from Alibaba's chain), and the
     * sandbox's OSS when the sandbox runs; each Alibaba vendor stages in the one that matches how it is called.
     */
    private OssStores ossStores(Settings settings, SandboxServer sandbox) {
        OssStore live = OssSettings.live(settings).map(config -> new OssStore(config, AlibabaCredentialChain.standard())).orElse(null);
        OssStore emulated = null;
        if (sandbox != null) {
            AlibabaCredentials key = Sandbox.alibabaKey(sandboxKeys.get(IceVendor.NAME));
            emulated = new OssStore(OssSettings.sandbox(settings, sandbox.baseUrl(OssEmulator.VENDOR), Sandbox.OSS_REGION,
                    Sandbox.OSS_BUCKET), () -> key);
        }
        return new OssStores(live, emulated);
    }

    /** The gateway's own media links: signed with MEDIAGATE_MEDIA_SIGNING_KEY, or a random key per start. */
    private static ServedMedia servedMedia(Settings settings, DataFolders folders) {
        byte[] key = settings.get("mediagate.media.signing-key").map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] random = new byte[32];
                    new java.security.SecureRandom().nextBytes(random);
                    return random;
                });
        MediaLinks links = new MediaLinks(key, settings.duration("mediagate.media.url-expiry", Duration.ofHours(3)), java.time.Clock.systemUTC());
        return new ServedMedia(folders.work(), links, settings.string("mediagate.media.public-base-url", "http://127.0.0.1:8087"));
    }

    private static String banner(DataFolders folders, VendorRegistry registry, SandboxServer sandbox) {
        StringBuilder b = new StringBuilder("\n");
        b.append("==================================================================\n");
        b.append(" mediagate — drop files into ").append(folders.inbox()).append("/<vendor>/<operation>/\n");
        b.append(" results in ").append(folders.outbox()).append(", originals in done/ or failed/\n");
        for (Vendor vendor : registry.vendors()) {
            b.append(String.format(" %-11s %s  %s%n", vendor.name(), vendor.sandbox() ? "SANDBOX" : "LIVE   ", vendor.endpoint()));
        }
        if (sandbox != null) {
            b.append(" The vendor sandbox runs in-process on ").append(sandbox.baseUrl())
                    .append(": no real vendor is called for the vendors marked SANDBOX.\n")
                    .append(" Set their credentials (e.g. OPENSEARCH_API_KEY, OPENSEARCH_ENDPOINT) to call the real service.\n");
        }
        b.append("==================================================================");
        return b.toString();
    }

    /** Settings backed by Camel's properties (config file, system properties, environment). */
    static Settings settingsOf(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        return new Settings(key -> {
            try {
                return properties.resolveProperty(key);
            } catch (RuntimeException unresolvable) {
                return Optional.empty();
            }
        }, () -> {
            Set<String> keys = new java.util.TreeSet<>();
            properties.loadProperties().stringPropertyNames().forEach(keys::add);

            System.getProperties().stringPropertyNames().forEach(keys::add);
            return keys;
        });
    }
}
