package io.mediagate.durability;

import io.mediagate.testsupport.GatewayJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as a separate JVM (the way users run it), pointed at a sandbox that outlives it, so tests
 * can stop it gracefully (SIGTERM) or kill it (SIGKILL) and start it again on the same data folder.
 */
final class GatewayProcess {

    private final Process process;
    final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static GatewayProcess start(Path data, String sandboxEndpoint, Map<String, String> settings, String... args)
            throws IOException {
        Path log = Files.createTempFile(data.getParent(), "gateway-", ".log");
        List<String> command = GatewayJvm.command();
        command.add("-Xmx256m");
        // the gateway JVMs' own temporary folder, so a test sees what a killed gateway leaves in it
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(tmpOf(data)));
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        // several gateways at once in a test: each its own health port
        command.add("-Dcamel.management.port=" + io.mediagate.testsupport.Ports.free());
        int mediaPort = io.mediagate.testsupport.Ports.free();
        command.add("-Dcamel.server.port=" + mediaPort);
        command.add("-Dmediagate.media.public-base-url=http://127.0.0.1:" + mediaPort);
        if (!settings.containsKey("mediagate.broker.listen")) {
            command.add("-Dmediagate.broker.listen=");
        }
        command.add("-Dcamel.main.routes-reload-enabled=false");
        command.add("io.mediagate.Application");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("MEDIAGATE_DATA_DIR", data.toString());
        builder.environment().put("OPENSEARCH_API_KEY", "test-key");
        builder.environment().put("OPENSEARCH_ENDPOINT", sandboxEndpoint);
        return new GatewayProcess(builder.start(), log);
    }

    /** The temporary folder ({@code java.io.tmpdir}) of the gateways started on {@code data}. */
    static Path tmpOf(Path data) {
        return data.resolveSibling("gateway-tmp");
    }

    /** Quick polling and lifted rate limits, so runs with hundreds of jobs take seconds. */
    static Map<String, String> quickSettings() {
        Map<String, String> s = new java.util.HashMap<>();
        s.put("mediagate.opensearch.poll.first-delay", "500ms");
        s.put("mediagate.opensearch.poll.max-interval", "1s");
        s.put("mediagate.opensearch.rate.detection", "40");
        s.put("mediagate.opensearch.rate.image-analysis", "40");
        s.put("mediagate.ingest.min-age", "300ms");
        s.put("mediagate.ingest.poll-interval", "200");
        s.put("camel.main.shutdown-timeout", "10");
        return s;
    }

    /** SIGKILL: no shutdown hook, no commit, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop users get from Ctrl-C, docker stop or systemd. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    int awaitExit(long seconds) throws InterruptedException, IOException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the gateway did not finish within " + seconds + " s:\n" + tail());
        }
        return process.exitValue();
    }

    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
