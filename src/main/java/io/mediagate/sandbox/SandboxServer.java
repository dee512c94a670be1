package io.mediagate.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.alibaba.Acs3Verifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The vendor sandbox: one HTTP server on a loopback address with each vendor emulator under
 * {@code /<vendor>/…} and at the vendor's own paths at the root ({@link SandboxRoutes}), and a small admin API
 * under {@code /_sandbox/}:
 * <ul>
 *   <li>{@code GET /_sandbox/calls} — calls per vendor operation, with throttled and failed counts</li>
 *   <li>{@code POST /_sandbox/faults} — set a {@link FaultPlan} (JSON), including {@link AnswerFault}s that break
 *       the answer on its way (reset mid-body, no answer, truncated, a load balancer's HTML 502, fields missing,
 *       slower than a read timeout); {@code DELETE /_sandbox/faults} — clear all</li>
 *   <li>{@code POST /_sandbox/reset} — clear faults and counts</li>
 * </ul>
 * It uses the JDK's own HTTP server: no dependency, and it is only a test double of remote services.
 */
public final class SandboxServer implements AutoCloseable {

    /** The registry name of the gateway's running sandbox (tests and the mediagate component find it by it). */
    public static final String BEAN = "sandbox";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxServer.class);

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, every answer
        // waits for the client's delayed ACK (~40 ms), which no real vendor does. Read once by the JDK.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Requests larger than this are cut off and flagged, so emulators can answer with their size error. */
    static final int MAX_READ_BYTES = 16 * 1024 * 1024;

    private final SandboxControl control;
    private final Map<String, VendorEmulator> emulators = new LinkedHashMap<>();
    private final SandboxRoutes routes;
    private final HttpServer server;
    private final ExecutorService executor;

    public SandboxServer(String host, int port, SandboxControl control, List<VendorEmulator> emulators, int threads) throws IOException {
        this.control = control;
        emulators.forEach(e -> this.emulators.put(e.vendor(), e));
        this.routes = new SandboxRoutes(this.emulators);
        this.server = HttpServer.create(new InetSocketAddress(host == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(host), port), 512);
        this.executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sandbox-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
    }

    public SandboxServer start() {
        server.start();
        LOG.info("Vendor sandbox listening on {} ({})", baseUrl(), String.join(", ", emulators.keySet()));
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        java.net.InetAddress address = server.getAddress().getAddress();
        String host = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : address.getHostAddress();
        return "http://" + host + ":" + port();
    }

    /** Base URL a client uses for one vendor, e.g. {@code http://127.0.0.1:8089/opensearch}. */
    public String baseUrl(String vendor) {
        return baseUrl() + "/" + vendor;
    }

    /** The emulator mounted under {@code /<vendor>} (tests look into its state, e.g. the OSS buckets). */
    public <T extends VendorEmulator> T emulator(String vendor, Class<T> type) {
        return type.cast(emulators.get(vendor));
    }

    public SandboxControl control() {
        return control;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange http) throws IOException {
        try (http) {
            String path = http.getRequestURI().getRawPath();
            SandboxResponse response;
            if (path.startsWith("/_sandbox/")) {
                response = admin(http, path.substring("/_sandbox/".length()));
            } else {
                response = dispatch(http, path);
            }
            if (response.cut() == AnswerFault.NO_ANSWER) {
                throw new ConnectionCut("closed without an answer");
            }
            response.headers().forEach((k, v) -> http.getResponseHeaders().add(k, v));
            if (response.cut() == AnswerFault.RESET) {
                cutMidBody(http, response);
            }
            http.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                try (OutputStream out = http.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (ConnectionCut cut) {
            // thrown on to the JDK server, which closes the connection on a handler's exception
            LOG.debug("sandbox answer fault: {}", cut.getMessage());
            throw cut;
        } catch (IOException clientWentAway) {
            LOG.debug("sandbox client closed the connection: {}", clientWentAway.getMessage());
        } catch (RuntimeException bug) {
            // the path only: queries carry tokens and secrets (Baidu's access_token, client_secret)
            LOG.error("sandbox failed on {}", http.getRequestURI().getPath(), bug);
        }
    }

    /**
     * Announces the whole body, sends half of it and has the connection dropped ({@link ConnectionCut}): the client's
     * read fails mid-body.
     */
    private static void cutMidBody(HttpExchange http, SandboxResponse response) throws IOException {
        byte[] body = response.body().length > 1 ? response.body() : "{\"cut\":\"here\"}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        http.sendResponseHeaders(response.status(), body.length);
        OutputStream out = http.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        throw new ConnectionCut("connection dropped after " + body.length / 2 + " of " + body.length + " bytes");
    }

    /**
     * Thrown out of the handler on purpose: the JDK server closes the connection when a handler throws, without
     * completing the answer (closing the exchange normally would finish it or keep the connection open).
     */
    private static final class ConnectionCut extends RuntimeException {
        ConnectionCut(String what) {
            super(what, null, false, false);
        }
    }

    private SandboxResponse dispatch(HttpExchange http, String path) throws IOException {
        SandboxRoutes.Route route = routes.route(http.getRequestHeaders().getFirst("Host"), path).orElse(null);
        if (route == null) {
            // what Alibaba's gateway answers for a path it has no API at
            return Acs3Verifier.error(404, "InvalidApi.NotFound", "Specified api is not found, please check your url and method."
                    + " The sandbox answers each vendor's own paths at its root and under /<vendor>/ (" + String.join(", ", emulators.keySet()) + ").");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        http.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        byte[] body;
        boolean tooLarge;
        try (InputStream in = http.getRequestBody()) {
            body = in.readNBytes(MAX_READ_BYTES + 1);
            tooLarge = body.length > MAX_READ_BYTES;
            if (tooLarge) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        SandboxRequest request = new SandboxRequest(http.getRequestMethod(), route.path(), http.getRequestURI().getRawQuery(),
                headers, body, tooLarge, route.mount());
        return route.emulator().handle(request);
    }

    private SandboxResponse admin(HttpExchange http, String command) throws IOException {
        String method = http.getRequestMethod();
        switch (command) {
            case "calls":
                return SandboxResponse.json(200, control.countsAsJson());
            case "faults":
                if (method.equals("DELETE")) {
                    control.clearFaults();
                    return SandboxResponse.json(200, Json.object().put("faults", "cleared"));
                }
                if (method.equals("POST")) {
                    try (InputStream in = http.getRequestBody()) {
                        FaultPlan plan = Json.MAPPER.readValue(in, FaultPlan.class);
                        if (plan.vendor() == null) {
                            return SandboxResponse.json(400, Json.object().put("message", "a fault plan needs \"vendor\""));
                        }
                        control.setFault(plan);
                        return SandboxResponse.json(200, Json.MAPPER.valueToTree(plan));
                    } catch (IOException e) {
                        return SandboxResponse.json(400, Json.object().put("message", "unreadable fault plan: " + e.getMessage()));
                    }
                }
                break;
            case "reset":
                control.clearFaults();
                control.resetCounts();
                return SandboxResponse.json(200, Json.object().put("reset", true));
            default:
                break;
        }
        return SandboxResponse.json(404, Json.object().put("message", "unknown sandbox admin call " + method + " " + command));
    }
}
