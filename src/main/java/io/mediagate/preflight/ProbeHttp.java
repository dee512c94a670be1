package io.mediagate.preflight;

import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sends one already signed {@link VendorRequest} and returns the answer as the vendor operations read it. Only for the
 * probe: the gateway's own calls go through the routes' Camel HTTP endpoint.
 */
final class ProbeHttp {

    /** Headers the JDK client sets itself from the URL and body (the signers sign the same values). */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "connection");

    private final HttpClient client;
    private final Duration timeout;

    ProbeHttp(Duration connectTimeout, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    VendorResponse send(VendorRequest request) {
        String url = request.url() + (request.query() == null ? "" : "?" + request.query());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((name, value) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                builder.header(name, value);
            }
        });
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
            return new VendorResponse(response.statusCode(), response.body(), headers, null);
        } catch (IOException e) {
            return VendorResponse.networkFailure(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return VendorResponse.networkFailure("interrupted");
        }
    }
}
