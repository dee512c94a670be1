package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Reconciliation of the work area with the broker, at start-up and then periodically (so the gateways
 * still running pick up what a dead one left): a crash can land after a file was taken in but before its
 * job reached the broker. Such files go back to the inbox (job not built yet) or their job
 * is enqueued now (job built, not enqueued). The broker's duplicate detection refuses an enqueue that did
 * happen after all, so a job is never on the broker twice.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final WorkArea workArea;
    private final DataFolders folders;
    private final Duration grace;
    private final Duration requestMemory;

    /**
     * @param grace how old a job folder without a job record, or a job not yet enqueued, must be before it is
     *              taken for a crash's leftover while other gateways run (they may be working on it)
     */
    public Reconciler(WorkArea workArea, DataFolders folders, Duration grace) {
        this(workArea, folders, grace, Duration.ofDays(7));
    }

    /** @param requestMemory how long a queue request is remembered as seen (a repeat within it makes no new job) */
    public Reconciler(WorkArea workArea, DataFolders folders, Duration grace, Duration requestMemory) {
        this.workArea = workArea;
        this.folders = folders;
        this.grace = grace;
        this.requestMemory = requestMemory;
    }

    /** The JSON of every job that has to be enqueued again. */
    public List<String> jobsToEnqueue() {
        long now = System.currentTimeMillis();
        LiveInstances instances = workArea.instances();
        // alone, everything from before this gateway started is a leftover; with others, only what is stale
        long cutoff = instances.alone() ? Math.max(instances.startedAt(), now - grace.toMillis()) : now - grace.toMillis();
        int returned = workArea.reclaim().returnUnbuiltClaims(folders.inbox(), cutoff);
        workArea.claims().removeStaleRequestClaims();
        List<Job> jobs = new java.util.ArrayList<>(workArea.enqueued().unenqueuedJobs(cutoff));
        // A request's job has no enqueued marker: its request message is its marker. Until that message's transaction
        // commits, the broker gives the request again to a requests consumer, which hands the job on itself
        // (RequestIntake); sending it from here at the same moment races that hand-off, and two uncommitted sends with
        // the same duplicate id can both pass the broker's check. So a request's job is sent from here only once
        // this gateway has run for the grace (the redelivery would have come) and the job is older than the grace.
        boolean redeliveriesHadTime = now - instances.startedAt() >= grace.toMillis();
        jobs.removeIf(job -> job.getReply() != null && !(redeliveriesHadTime && job.getAcceptedAt() < now - grace.toMillis()));
        if (returned > 0 || !jobs.isEmpty()) {
            LOG.warn("Reconciliation: {} file(s) returned to the inbox, {} job(s) enqueued again", returned, jobs.size());
        }
        return jobs.stream().map(Json::write).toList();
    }

    /**
     * Forgets the queue requests remembered longer than {@code mediagate.requests.remember}: the same request after
     * that makes a new job (routes/housekeeping.camel.yaml, on its cron).
     *
     * @return how many were forgotten
     */
    public int forgetOldRequests() {
        int forgotten = workArea.requests().forgetBefore(System.currentTimeMillis() - requestMemory.toMillis());
        if (forgotten > 0) {
            LOG.info("Forgot {} queue request(s) remembered longer than {}", forgotten, requestMemory);
        }
        return forgotten;
    }

    /** Prepares one of those jobs as the message ingest would have sent (same duplicate id). */
    public void prepare(Exchange exchange) {
        Job job = Json.read(exchange.getMessage().getBody(String.class), Job.class);
        StageMessages.handOffFirst(exchange, job);
    }

    /** Whether an enqueue failed because the broker already had this job (Artemis duplicate detection). */
    public boolean refusedAsDuplicate(Exchange exchange) {
        for (Throwable t = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class); t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t.getClass().getSimpleName().contains("DuplicateId") || message.contains("Duplicate message detected")) {
                return true;
            }
        }
        return false;
    }
}
