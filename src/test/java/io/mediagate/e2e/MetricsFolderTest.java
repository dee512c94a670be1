package io.mediagate.e2e;

import io.mediagate.sandbox.FaultPlan;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user scraping {@code /observe/metrics} sees after a run through the sandbox: a synchronous operation's files
 * (one of them throttled once with a 429 and then sent again), an asynchronous one polled until done, and a file the
 * gateway rejects. One gateway and one run for the class; each test reads the same scrape.
 */
class MetricsFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String DETECT = "ops-object-detect-001";
    private static final Map<String, String> DETECT_LABELS = Map.of("vendor", "opensearch", "operation", "object-detect");
    private static final Map<String, String> ANALYZE_LABELS = Map.of("vendor", "opensearch", "operation", "image-analyze");

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
            "mediagate.retry.initial-delay", "200ms",
            "mediagate.retry.max-delay", "1s",
            "mediagate.sandbox.task-duration", "300ms",
            "mediagate.opensearch.poll.first-delay", "300ms"));

    private static PrometheusText scrape;

    @BeforeAll
    static void runFilesThrough() throws Exception {
        // the first call to object-detect is answered 429 (Retry-After 0): that job is sent again and succeeds
        gateway.sandbox().control().setFault(new FaultPlan("opensearch", DETECT, null, null, null, 1, 0, null));
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "a.png", TestMedia.image("png", 41, 41));
        awaitFile("outbox", "opensearch/object-detect/a.png.json");
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "b.png", TestMedia.image("png", 43, 43));
        TestMedia.drop(gateway.inbox("opensearch/image-analyze"), "c.png", TestMedia.image("png", 47, 47));
        TestMedia.drop(gateway.inbox("opensearch/object-detect"), "empty.png", new byte[0]);
        // dropped into the vendor's folder, not an operation's: rejected, with no operation to count it under
        TestMedia.drop(gateway.inbox("opensearch"), "stray.png", TestMedia.image("png", 45, 45));
        awaitFile("outbox", "opensearch/object-detect/b.png.json");
        awaitFile("outbox", "opensearch/image-analyze/c.png.json");
        awaitFile("failed", "opensearch/object-detect/empty.png.error.json");
        awaitFile("failed", "opensearch/stray.png");
        scrape = PrometheusText.scrape(gateway);
    }

    private static void awaitFile(String folder, String relative) throws InterruptedException {
        Path file = gateway.data().resolve(folder).resolve(relative);
        await(folder + "/" + relative, LIMIT, () -> Files.exists(file));
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(name, value);
        return all;
    }

    @Test
    void vendor_calls_are_counted_by_outcome_per_vendor_and_operation() {
        assertEquals(2, scrape.value("mediagate_vendor_calls_total", with(DETECT_LABELS, "outcome", "ok")), "one per file sent");
        assertEquals(1, scrape.value("mediagate_vendor_calls_total", with(DETECT_LABELS, "outcome", "429")), "the throttled call");
        double analyzePolls = scrape.value("mediagate_job_polls_sum", ANALYZE_LABELS);
        assertTrue(analyzePolls >= 1, "the async task was polled");
        assertEquals(1 + analyzePolls, scrape.value("mediagate_vendor_calls_total", with(ANALYZE_LABELS, "outcome", "ok")),
                "its submit and each of its polls");
    }

    @Test
    void every_vendor_call_has_its_latency_in_the_histogram() {
        assertEquals(3, scrape.value("mediagate_vendor_call_duration_seconds_count", DETECT_LABELS));
        assertEquals(3, scrape.value("mediagate_vendor_call_duration_seconds_bucket", with(DETECT_LABELS, "le", "+Inf")));
        assertTrue(scrape.value("mediagate_vendor_call_duration_seconds_sum", DETECT_LABELS) > 0);
    }

    @Test
    void finished_jobs_are_counted_delivered_and_failed_by_kind() {
        assertEquals(2, scrape.value("mediagate_jobs_delivered_total", DETECT_LABELS));
        assertEquals(1, scrape.value("mediagate_jobs_delivered_total", ANALYZE_LABELS));
        assertEquals(1, scrape.value("mediagate_jobs_failed_total", with(DETECT_LABELS, "kind", "input")), "the empty file");
        // counted once, as a job of no vendor operation (counting it failed its delivery, and again on every try)
        assertEquals(1, scrape.value("mediagate_jobs_failed_total",
                Map.of("vendor", "(none)", "operation", "(none)", "kind", "input")), "the file dropped outside an operation folder");
        assertEquals(3, scrape.value("mediagate_job_polls_count", DETECT_LABELS), "every finished job");
        assertEquals(0, scrape.value("mediagate_job_polls_sum", DETECT_LABELS), "a synchronous operation is never polled");
    }

    @Test
    void the_stages_show_no_job_left_waiting_after_the_run() {
        for (String stage : new String[]{"submit", "poll", "deliver"}) {
            assertEquals(0, scrape.value("mediagate_jobs_queued", with(DETECT_LABELS, "stage", stage)), stage);
        }
    }

    @Test
    void camel_and_the_jvm_are_served_beside_the_gateways_series() {
        assertTrue(scrape.names().stream().anyMatch(name -> name.startsWith("jvm_memory")), scrape.names().toString());
    }
}
