package io.mediagate.broker;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Locale;
import java.util.Map;

/**
 * DOWN while the embedded broker's disk is used beyond {@code mediagate.broker.max-disk-usage}: the broker then takes
 * no messages, so new files stay in the inbox and jobs wait between stages (nothing is lost; all resumes by itself
 * once space returns). Only for the embedded broker: a shared broker reports its own disk.
 */
public final class BrokerDiskHealth extends AbstractHealthCheck {

    private final EmbeddedBroker broker;

    public BrokerDiskHealth(EmbeddedBroker broker) {
        super("mediagate", "broker-disk");
        this.broker = broker;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (!broker.diskFull()) {
            builder.up();
            return;
        }
        double used = broker.diskUsagePercent();
        double limit = broker.maxDiskUsagePercent();
        builder.detail("diskUsedPercent", Math.round(used));
        builder.detail("maxDiskUsagePercent", Math.round(limit));
        builder.message(String.format(Locale.ROOT, "the job broker's disk is %.0f %% used, above its limit of %.0f %%"
                + " (mediagate.broker.max-disk-usage): new files wait in the inbox and jobs wait between stages until"
                + " space is freed", used, limit));
        builder.down();
    }
}
