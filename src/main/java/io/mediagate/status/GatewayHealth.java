package io.mediagate.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the running gateway's own health check says ({@code /observe/health} on its management port): the one place
 * that knows what lives only inside its process, such as finished jobs waiting for a full disk or a broker that
 * stopped taking messages. {@code status} prints every check that is DOWN, with its reason.
 */
public final class GatewayHealth {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    /** A check that is not UP: its name (e.g. {@code broker-disk}) and why. */
    public record Problem(String check, String message) {
    }

    /**
     * @param url      where the health was asked
     * @param reached  false when no gateway answered there (not running, or another port)
     * @param problems the checks that are DOWN (empty when all are UP)
     */
    public record Answer(String url, boolean reached, List<Problem> problems) {
    }

    private GatewayHealth() {
    }

    /** The health endpoint of the gateway configured by {@code settings}, when its management server is on. */
    public static Optional<String> url(Settings settings) {
        if (!settings.bool("camel.management.enabled")) {
            return Optional.empty();
        }
        String host = settings.string("camel.management.host");
        // a gateway listening on every interface is asked on loopback
        host = host.equals("0.0.0.0") || host.isBlank() ? "127.0.0.1" : host;
        return Optional.of("http://" + host + ":" + settings.string("camel.management.port") + "/observe/health");
    }

    public static Answer ask(String url) {
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(TIMEOUT).build().send(
                    HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Answer(url, false, List.of());
        }
        return new Answer(url, true, problems(response.statusCode(), response.body()));
    }

    /** Camel's health answer: {@code {"status": …, "checks": [{"name", "status", "message"}, …]}}. */
    static List<Problem> problems(int statusCode, String body) {
        List<Problem> problems = new ArrayList<>();
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(body);
        } catch (Exception e) {
            answer = Json.MAPPER.createObjectNode();
        }
        for (JsonNode check : answer.path("checks")) {
            if (!"UP".equals(check.path("status").asText())) {
                problems.add(new Problem(check.path("name").asText("?"), check.path("message").asText(check.path("status").asText())));
            }
        }
        if (problems.isEmpty() && statusCode != 200) {
            problems.add(new Problem("gateway", "the health endpoint answered HTTP " + statusCode));
        }
        return problems;
    }
}
