package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.testsupport.LiveSandbox;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every other vendor live, PAI without credentials: PAI is played by the in-process sandbox like any other vendor
 * without credentials (README: "Vendors without credentials keep using the sandbox"), not switched off.
 */
class PaiSandboxedWhenOthersLiveTest {

    static LiveSandbox live;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        live = new LiveSandbox();
        return LiveSandbox.all(live.openSearch(), live.ice(), live.bailian(), live.baidu());
    });

    @AfterAll
    static void stop() throws Exception {
        live.close();
    }

    @Test
    void pai_without_credentials_is_sandboxed_and_answers_a_dropped_image() throws Exception {
        VendorRegistry registry = gateway.context().getRegistry().lookupByNameAndType("vendorRegistry", VendorRegistry.class);
        for (String name : new String[] {"opensearch", "ice", "bailian", "baidu"}) {
            assertFalse(registry.vendor(name).orElseThrow().sandbox(), name + " is live");
        }
        Vendor pai = registry.vendor("pai").orElseThrow(() -> new AssertionError("PAI was switched off"));
        assertTrue(pai.sandbox());

        TestMedia.drop(gateway.inbox("pai/image-qa"), "cat.png", TestMedia.image("png", 40, 30));
        JsonNode envelope = RunningGateway.awaitJson(gateway.outbox("pai/image-qa/cat.png.json"), Duration.ofSeconds(30));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertEquals("sandbox", envelope.path("vendor").path("service").asText(), envelope.toString());
    }
}
