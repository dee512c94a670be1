package io.mediagate.component;

import io.mediagate.sandbox.SandboxControl;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The gateway and the {@code mediagate:} component in one Camel application spend one QPS budget per vendor quota:
 * a burst dropped into the gateway's inbox and a burst of exchanges sent at the same time, both to OpenSearch's
 * detection quota, reach the vendor (the gateway's sandbox, which answers 429 above the documented QPS) without one
 * throttled call.
 */
class SharedQuotaBudgetTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    /**
     * The vendor (the sandbox) allows 20 detections a second; the gateway's budget for them is set to 15: a margin for
     * the moment between taking a slot and the call reaching the vendor, which differs between the gateway's route and
     * the component and grows on a busy machine (at 20 the two sides' calls sometimes arrived bunched: 6 of 86 were
     * throttled in one CI run). Two budgets of 15 would still send 30 a second: 50 calls each outrun the vendor's 20.
     */
    private static final int EACH = 50;
    private static final String FACE_DETECT = "ops-object-detect-face-001";

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> java.util.Map.of("mediagate.opensearch.rate.detection", "15"));

    @Test
    void theGatewaysAndTheComponentsCallsTogetherKeepToTheVendorsQps() throws Exception {
        gateway.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:face-detect").to("mediagate:opensearch/face-detect");
            }
        });
        SandboxControl vendor = gateway.sandbox().control();
        long callsBefore = vendor.calls("opensearch", FACE_DETECT);
        long throttledBefore = vendor.throttled("opensearch");
        ProducerTemplate template = gateway.context().createProducerTemplate();

        for (int i = 0; i < EACH; i++) {
            TestMedia.drop(gateway.inbox("opensearch/face-detect/shared"), "g" + i + ".png", TestMedia.image("png", 20, 20 + i));
        }
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
            answers.add(template.asyncRequestBodyAndHeader("direct:face-detect", TestMedia.image("png", 30, 20 + i),
                    MediagateConstants.FILE_NAME, "c" + i + ".png"));
        }

        for (CompletableFuture<Object> answer : answers) {
            answer.get();
        }
        for (int i = 0; i < EACH; i++) {
            Path envelope = gateway.outbox("opensearch/face-detect/shared/g" + i + ".png.json");
            RunningGateway.await("gateway envelope " + i, LIMIT, () -> Files.exists(envelope));
        }
        assertEquals(2L * EACH, vendor.calls("opensearch", FACE_DETECT) - callsBefore,
                "the component's calls go to the gateway's sandbox, one call per job: " + vendor.countsAsJson());
        assertEquals(0, vendor.throttled("opensearch") - throttledBefore,
                "one budget for both: the vendor never throttles: " + vendor.countsAsJson());
        // and it is one budget, not two that happened not to collide: the component books its calls where the
        // gateway's submit and poll stages book theirs (the callPacing bean of routes/vendor-call.camel.yaml)
        java.lang.reflect.Field pacingBudget = io.mediagate.flow.CallPacing.class.getDeclaredField("rateLimiter");
        pacingBudget.setAccessible(true);
        Object gatewaysBudget = pacingBudget.get(gateway.context().getRegistry().lookupByName("callPacing"));
        assertSame(gatewaysBudget, gateway.context().getComponent("mediagate", MediagateComponent.class).services().rateLimiter());
    }
}
