package io.mediagate.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of the command line that runs the gateway (or one of its commands) as a separate JVM with this test's
 * class path, the way a user runs {@code java -jar target/mediagate.jar}.
 */
public final class GatewayJvm {

    private GatewayJvm() {
    }

    /**
     * {@code java <flags> -cp <test class path>}; the caller adds {@code -D} settings, the main class and arguments.
     * The flags only make a short-lived JVM start sooner on a few shared cores: the quick (C1) compiler alone spends
     * far less CPU on compiling start-up code, and the serial collector needs no GC threads. Neither changes what
     * the gateway does. When the build names the jar (it does for both test phases) the JVM runs the jar with a shared
     * class archive ({@link GatewayClassArchive}); otherwise (e.g. a test run from an IDE) the test class path.
     */
    public static List<String> command() {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        Path jar = GatewayClassArchive.jar();
        if (jar == null) {
            command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        } else {
            command.addAll(GatewayClassArchive.flags(List.copyOf(command), jar));
            command.addAll(List.of("-cp", jar.toString()));
        }
        return command;
    }
}
