package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The served-media route over HTTP: probing, listing and traversal get the same bare 404. */
class ServedMediaRouteTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.onDefaults();

    private static HttpResponse<String> get(String path) throws Exception {
        String base = gateway.context().getPropertiesComponent().resolveProperty("mediagate.media.public-base-url").orElseThrow();
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anything_but_a_valid_link_is_a_bare_404() throws Exception {
        Files.createDirectories(gateway.data().resolve("work/abc"));
        Files.writeString(gateway.data().resolve("work/abc/x.png"), "pixels");
        for (String probe : new String[]{"/media/", "/media/garbage/x.png", "/media/a.b/x.png",
                "/media/..%2F..%2Fwork%2Fabc/x.png", "/media/%2e%2e/%2e%2e/work/abc/x.png"}) {
            HttpResponse<String> response = get(probe);
            assertEquals(404, response.statusCode(), probe + " → " + response.body());
            assertFalse(response.body().contains("pixels"), probe);
        }
    }
}
