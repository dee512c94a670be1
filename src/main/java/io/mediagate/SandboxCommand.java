package io.mediagate;

import io.mediagate.config.Settings;

import io.mediagate.modules.VendorModules;

import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar target/mediagate.jar sandbox [--port N] [--host ADDRESS]}: the vendor sandbox alone,
 * for benchmarks, docker-compose, or trying a client by hand. Every emulator accepts the key from
 * {@code MEDIAGATE_SANDBOX_API_KEY} (default {@code sandbox-key}). Settings come from system properties
 * or the environment: {@code -Dmediagate.sandbox.task-duration=30s} or {@code MEDIAGATE_SANDBOX_TASK_DURATION=30s}.
 */
final class SandboxCommand {

    private static final String USAGE = "usage: sandbox [--port N] [--host ADDRESS]";

    private SandboxCommand() {
    }

    /** The value after the option at {@code option}. */
    private static String valueOf(List<String> args, int option) {
        if (option + 1 >= args.size()) {
            throw new IllegalArgumentException(args.get(option) + " needs a value; " + USAGE);
        }
        return args.get(option + 1);
    }

    private static int portOf(String port) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port " + port + " is not a port number; " + USAGE);
        }
    }

    /** Runs until the JVM is stopped; a wrong option or a port it cannot listen on: IllegalArgumentException, before anything starts. */
    static void run(List<String> args) throws InterruptedException {
        int port = 8089;
        String host = "127.0.0.1";
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--port" -> port = portOf(valueOf(args, i++));
                case "--host" -> host = valueOf(args, i++);
                default -> throw new IllegalArgumentException("unknown sandbox option " + args.get(i) + "; " + USAGE);
            }
        }
        SandboxServer server;
        try {
            server = VendorModules.sandbox(host, port, Settings.fromSystem(), Sandbox.standaloneKeys(System.getenv())).start();
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("port " + port + " on " + host + " is in use or cannot be listened on ("
                    + e.getCause().getMessage() + "): give the sandbox another one with --port N", e);
        }
        System.out.println("mediagate sandbox on " + server.baseUrl() + " — vendors at their own paths (point an official SDK's endpoint here, protocol http) and under /<vendor>/ (opensearch, pai, baidu, ice, bailian, oss),"
                + " admin under /_sandbox/ (calls, faults, reset). OpenSearch API key: MEDIAGATE_SANDBOX_API_KEY;"
                + " Alibaba AccessKey (ICE, Bailian, OSS): MEDIAGATE_SANDBOX_ALIBABA_ACCESS_KEY_ID / _SECRET (default sandbox-id / sandbox-secret); PAI AppId/token: MEDIAGATE_SANDBOX_PAI_APP_ID / _TOKEN (default sandbox-app / sandbox-token);"
                + " Baidu API Key/Secret Key: MEDIAGATE_SANDBOX_BAIDU_API_KEY / _SECRET_KEY (default sandbox-api-key / sandbox-secret-key).");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        stop.await();
    }
}
