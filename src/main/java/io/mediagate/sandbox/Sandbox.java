package io.mediagate.sandbox;

import io.mediagate.Settings;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds the sandbox with every vendor emulator from {@code mediagate.sandbox.*} settings. New vendors
 * plug in here: one {@link VendorEmulator} each, mounted under its own path prefix.
 */
public final class Sandbox {

    private Sandbox() {
    }

    /**
     * @param apiKeys the key each emulator accepts, by vendor
     */
    public static SandboxServer create(String host, int port, Settings settings, Map<String, String> apiKeys) {
        SandboxControl control = new SandboxControl();
        Duration taskDuration = settings.duration("mediagate.sandbox.task-duration", Duration.ofSeconds(3));
        Map<String, Double> openSearchQps = Map.of(
                "detection", settings.decimal("mediagate.sandbox.opensearch.qps.detection", 20),
                "image-analysis", settings.decimal("mediagate.sandbox.opensearch.qps.image-analysis", 10),
                "video-audio", settings.decimal("mediagate.sandbox.opensearch.qps.video-audio", 5));
        List<VendorEmulator> emulators = List.of(
                new OpenSearchEmulator(new OpenSearchEmulator.Config(apiKeys.get(OpenSearchEmulator.VENDOR), openSearchQps,
                        taskDuration), control));
        try {
            return new SandboxServer(host, port, control, emulators, settings.integer("mediagate.sandbox.threads", 32));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the vendor sandbox on " + host + ":" + port, e);
        }
    }
}
