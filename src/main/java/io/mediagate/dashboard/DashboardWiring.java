package io.mediagate.dashboard;

import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.config.Settings;
import io.mediagate.flow.DataFolders;
import io.mediagate.metrics.GatewayMeters;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Sets up the web dashboard ({@code /observe/dashboard/} on the management port, README "Dashboard"): its activity
 * counts start with the gateway (sampled from its meters every 5 s); its pages are added to Camel's management HTTP server once that has started (its
 * router exists only then), beside {@code /observe/health}. Without a management server there is no dashboard.
 */
public final class DashboardWiring {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardWiring.class);

    private DashboardWiring() {
    }

    public static void configure(CamelContext context, Settings settings, DataFolders folders, Consumer<AutoCloseable> stopWithContext) {
        DashboardAccess access = DashboardAccess.of(settings);
        Clock clock = Clock.systemUTC();
        MinuteCounts activity = new MinuteCounts(clock);
        // the charts' minutes, from the meters of /observe/metrics (bound before this, MediagateConfiguration)
        ActivityRecorder recorder = new ActivityRecorder(GatewayMeters.current().registry(), activity);
        ScheduledExecutorService sampling = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(DashboardWiring.class, "dashboard-activity");
        sampling.scheduleWithFixedDelay(recorder, 0, 5, TimeUnit.SECONDS);
        stopWithContext.accept(() -> context.getExecutorServiceManager().shutdownNow(sampling));
        FailedInputs failedInputs = new FailedInputs(folders.failed(), folders.inbox(), clock);
        DashboardData data = new DashboardData(context, settings.get("mediagate.broker.url").orElse(EmbeddedBroker.IN_VM_URL),
                settings.get("mediagate.broker.user").orElse(null), settings.get("mediagate.broker.password").orElse(null),
                folders.root(), activity, failedInputs, clock);
        stopWithContext.accept(data::close);
        try {
            context.addStartupListener(startedListener(access, data, failedInputs));
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the dashboard", e);
        }
    }

    private static StartupListener startedListener(DashboardAccess access, DashboardData data, FailedInputs failedInputs) {
        return new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                // the management server's router is made when it starts
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                ManagementHttpServer server = started.hasService(ManagementHttpServer.class);
                if (server == null || server.getRouter() == null) {
                    LOG.info("No dashboard: the management server is off (camel.management.enabled)");
                    return;
                }
                new DashboardRoutes(access, data, failedInputs).addTo(server.getRouter());
                LOG.info("Dashboard: http://{}:{}{}/{}", server.getHost(), server.getPort(), DashboardRoutes.BASE,
                        access.loginRequired() ? " (login with the gateway account)" : "");
            }
        };
    }
}
