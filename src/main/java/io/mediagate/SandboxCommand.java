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

    private SandboxCommand() {
    }

    static void run(List<String> args) throws InterruptedException {
        int port = 8089;
        String host = "127.0.0.1";
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--port" -> port = Integer.parseInt(args.get(++i));
                case "--host" -> host = args.get(++i);
                default -> throw new IllegalArgumentException("unknown sandbox option " + args.get(i)
                        + "; usage: sandbox [--port N] [--host ADDRESS]");
            }
        }
        SandboxServer server = VendorModules.sandbox(host, port, Settings.fromSystem(), Sandbox.standaloneKeys(System.getenv())).start();
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
