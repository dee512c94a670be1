package io.mediagate.schedules;

import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.Ports;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.JobExecutionContext;
import org.quartz.listeners.TriggerListenerSupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two gateways on one broker, each firing the housekeeping schedules of routes/housekeeping.camel.yaml every second:
 * every scheduled run is done once, by one of them, not once per gateway. The runs themselves are stand-ins that
 * count (the real ones are reconcile.camel.yaml's and the reconciler's).
 */
class HousekeepingOnceTest {

    @TempDir
    Path dir;

    /** Every distinct scheduled fire time of the reconcile run, as either gateway's Quartz fired it. */
    private final Set<Long> fireTimes = ConcurrentHashMap.newKeySet();
    private final AtomicInteger fires = new AtomicInteger();
    private final AtomicInteger reconcileRuns = new AtomicInteger();

    @Test
    void each_scheduled_run_happens_once_across_two_gateways() throws Exception {
        String url = "tcp://127.0.0.1:" + Ports.free();
        try (EmbeddedBroker broker = new EmbeddedBroker(dir, url, 1000, BrokerLogin.account()).start()) {
            CamelContext first = gateway("gateway-a", url);
            CamelContext second = gateway("gateway-b", url);
            try {
                first.start();
                second.start();
                await("both gateways fired the same runs a few times", Duration.ofSeconds(30),
                        () -> fires.get() >= 8 && fires.get() > fireTimes.size());
                for (CamelContext gateway : List.of(first, second)) {
                    gateway.getRouteController().stopRoute("housekeeping-reconcile");
                    gateway.getRouteController().stopRoute("housekeeping-forget-requests");
                    gateway.getRouteController().stopRoute("housekeeping-expired-staged");
                }
                int scheduled = fireTimes.size();
                await("every fired run done", Duration.ofSeconds(30), () -> reconcileRuns.get() >= scheduled);
                assertEquals(scheduled, reconcileRuns.get(), fires.get() + " fires of " + scheduled + " scheduled runs");
                assertTrue(fires.get() > scheduled, "both gateways fired some of the same runs");
            } finally {
                second.stop();
                first.stop();
            }
        }
    }

    private CamelContext gateway(String name, String brokerUrl) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName(name);
        Properties settings = new Properties();
        settings.putAll(Map.of(
                "mediagate.housekeeping.time-zone", "UTC",
                "mediagate.housekeeping.reconcile.cron", "* * * * * ?",
                "mediagate.housekeeping.forget-requests.cron", "* * * * * ?",
                "mediagate.housekeeping.expired-staged.cron", "* * * * * ?",
                "mediagate.endpoint.housekeeping", "jms:queue:mediagate.housekeeping?concurrentConsumers=1"));
        context.getPropertiesComponent().setInitialProperties(settings);
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(new ActiveMQConnectionFactory(brokerUrl, BrokerLogin.USER, BrokerLogin.PASSWORD));
        context.addComponent("jms", jms);
        context.getRegistry().bind("reconciler", new Object() {
            @SuppressWarnings("unused")
            public int forgetOldRequests() {
                return 0;
            }
        });
        context.getRegistry().bind("expiredStaging", new Object() {
            @SuppressWarnings("unused")
            public int removeExpired() {
                return 0;
            }
        });
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:reconcile").process(exchange -> reconcileRuns.incrementAndGet());
            }
        });
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveMandatoryResource(context,
                "file:routes/housekeeping.camel.yaml"));
        context.getComponent("quartz", QuartzComponent.class).addScheduleInitTask(scheduler ->
                scheduler.getListenerManager().addTriggerListener(new TriggerListenerSupport() {
                    @Override
                    public String getName() {
                        return "count-" + name;
                    }

                    @Override
                    public void triggerFired(org.quartz.Trigger trigger, JobExecutionContext fired) {
                        if (trigger.getKey().getName().equals("reconcile")) {
                            fires.incrementAndGet();
                            fireTimes.add(fired.getScheduledFireTime().getTime());
                        }
                    }
                }));
        return context;
    }
}
