package io.mediagate.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

/**
 * Whether a port can be listened on, asked before a server that would not say so starts: Camel's HTTP server only
 * logs a port it cannot take, and Artemis fails its whole initialisation while its start still returns.
 */
public final class ListenPorts {

    private ListenPorts() {
    }

    /** Why {@code host:port} cannot be listened on (taken, not this machine's address), or empty when it can. */
    public static Optional<String> problem(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            // as servers bind: a port left in TIME_WAIT by a server just stopped is free
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
