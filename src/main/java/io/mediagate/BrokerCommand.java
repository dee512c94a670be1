package io.mediagate;

import io.mediagate.config.Settings;

import io.mediagate.broker.EmbeddedBroker;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar target/mediagate.jar broker [--listen tcp://HOST:PORT] [--data DIR]}: the job broker alone
 * (the same Artemis settings as the embedded one), for trying several gateways on one machine without
 * installing Artemis, and for benchmarks. For production, prefer a real Artemis install with
 * {@code docker/artemis/broker.properties}: it has authentication, a console and its own tooling.
 */
final class BrokerCommand {

    private BrokerCommand() {
    }

    static void run(List<String> args, Settings settings) throws Exception {
        String listen = "tcp://127.0.0.1:61616";
        Path data = Path.of(settings.string("mediagate.data-dir")).resolve("broker");
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--listen" -> listen = args.get(++i);
                case "--data" -> data = Path.of(args.get(++i));
                default -> throw new IllegalArgumentException("unknown broker option " + args.get(i)
                        + "; usage: broker [--listen tcp://HOST:PORT] [--data DIR]");
            }
        }
        io.mediagate.broker.BrokerAccount account = io.mediagate.broker.JobBrokerWiring.brokerAccount(settings);
        if (account == null) {
            throw new IllegalArgumentException("the broker never takes anonymous connections: set MEDIAGATE_BROKER_USER and"
                    + " MEDIAGATE_BROKER_PASSWORD (the gateways use the same)");
        }
        EmbeddedBroker broker = new EmbeddedBroker(data, listen,
                settings.integer("mediagate.broker.id-cache-size"), account).start();
        System.out.println("mediagate job broker on " + listen + " (journal under " + data.toAbsolutePath()
                + "); gateways: MEDIAGATE_BROKER_URL=" + listen);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("broker stop: " + e.getMessage());
            }
            stop.countDown();
        }));
        stop.await();
    }
}
