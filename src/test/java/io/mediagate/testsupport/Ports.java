package io.mediagate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the brokers, health endpoints and sandboxes that tests start side by side.
 * <p>
 * Taken below the OS's ephemeral range (Linux: 32768–60999), not from it: the OS hands out ports of that range to
 * every bind to port 0, so a sandbox binding port 0 a moment later could get the very port a test had just chosen for
 * its broker (seen once: a gateway's start failed with "Failed to bind acceptor tcp to 127.0.0.1:32997", the port its
 * in-process sandbox had just taken).
 */
public final class Ports {

    private static final int FIRST = 20_000;
    private static final int COUNT = 12_000;

    private Ports() {
    }

    public static int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = FIRST + ThreadLocalRandom.current().nextInt(COUNT);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // another test's, or another program's: try the next
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
