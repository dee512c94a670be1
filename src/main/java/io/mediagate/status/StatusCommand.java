package io.mediagate.status;

import io.mediagate.config.Settings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar target/mediagate.jar status [--broker URL] [--data DIR] [--json]}: how many jobs wait to be
 * submitted, polled (and when the next poll is due) or delivered, and how many ended, per vendor operation.
 * It reads the broker of a running gateway (its TCP listener, or the shared broker of several instances)
 * and the data folders. Exit 0; 3 when the broker cannot be reached or there is none to reach (no listener, the
 * default): the folder counts are still printed.
 */
public final class StatusCommand {

    public static final int BROKER_UNREACHABLE = 3;
    static final String NO_LISTENER = "the embedded broker has no TCP listener (mediagate.broker.listen is empty, the default),"
            + " so the waiting jobs cannot be read from outside the gateway: set mediagate.broker.listen (with"
            + " MEDIAGATE_BROKER_USER / _PASSWORD) and restart the gateway, or pass --broker URL";

    private StatusCommand() {
    }

    public static int run(List<String> args, Settings settings, PrintStream out) {
        String broker = null;
        String data = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--broker" -> broker = value(args, ++i);
                case "--data" -> data = value(args, ++i);
                case "--json" -> json = true;
                default -> throw new IllegalArgumentException("unknown status option " + args.get(i)
                        + "; usage: status [--broker URL] [--data DIR] [--json]");
            }
        }
        Path root = Path.of(data != null ? data : settings.string("mediagate.data-dir"));
        Optional<String> configured = broker != null ? Optional.of(broker) : brokerUrl(settings);
        if (configured.isEmpty()) {
            // the default configuration: the embedded broker is reachable only inside the gateway's process, so
            // the waiting jobs are unknown here, but the folders still tell what ended
            return print(StatusReport.withoutBroker("(none: in-process only)", NO_LISTENER, root), settings, json, out);
        }
        String url = configured.get();
        StatusReport report;
        try (BrokerStatus status = new BrokerStatus(url, settings.get("mediagate.broker.user").orElse(null),
                settings.get("mediagate.broker.password").orElse(null))) {
            report = StatusReport.of(url, status.queuedJobs(), status.deadLetters(), root);
        } catch (Exception e) {
            boolean login = reason(e).contains("AMQ229031") || reason(e).toLowerCase(java.util.Locale.ROOT).contains("security");
            report = StatusReport.withoutBroker(url, reason(e) + (login
                    ? " — the broker refused the login: set MEDIAGATE_BROKER_USER and MEDIAGATE_BROKER_PASSWORD as for the gateway"
                    : " — is the gateway running?"), root);
        }
        return print(report, settings, json, out);
    }

    private static int print(StatusReport report, Settings settings, boolean json, PrintStream out) {
        // what only the gateway's process knows (a disk that refuses deliveries, a full broker disk)
        GatewayHealth.url(settings).map(GatewayHealth::ask).ifPresent(report::withHealth);
        out.print(json ? report.toJson() + "\n" : report.toText(ZoneId.systemDefault()));
        return report.brokerReachable() ? 0 : BROKER_UNREACHABLE;
    }

    /**
     * The shared broker when one is configured; otherwise the embedded broker's listener, reached on loopback
     * when it listens on every interface.
     */
    static Optional<String> brokerUrl(Settings settings) {
        return settings.get("mediagate.broker.url")
                .or(() -> settings.get("mediagate.broker.listen").map(listen -> listen.replace("0.0.0.0", "127.0.0.1")));
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        }
        return args.get(i);
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
