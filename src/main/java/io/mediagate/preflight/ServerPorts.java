package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.http.ListenPorts;

import java.util.List;

/**
 * The gateway's two HTTP servers need their ports: the management server (health, metrics, the dashboard) and the
 * served-media server. Camel's HTTP server only logs a port it cannot take and the gateway ran on without it, while its
 * start-up line named the other program's dashboard and health checks reached the other program (two gateways on one
 * machine with the default ports). So the start is refused, naming the setting that moves the port.
 */
public final class ServerPorts {

    private record Server(String enabled, String host, String port, String serves) {
    }

    private static final List<Server> SERVERS = List.of(
            new Server("camel.management.enabled", "camel.management.host", "camel.management.port",
                    "health, metrics and the dashboard"),
            new Server("camel.server.enabled", "camel.server.host", "camel.server.port", "the media it serves to vendors"));

    private ServerPorts() {
    }

    /** Throws, naming the port and its setting, when a port the gateway is to listen on is taken. */
    public static void requireFree(Settings settings) {
        for (Server server : SERVERS) {
            if (!settings.bool(server.enabled())) {
                continue; // off: its port is not read at all
            }
            int port = settings.integer(server.port());
            if (port == 0) {
                continue; // any free port
            }
            String host = settings.string(server.host());
            ListenPorts.problem(host, port).ifPresent(taken -> {
                throw new IllegalStateException("port " + port + " on " + host + " (" + server.port() + ", for "
                        + server.serves() + ") is in use, by another program or another mediagate: give this gateway"
                        + " another one, e.g. -D" + server.port() + "=" + (port + 1) + " (" + taken + ")");
            });
        }
    }
}
