package io.mediagate.component;

import io.mediagate.config.Settings;
import io.mediagate.modules.VendorModules;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exchanges waiting for their vendor tasks hold no thread each: 200 async exchanges wait at once (their tasks stay
 * pending while the sandbox's clock stands still) and the application has no more threads than before them.
 */
class WaitingExchangesTest {

    private static final String KEY = "waiting-test-key";
    private static final String ANALYZE_SERVICE = "ops-image-analyze-vlm-001";
    private static final Duration TASK = Duration.ofSeconds(30);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private SandboxServer sandbox;
    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void manyWaitingAsyncExchangesHoldNoThreadEach() throws Exception {
        int exchanges = 200;
        // the sandbox's QPS buckets refill by its clock, which stands still here: room for every call of the test
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.task-duration", TASK.toSeconds() + "s",
                "mediagate.sandbox.threads", "4", "mediagate.sandbox.opensearch.qps.image-analysis", "100000",
                "mediagate.sandbox.opensearch.qps.detection", "100000")), Map.of("opensearch", KEY), clock).start();
        context = EmbeddingApp.context(Map.of("mediagate.sandbox.enabled", "false",
                "mediagate.opensearch.api-key", KEY, "mediagate.opensearch.endpoint", sandbox.baseUrl("opensearch"),
                "mediagate.opensearch.rate.image-analysis", "2000", "mediagate.opensearch.rate.detection", "2000"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:analyze").to("mediagate:opensearch/image-analyze?pollFirstDelay=100ms&pollMaxInterval=200ms");
                from("direct:detect").to("mediagate:opensearch/object-detect");
            }
        });
        context.start();
        byte[] image = TestMedia.image("png", 40, 30);
        // calls until every pool a call uses (the component's, the sandbox's) has all its threads, before counting
        ProducerTemplate template = context.createProducerTemplate();
        for (int i = 0; i < 8; i++) {
            template.requestBodyAndHeader("direct:detect", image, MediagateConstants.FILE_NAME, "warm-up.png");
        }
        int threadsBefore = threadCount();

        AsyncProducer producer = context.getEndpoint("direct:analyze").createAsyncProducer();
        producer.start();
        CountDownLatch done = new CountDownLatch(exchanges);
        List<Exchange> sent = new ArrayList<>();
        for (int i = 0; i < exchanges; i++) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(image);
            exchange.getMessage().setHeader(MediagateConstants.FILE_NAME, "image-" + i + ".png");
            sent.add(exchange);
            // returns at once: the test's own thread sends them all, and none waits on it
            producer.process(exchange, doneSync -> done.countDown());
        }
        // every task created and polled about once more: all 200 exchanges are waiting now. The count of calls alone
        // does not tell: it holds the polls of the first exchanges (every 200 ms) while the last are still being sent,
        // slowly on a busy machine; and a task created after the clock moves would stay pending, its exchange unended.
        int most = threadCount();
        while (done.getCount() == exchanges && (sandbox.control().events("opensearch", "tasks-created") < exchanges
                || sandbox.control().calls("opensearch", ANALYZE_SERVICE) < 2L * exchanges)) {
            most = Math.max(most, threadCount());
            Thread.sleep(10);
        }
        assertEquals(exchanges, context.getInflightRepository().size());
        assertEquals(exchanges, done.getCount());
        // a thread per waiting exchange would be 200 more
        assertTrue(most <= threadsBefore + 5, "threads before: " + threadsBefore + ", while " + exchanges
                + " exchanges waited: " + most);

        clock.advance(TASK);
        assertTrue(done.await(60, TimeUnit.SECONDS));
        producer.stop();
        for (Exchange exchange : sent) {
            assertNull(exchange.getException());
            assertEquals("succeeded", exchange.getMessage().getHeader(MediagateConstants.STATUS));
        }
        assertEquals(exchanges, sent.stream().map(e -> e.getMessage().getHeader(MediagateConstants.TASK_ID)).distinct().count());
    }

    private static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
