package io.mediagate.flow;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/** DOWN while finished jobs wait because the disk refuses their delivery (full, read-only, a folder in the way). */
public final class DeliveryDiskHealth extends AbstractHealthCheck {

    private final BlockedDeliveries deliveries;

    public DeliveryDiskHealth(BlockedDeliveries deliveries) {
        super("mediagate", "delivery-disk");
        this.deliveries = deliveries;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Map<String, BlockedDeliveries.Blocked> blocked = deliveries.blocked();
        if (blocked.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("blockedJobs", blocked.size());
        builder.message(blocked.size() + " finished job(s) cannot be delivered, the disk refuses their files: "
                + blocked.values().iterator().next().reason());
        builder.down();
    }
}
