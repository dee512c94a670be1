package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What docker-compose's health check asks: is this gateway up? */
class HealthEndpointTest {

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.onDefaults();

    @Test
    void a_running_gateway_reports_up_on_observe_health() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        // DOWN (503) until the inbox has been polled once, then UP
        RunningGateway.await("health UP", java.time.Duration.ofSeconds(30), () -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.managementPort() + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
        for (String path : new String[]{"/observe/health", "/observe/health/live", "/observe/health/ready"}) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.managementPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), path + ": " + answer.body());
            assertTrue(answer.body().contains("\"UP\""), path + ": " + answer.body());
        }
    }
}
