package io.mediagate.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * How the sandbox's vendors download media by URL, as the real ones do: loopback URLs (the sandbox's own OSS,
 * presigned; the gateway's served links) are really fetched, so an expired or tampered link fails like it would at
 * the vendor; other hosts are out of the sandbox's reach and taken as readable without content.
 */
public final class LoopbackFetch {

    /** The content ({@code null} when not fetched), or why the download failed ({@code error} set). */
    public record Fetched(byte[] bytes, String error) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Fetched fetch(String url) {
        URI uri;
        try {
            uri = URI.create(url);
            if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                return new Fetched(null, null);
            }
        } catch (IllegalArgumentException | IOException e) {
            return new Fetched(null, null);
        }
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return new Fetched(null, "HTTP " + response.statusCode() + " from " + uri.getHost());
            }
            return new Fetched(response.body(), null);
        } catch (IOException e) {
            return new Fetched(null, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetched(null, "interrupted");
        }
    }
}
