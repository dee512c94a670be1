package io.mediagate.testsupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class data sharing archive (JDK AppCDS, <a href="https://openjdk.org/jeps/350">JEP 350</a>) of the classes a
 * gateway loads, for the kill tests, which start some thirty gateway JVMs: loading and verifying Camel's, Artemis' and
 * our classes from the archive instead of the jars saves about a third of each start-up's CPU (measured: 6.8 → 4.3
 * CPU-seconds for a {@code --once} start and stop). It changes nothing the gateway does; a JVM that cannot use the
 * archive (other jars, other flags) ignores it and loads classes as usual.
 *
 * <p>It needs the jar (the JVM archives classes from jars, not from {@code target/classes}); the build makes the jar
 * before the tests and names it to both test phases ({@code mediagate.test.gateway-jar}, surefire and failsafe). The
 * first JVM of the build that needs the archive dumps it once, under a file lock the parallel test JVMs share, by running
 * {@code --once} over one dropped image against the in-process sandbox; every later gateway JVM of either phase uses it.
 */
final class GatewayClassArchive {

    /** Set by the test plugins' configuration: the jar the tests' gateway JVMs run from. */
    static final String JAR_PROPERTY = "mediagate.test.gateway-jar";

    private GatewayClassArchive() {
    }

    /** The packaged jar to run the gateway from, or null to use the test class path. */
    static Path jar() {
        String jar = System.getProperty(JAR_PROPERTY);
        return jar == null || !Files.isRegularFile(Path.of(jar)) ? null : Path.of(jar);
    }

    /** The flag that makes a gateway JVM use the archive, dumping it first if this run has none yet; none on failure. */
    static List<String> flags(List<String> java, Path jar) {
        Path archive;
        try {
            archive = archiveFor(jar);
            if (!Files.exists(archive)) {
                dumpOnce(java, jar, archive);
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // only slower
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
        return Files.exists(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off")
                : List.of();
    }

    /**
     * The archive for this very jar: named after its size and time, which the JVM checks before it uses an archive.
     * A jar rebuilt in the same target/ (any change, then {@code mvn verify} again) gets a new archive instead of a
     * stale one the JVM would silently ignore.
     */
    static Path archiveFor(Path jar) {
        try {
            return jar.resolveSibling("gateway-classes-" + Files.size(jar) + "-"
                    + Files.getLastModifiedTime(jar).toMillis() + ".jsa");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Archives of jars built before this one: they can never be used again. */
    private static void deleteStaleArchives(Path archive) throws IOException {
        try (var old = Files.newDirectoryStream(archive.getParent(), "gateway-classes-*.jsa")) {
            for (Path stale : old) {
                if (!stale.equals(archive)) {
                    Files.deleteIfExists(stale);
                }
            }
        }
    }

    /**
     * One dump per build: the file lock keeps out the other test JVMs, {@code synchronized} the other threads of this
     * one (e2e classes run tests side by side). A file lock alone is not enough within one JVM: a second thread's
     * {@code lock()} fails (OverlappingFileLockException), and closing its channel drops this process's lock on Linux,
     * so a third JVM started a dump of its own while the first was still running (seen: two dumps at once, and gateway
     * JVMs run without the archive, ~2× their CPU).
     */
    private static synchronized void dumpOnce(List<String> java, Path jar, Path archive) throws IOException, InterruptedException {
        try (FileChannel lockFile = FileChannel.open(archive.resolveSibling("gateway-classes.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            if (Files.exists(archive)) {
                return; // another test JVM dumped it while this one waited
            }
            deleteStaleArchives(archive);
            Path data = Files.createTempDirectory("mediagate-class-archive");
            TestMedia.drop(data.resolve("inbox/opensearch/object-detect"), "archive.png", TestMedia.image("png", 64, 48));
            Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
            List<String> command = new ArrayList<>(java);
            command.addAll(List.of("-Xmx256m", "-XX:ArchiveClassesAtExit=" + partial, "-Xlog:cds*=off",
                    "-cp", jar.toString(), "-Dmediagate.broker.listen=", "-Dcamel.main.routes-reload-enabled=false",
                    "-Dcamel.management.port=" + Ports.free(), "-Dcamel.server.port=" + Ports.free(),
                    "-Dmediagate.ingest.min-age=100ms", "io.mediagate.Application", "--once"));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(data.resolve("dump.log").toFile());
            builder.environment().put("MEDIAGATE_DATA_DIR", data.toString());
            builder.environment().remove("OPENSEARCH_API_KEY");
            Process dump = builder.start();
            if (!dump.waitFor(180, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return;
            }
            if (dump.exitValue() == 0 && Files.exists(partial)) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
                RunningGateway.deleteFolder(data); // its journal alone is 22 MB; a failed dump keeps its folder and dump.log to look at
            }
        }
    }
}
