package io.mediagate.testsupport;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Media files at plain loopback URLs, for sandbox tests: the sandbox's vendors really download loopback URLs
 * (see LoopbackFetch), so their answers are computed from these bytes. Unknown paths answer 404.
 */
public final class LoopbackMedia implements AutoCloseable {

    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final HttpServer server;

    public LoopbackMedia() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
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

    @Override
    public void close() {
        server.stop(0);
    }
}
