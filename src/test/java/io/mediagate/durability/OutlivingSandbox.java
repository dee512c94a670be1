package io.mediagate.durability;

import io.mediagate.modules.VendorModules;

import io.mediagate.config.Settings;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The set-up of the tests that stop, kill and restart gateway JVMs: a data folder, and a vendor sandbox in the test's
 * own JVM that outlives the gateways, so its counters show every call ever made (a resubmission would show up there).
 */
abstract class OutlivingSandbox {

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;
    Path data;
    SandboxServer sandbox;
    SandboxControl control;

    /** The sandbox's settings (task duration, quotas). */
    abstract Map<String, String> sandboxSettings();

    /** The keys the sandbox's vendors accept, by vendor. */
    Map<String, String> sandboxKeys() {
        return Map.of("opensearch", "test-key");
    }

    @BeforeEach
    void startSandbox() throws IOException {
        data = dir.resolve("data");
        Files.createDirectories(data);
        sandbox = VendorModules.sandbox(null, 0, Settings.of(sandboxSettings()), sandboxKeys()).start();
        control = sandbox.control();
    }

    /**
     * Also kills any gateway JVM a failed test left running: it would hold its ports and a core for the rest of the
     * suite (the test JVM's only child processes are the gateways its tests start).
     */
    @AfterEach
    void stopSandbox() {
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        sandbox.close();
    }
}
