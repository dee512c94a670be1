package io.mediagate.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The dashboard's HTTP side, on the management server's router (next to {@code /observe/health}):
 * <ul>
 *   <li>{@code GET /observe/dashboard/} the page, its script and style, and uPlot (from its WebJar on the classpath);</li>
 *   <li>{@code GET /observe/dashboard/data} what the page shows ({@link DashboardData}), polled every few seconds;</li>
 *   <li>{@code GET /observe/dashboard/failed/<path>.error.json} an error record, read-only;</li>
 *   <li>{@code POST /observe/dashboard/redrive} {@code {"records": ["<path>.error.json", …]}} puts those inputs back into the inbox.</li>
 * </ul>
 * Every path asks {@link DashboardAccess} first. File and broker work runs on Vert.x's worker threads, not its event loop.
 */
final class DashboardRoutes {

    static final String BASE = "/observe/dashboard";
    private static final String FAILED = BASE + "/failed/";
    private static final int MAX_REDRIVE_BODY = 256 * 1024;

    private final DashboardAccess access;
    private final DashboardData data;
    private final FailedInputs failedInputs;
    private final Map<String, Asset> assets;

    private record Asset(byte[] bytes, String type) {
    }

    DashboardRoutes(DashboardAccess access, DashboardData data, FailedInputs failedInputs) {
        this.access = access;
        this.data = data;
        this.failedInputs = failedInputs;
        String uplot = "META-INF/resources/webjars/uplot/" + webJarVersion("uplot") + "/dist/";
        this.assets = Map.of(
                "", new Asset(resource("io/mediagate/dashboard/index.html"), "text/html; charset=utf-8"),
                "dashboard.js", new Asset(resource("io/mediagate/dashboard/dashboard.js"), "text/javascript; charset=utf-8"),
                "dashboard.css", new Asset(resource("io/mediagate/dashboard/dashboard.css"), "text/css; charset=utf-8"),
                "uplot.js", new Asset(resource(uplot + "uPlot.iife.min.js"), "text/javascript; charset=utf-8"),
                "uplot.css", new Asset(resource(uplot + "uPlot.min.css"), "text/css; charset=utf-8"));
    }

    void addTo(Router router) {
        router.route(BASE + "*").handler(this::guard);
        // the page's links are relative: it lives at .../dashboard/ (Vert.x matches both with and without the slash)
        router.get(BASE).handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                asset(ctx, "");
            } else {
                ctx.redirect(BASE + "/");
            }
        });
        router.get(BASE + "/data").blockingHandler(ctx -> send(ctx, 200, "application/json", data.json()), false);
        router.get(FAILED + "*").blockingHandler(this::errorRecord, false);
        router.post(BASE + "/redrive").handler(BodyHandler.create(false).setBodyLimit(MAX_REDRIVE_BODY));
        router.post(BASE + "/redrive").blockingHandler(this::redrive, false);
        router.get(BASE + "/:asset").handler(ctx -> asset(ctx, ctx.pathParam("asset")));
    }

    private void guard(RoutingContext ctx) {
        switch (access.reader(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
            case ALLOWED -> ctx.next();
            case LOGIN_NEEDED -> {
                ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"mediagate\", charset=\"UTF-8\"");
                send(ctx, 401, "text/plain; charset=utf-8", "log in with the gateway account (MEDIAGATE_BROKER_USER)\n");
            }
            case NO_ACCOUNT -> send(ctx, 403, "text/plain; charset=utf-8", "the dashboard is open beyond loopback"
                    + " (camel.management.host) and asks for the gateway account's login, but none is set:"
                    + " set MEDIAGATE_BROKER_USER and MEDIAGATE_BROKER_PASSWORD and restart the gateway\n");
        }
    }

    private void asset(RoutingContext ctx, String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            send(ctx, 404, "text/plain; charset=utf-8", "not found\n");
        } else {
            send(ctx, 200, asset.type(), asset.bytes());
        }
    }

    private void errorRecord(RoutingContext ctx) {
        String raw = ctx.request().path();
        Optional<Path> record = raw.startsWith(FAILED) ? failedInputs.json(decoded(raw.substring(FAILED.length()))) : Optional.empty();
        if (record.isEmpty()) {
            send(ctx, 404, "text/plain; charset=utf-8", "no such record under failed/\n");
            return;
        }
        try {
            send(ctx, 200, "application/json", Files.readAllBytes(record.get()));
        } catch (IOException gone) {
            send(ctx, 404, "text/plain; charset=utf-8", "no such record under failed/\n");
        }
    }

    private void redrive(RoutingContext ctx) {
        if (!DashboardAccess.fromOwnPage(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE),
                ctx.request().getHeader(DashboardAccess.REQUEST_HEADER), ctx.request().getHeader(HttpHeaders.ORIGIN),
                // the Host header, or HTTP/2's :authority
                ctx.request().authority() == null ? null : ctx.request().authority().toString())) {
            send(ctx, 403, "text/plain; charset=utf-8", "a re-drive comes from the dashboard's own page only\n");
            return;
        }
        JsonNode request = Json.readOrNull(ctx.body().asString());
        if (request == null || !request.path("records").isArray()) {
            send(ctx, 400, "text/plain; charset=utf-8", "expected {\"records\": [\"<path under failed/>.error.json\", …]}\n");
            return;
        }
        ObjectNode answer = Json.MAPPER.createObjectNode();
        ArrayNode results = answer.putArray("results");
        for (JsonNode record : request.path("records")) {
            FailedInputs.Redriven done = failedInputs.redrive(record.asText());
            results.addObject().put("record", done.record()).put("ok", done.ok()).put("message", done.message());
        }
        send(ctx, 200, "application/json", Json.writePretty(answer));
    }

    private static String decoded(String path) {
        try {
            // a '+' in a file name is a '+', not a space as in a form
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return "";
        }
    }

    private static void send(RoutingContext ctx, int status, String type, String body) {
        send(ctx, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(RoutingContext ctx, int status, String type, byte[] body) {
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                // never inside another site's frame (a re-drive button clicked through it); scripts only from here
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'")
                .putHeader("Referrer-Policy", "no-referrer")
                .end(Buffer.buffer(body));
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the classpath: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of an npm WebJar on the classpath (its pom.properties), so the pom alone names it. */
    private static String webJarVersion(String artifact) {
        Properties pom = new Properties();
        try (InputStream in = DashboardRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " WebJar is not on the classpath");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }
}
