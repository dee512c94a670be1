package io.mediagate.modules;

import io.mediagate.config.Settings;
import io.mediagate.media.oss.OssStores;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.sandbox.VendorEmulator;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vendors come from the module list alone: each one wired live or in the sandbox, or left out, as its module says. */
class VendorWiringTest {

    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : started) {
            resource.close();
        }
    }

    @Test
    void withoutCredentialsEveryModuleIsPlayedByItsOwnEmulator() {
        Settings settings = Settings.of(Map.of());
        VendorWiring wiring = new VendorWiring(VendorModules.ALL);
        SandboxServer sandbox = wiring.startSandboxIfNeeded(settings, started::add);
        assertNotNull(sandbox, "vendors without credentials need the sandbox");
        VendorRegistry registry = wiring.vendors(settings, sandbox, wiring.ossStores(settings, sandbox), null);

        assertEquals(VendorModules.ALL.stream().map(VendorModule::name).toList(),
                registry.vendors().stream().map(Vendor::name).toList());
        for (Vendor vendor : registry.vendors()) {
            assertTrue(vendor.sandbox(), vendor.name() + " has no credentials");
            assertEquals(sandbox.baseUrl(vendor.name()), vendor.endpoint());
            assertNotNull(sandbox.emulator(vendor.name(), VendorEmulator.class), vendor.name() + " has an emulator");
            assertTrue(!vendor.operations().isEmpty(), vendor.name() + " lists its operations");
        }
    }

    @Test
    void withTheSandboxOffOnlyLiveAndRequiredVendorsAreWired() {
        Settings settings = Settings.of(Map.of("mediagate.sandbox.enabled", "false",
                "mediagate.opensearch.api-key", "key-1", "mediagate.opensearch.endpoint", "https://127.0.0.1:9"));
        VendorWiring wiring = new VendorWiring(VendorModules.ALL);
        SandboxServer sandbox = wiring.startSandboxIfNeeded(settings, started::add);
        assertNull(sandbox);
        VendorRegistry registry = wiring.vendors(settings, null, wiring.ossStores(settings, null), null);

        assertEquals(List.of("opensearch"), registry.vendors().stream().map(Vendor::name).toList());
        assertTrue(!registry.vendors().iterator().next().sandbox());
    }

    @Test
    void aNewVendorNeedsOnlyItsModule() {
        VendorModule echo = new VendorModule("echo", LivePreflight.credentials(LivePreflight.part("mediagate.echo.key")), true, "Echo is off", () -> "echo-key",
                context -> new EchoVendor(context.sandboxEndpoint("echo"), context.sandboxKey("echo")),
                sandbox -> new VendorEmulator() {
                    @Override
                    public String vendor() {
                        return "echo";
                    }

                    @Override
                    public SandboxResponse handle(io.mediagate.sandbox.SandboxRequest request) {
                        return SandboxResponse.json(200, null);
                    }
                });
        List<VendorModule> modules = new ArrayList<>(VendorModules.ALL);
        modules.add(echo);
        Settings settings = Settings.of(Map.of());
        VendorWiring wiring = new VendorWiring(modules);
        SandboxServer sandbox = wiring.startSandboxIfNeeded(settings, started::add);
        VendorRegistry registry = wiring.vendors(settings, sandbox, OssStores.none(), null);

        Vendor vendor = registry.vendor("echo").orElseThrow();
        assertEquals(sandbox.baseUrl("echo"), vendor.endpoint());
        assertEquals("echo-key", ((EchoVendor) vendor).key.substring(0, "echo-key".length()));
        assertNotNull(sandbox.emulator("echo", VendorEmulator.class));
    }

    private record EchoVendor(String endpoint, String key) implements Vendor {

        @Override
        public String name() {
            return "echo";
        }

        @Override
        public List<VendorOperation> operations() {
            return List.of();
        }

        @Override
        public io.mediagate.auth.RequestSigner signer() {
            return request -> { };
        }

        @Override
        public Map<String, Double> rateLimits() {
            return Map.of();
        }

        @Override
        public boolean sandbox() {
            return true;
        }
    }
}
