package io.mediagate.status;

import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.config.Settings;
import io.mediagate.metrics.JobStageGauges;

import java.util.List;

/**
 * The jobs on the stage queues as {@code status} counts them, for the metrics' stage gauges: asked from inside the
 * gateway (the embedded broker in this process, or the shared one it uses).
 */
public final class QueueCounts {

    private QueueCounts() {
    }

    /** @throws IllegalStateException when the broker cannot be asked */
    public static List<JobStageGauges.Queued> ask(Settings settings) {
        try (BrokerStatus status = new BrokerStatus(settings.get("mediagate.broker.url").orElse(EmbeddedBroker.IN_VM_URL),
                settings.get("mediagate.broker.user").orElse(null), settings.get("mediagate.broker.password").orElse(null))) {
            return status.queuedJobs().stream()
                    .map(job -> new JobStageGauges.Queued(job.stage(), job.vendor(), job.operation(), job.count()))
                    .toList();
        } catch (Exception e) {
            throw new IllegalStateException("the job broker could not be asked for its queues: " + e.getMessage(), e);
        }
    }
}
