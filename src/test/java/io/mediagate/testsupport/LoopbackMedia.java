package io.mediagate.testsupport;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Media files at plain loopback URLs, for sandbox tests: the sandbox's vendors really download loopback URLs
 * (see LoopbackFetch), so their answers are computed from these bytes. Unknown paths answer 404. The gateway downloads
 * from loopback only what {@code mediagate.download.allow} names: give it {@link #authority()}.
 */
public final class LoopbackMedia implements AutoCloseable {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final AtomicInteger hits = new AtomicInteger();
    private final HttpServer server;

    public LoopbackMedia() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            String location = redirects.get(exchange.getRequestURI().getPath());
            if (location != null) {
                exchange.getResponseHeaders().set("Location", location);
                exchange.sendResponseHeaders(302, -1);
                exchange.close();
                return;
            }
            byte[] content = files.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(content == null ? 404 : 200, content == null ? -1 : content.length);
            if (content != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(content);
                }
            }
            exchange.close();
        });
        server.start();
    }

    /** Serves {@code content} and returns its URL, e.g. {@code http://127.0.0.1:41234/clip.mp4}. */
    public String serve(String name, byte[] content) {
        files.put("/" + name, content);
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/" + name;
    }

    /** Answers {@code name} with a redirect (302) to {@code location}; returns the URL that redirects. */
    public String redirect(String name, String location) {
        redirects.put("/" + name, location);
        return "http://" + authority() + "/" + name;
    }

    /** {@code 127.0.0.1:<port>}: the entry for {@code mediagate.download.allow}. */
    public String authority() {
        return server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** How many requests reached this server. */
    public int hits() {
        return hits.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
