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
     * the gateway does.
     */
    public static List<String> command() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")));
    }
}
