package io.mediagate;

import io.mediagate.config.Settings;
import io.mediagate.metrics.GatewayMeters;
import io.mediagate.metrics.JobStageGauges;
import io.mediagate.status.QueueCounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import io.mediagate.polling.AdaptivePolling;
import io.mediagate.polling.LearnedTimesFile;
import java.util.concurrent.ThreadLocalRandom;

import io.mediagate.flow.AnsweredDelivery;
import io.mediagate.flow.CallPacing;
import io.mediagate.flow.DataFolders;
import io.mediagate.flow.Delivery;
import io.mediagate.flow.Gathering;
import io.mediagate.flow.Intake;
import io.mediagate.flow.JobEvents;
import io.mediagate.flow.InboxLinks;
import io.mediagate.flow.LiveInstances;
import io.mediagate.flow.PoisonGuard;
import io.mediagate.flow.BlockedDeliveries;
import io.mediagate.flow.DeliveryDiskHealth;
import io.mediagate.flow.ExpiredStaging;
import io.mediagate.flow.Progress;
import io.mediagate.flow.Reconciler;
import io.mediagate.flow.RequestIntake;
import io.mediagate.flow.SameFileSystem;
import io.mediagate.flow.WorkArea;
import io.mediagate.flow.VendorAuth;
import io.mediagate.flow.VendorCalls;
import io.mediagate.job.RetryPolicy;
import io.mediagate.preflight.Preflight;
import io.mediagate.preflight.ServerPorts;
import io.mediagate.flow.OutputDownloads;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.oss.OssStores;
import io.mediagate.media.served.MediaLinks;
import io.mediagate.media.served.ServedMedia;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.mediagate.broker.JobBrokerWiring;
import io.mediagate.modules.QuotaBudgets;
import io.mediagate.dashboard.DashboardWiring;
import io.mediagate.modules.VendorModules;
import io.mediagate.modules.VendorWiring;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import io.mediagate.schedules.BudgetResets;
import io.mediagate.schedules.DailyBudget;
import io.mediagate.schedules.ScheduleFile;
import io.mediagate.schedules.Schedules;
import io.mediagate.waiting.LongWaits;
import io.mediagate.waiting.WaitRelease;

/**
 * Wires the gateway before the routes load, in order: the settings and their preflight check, the data folders,
 * the job broker ({@link JobBrokerWiring}), the vendors from their modules ({@link VendorWiring}, which starts the
 * in-process sandbox for vendors without credentials), then the beans the YAML routes call ({@code intake},
 * {@code callPacing}, {@code vendorCalls}, {@code vendorAuth}, {@code delivery}, {@code progress}, …).
 */
public class MediagateConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MediagateConfiguration.class);

    /** What configure started so far (broker, sandbox, connections), closed again if configure fails half-way. */
    private StartedServices started;

    @Override
    public void configure(CamelContext context) {
        started = new StartedServices(context);
        try {
            configureGateway(context);
        } catch (RuntimeException e) {
            started.closeAfter(e);
            throw e;
        }
    }

    private void configureGateway(CamelContext context) {
        Settings settings = settingsOf(context);
        // before anything starts: a live vendor that cannot work (endpoint, credentials, plain http, media it cannot
        // fetch) refuses the start with the setting to fix, instead of failing (and billing) every job
        Preflight.requireReady(settings);
        ServerPorts.requireFree(settings);
        DataFolders folders = new DataFolders(Path.of(settings.string("mediagate.data-dir")));
        folders.create();
        folders.publishTo(context);
        // hand-offs between the folders are renames: atomic only within one file system
        new SameFileSystem().check(folders).forEach(LOG::warn);

        JobBrokerWiring.configure(context, settings, folders.root(), this::stopWithContext);
        VendorWiring vendorWiring = new VendorWiring(VendorModules.ALL);
        SandboxServer sandbox = vendorWiring.startSandboxIfNeeded(settings, this::stopWithContext);
        OssStores oss = vendorWiring.ossStores(settings, sandbox);
        ServedMedia servedMedia = servedMedia(settings, folders);
        VendorRegistry registry = vendorWiring.vendors(settings, sandbox, oss, servedMedia);
        // a hot-folder product shows its folders: the README's first `cp cat.jpg data/inbox/opensearch/object-detect/`
        // works on a fresh start
        folders.createOperationFolders(registry.operations().stream().map(operation -> operation.spec().key()).toList());

        // the mediagate component's endpoints in this application call through the same sandbox and QPS budgets
        context.getRegistry().bind(VendorWiring.BEAN, vendorWiring);
        RateLimiter rateLimiter = QuotaBudgets.of(context, registry);
        bindMetrics(context, settings, registry);
        bindFlowBeans(context, settings, folders, registry, rateLimiter, sandbox, servedMedia);
        DashboardWiring.configure(context, settings, folders, this::stopWithContext);
        LOG.info(banner(folders, registry, sandbox));
    }

    /**
     * The Micrometer registry Camel serves at /observe/metrics on the management port (camel-micrometer-prometheus
     * takes the one bound as {@code metricsRegistry}), with the gateway's own meters in it.
     */
    private static final String METRICS_REGISTRY = "metricsRegistry";

    private static void bindMetrics(CamelContext context, Settings settings, VendorRegistry registry) {
        MeterRegistry prometheus = context.getRegistry().lookupByNameAndType(METRICS_REGISTRY, MeterRegistry.class);
        if (prometheus == null) {
            prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(METRICS_REGISTRY, prometheus);
        }
        GatewayMeters.install(prometheus);
        Map<String, List<String>> operations = new TreeMap<>();
        registry.operations().forEach(operation -> operations.computeIfAbsent(operation.spec().vendor(), vendor -> new ArrayList<>())
                .add(operation.spec().name()));
        new JobStageGauges(() -> QueueCounts.ask(settings), Duration.ofSeconds(10), System::currentTimeMillis)
                .register(prometheus, operations);
    }

    /** The beans the YAML routes call, by the names the routes use. */
    private void bindFlowBeans(CamelContext context, Settings settings, DataFolders folders, VendorRegistry registry,
                               RateLimiter rateLimiter, SandboxServer sandbox, ServedMedia servedMedia) {
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
                settings.duration("mediagate.reconcile.grace"),
                settings.duration("mediagate.requests.remember")));
        // media named by URL for a vendor that reads only OSS (ICE): queue requests and job files alike, with one limit;
        // from public addresses only (and those mediagate.download.allow names), the sandbox's own for its vendors
        MediaDownload downloads = MediaDownload.configured(settings, sandbox == null ? null : sandbox.baseUrl());
        long maxDownloadBytes = Long.parseLong(settings.string("mediagate.requests.max-download-bytes"));
        // polls near the learned end of each kind of task; jobs whose quota slot is far park on the broker
        LearnedTimesFile learned = LearnedTimesFile.in(folders.work(), DataFolders::writeAtomically);
        stopWithContext(learned);
        context.getRegistry().bind("learnedTimes", learned);
        AdaptivePolling polling = new AdaptivePolling(learned.times(), () -> ThreadLocalRandom.current().nextDouble());
        // intake windows and daily budgets: submits outside their window or over budget wait, held on the broker
        Schedules schedules = schedules(context, settings, folders, registry);
        context.getRegistry().bind("callPacing", new CallPacing(registry, rateLimiter, polling, System::currentTimeMillis)
                .withSchedules(schedules));
        // far-off waits park in paged wait buckets, not on the broker's schedule (routes/handoff and wait.camel.yaml)
        Duration parkAfter = settings.duration("mediagate.poll.park-after");
        context.getRegistry().bind("longWaits", new LongWaits(Clock.systemUTC(), parkAfter));
        WaitRelease release = new WaitRelease(JobBrokerWiring.connectionFactory(settings), WaitRelease.stageQueues(settings),
                Clock.systemUTC(), parkAfter, settings.integer("mediagate.poll.max-scheduled"));
        release.withHeldRelease(schedules::mayGo);
        stopWithContext(context, release);
        context.getRegistry().bind("waitRelease", release);
        context.getRegistry().bind("vendorAuth", new VendorAuth(registry));
        context.getRegistry().bind("vendorCalls", new VendorCalls(registry, rateLimiter, retry, workArea, folders.inbox(), downloads, maxDownloadBytes)
                .withPolling(polling).withDailyLimits(schedules));
        context.getRegistry().bind("poisonGuard", new PoisonGuard(workArea.submits(), workArea.sealing(), settings.integer("mediagate.broker.max-deliveries")));
        // a disk that refuses a finished job's files: the job waits and is tried again, never failed for it
        BlockedDeliveries blockedDeliveries = new BlockedDeliveries(
                settings.duration("mediagate.deliver.disk-retry.first-delay"),
                settings.duration("mediagate.deliver.disk-retry.max-interval"));
        context.getRegistry().bind("blockedDeliveries", blockedDeliveries);
        context.getRegistry().bind("deliveryDiskHealth", new DeliveryDiskHealth(blockedDeliveries));
        Delivery delivery = new Delivery(folders, workArea.jobs(), workArea.sealing(), progress, registry,
                settings.bool("mediagate.requests.write-outbox"), blockedDeliveries);
        java.util.function.BooleanSupplier eventsHeard = JobBrokerWiring.anyoneListening(context, settings.string("mediagate.endpoint.events"));
        boolean eventsOn = settings.bool("mediagate.events.enabled");
        context.getRegistry().bind("delivery", delivery);
        context.getRegistry().bind("answeredDelivery", new AnsweredDelivery(workArea.jobs(), workArea.sealing(),
                () -> eventsOn && eventsHeard.getAsBoolean()));
        context.getRegistry().bind("jobEvents", new JobEvents(delivery, eventsHeard));
        context.getRegistry().bind("inboxLinks", new InboxLinks(workArea, delivery, progress));
        context.getRegistry().bind("requestIntake", new RequestIntake(context.getRegistry().lookupByNameAndType("intake", Intake.class),
                workArea, registry, downloads, settings.integer("mediagate.requests.max-inline-bytes"),
                maxDownloadBytes, settings.integer("mediagate.requests.max-request-bytes")));
        context.getRegistry().bind("servedMedia", servedMedia);
        context.getRegistry().bind("gathering", new Gathering(registry));
        context.getRegistry().bind("outputDownloads", new OutputDownloads(registry, workArea.jobs(), downloads));
        context.getRegistry().bind("expiredStaging", new ExpiredStaging(registry, settings.duration("mediagate.oss.staged-expiry"),
                Clock.systemUTC()));
        if (sandbox != null) {
            context.getRegistry().bind(SandboxServer.BEAN, sandbox);
        }
    }

    /**
     * The intake windows and daily budgets, bound as {@code schedules} (read-only views for status and monitoring), with
     * one Quartz route per budget that resets it on its cron. Their clock is the system's unless a {@link Clock} is bound
     * as {@code schedulesClock} before the start (an embedding application's, a test's movable one).
     */
    /** A daily budget on /observe/metrics: {@code quota} is its operation, or {@code all} for a vendor-wide budget. */
    private static void budgetGauges(Schedules schedules, String key) {
        int dot = key.indexOf('.');
        GatewayMeters.current().dailyBudget(dot < 0 ? key : key.substring(0, dot), dot < 0 ? "all" : key.substring(dot + 1),
                () -> schedules.budget(key).map(DailyBudget.State::spent).orElse(0L),
                () -> schedules.budget(key).map(DailyBudget.State::limit).orElse(0L));
    }

    private static Schedules schedules(CamelContext context, Settings settings, DataFolders folders, VendorRegistry registry) {
        Clock clock = java.util.Optional.ofNullable(context.getRegistry().lookupByNameAndType("schedulesClock", Clock.class))
                .orElse(Clock.systemDefaultZone());
        Schedules schedules = Schedules.of(settings, registry.operations().stream()
                        .map(operation -> operation.spec().vendor() + "." + operation.spec().name()).toList(),
                clock, new ScheduleFile(folders.work(), DataFolders::writeAtomically));
        context.getRegistry().bind("schedules", schedules);
        schedules.budgets().stream().filter(budget -> budget.limit() > 0).forEach(budget -> budgetGauges(schedules, budget.key()));
        try {
            context.addRoutes(new BudgetResets(schedules));
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the budget reset routes: " + e.getMessage(), e);
        }
        return schedules;
    }

    /** Closes something when the Camel context stops (after the routes, so consumers are gone first). */
    private void stopWithContext(CamelContext context, AutoCloseable resource) {
        started.stopWithContext(resource);
    }

    private void stopWithContext(AutoCloseable resource) {
        started.stopWithContext(resource);
    }

    /** The gateway's own media links: signed with MEDIAGATE_MEDIA_SIGNING_KEY, or a random key per start. */
    private static ServedMedia servedMedia(Settings settings, DataFolders folders) {
        byte[] key = settings.get("mediagate.media.signing-key").map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] random = new byte[32];
                    new java.security.SecureRandom().nextBytes(random);
                    return random;
                });
        MediaLinks links = new MediaLinks(key, settings.duration("mediagate.media.url-expiry"), java.time.Clock.systemUTC());
        return new ServedMedia(folders.work(), links, settings.string("mediagate.media.public-base-url"));
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
        return io.mediagate.config.CamelSettings.of(context);
    }
}
