package io.mediagate.media;

import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Fetches media named by URL for a vendor that cannot take the URL itself (Baidu: inline only; ICE: OSS only, for
 * queue requests): bounded in size, with explicit timeouts and a deadline for the whole download. Messages name the host only: a URL may carry a signature.
 */
public final class MediaDownload {

    /** The content and the type the server declared (may be null). */
    public record Fetched(byte[] bytes, String contentType) {
    }

    private final HttpClient http;
    private final Duration timeout;

    public MediaDownload(Duration connectTimeout, Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
    }

    /**
     * @param maxBytes larger content fails the job as {@code input} without reading it all
     * @param name     the job's input, for messages
     */
    public Fetched fetch(String url, long maxBytes, String name) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String type = download(url, maxBytes, name, out);
        return new Fetched(out.toByteArray(), type);
    }

    /** The same, streamed into {@code target} (large media such as videos never sit in memory). */
    public void fetchTo(String url, long maxBytes, String name, java.nio.file.Path target) {
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(target)) {
            download(url, maxBytes, name, out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Copies the content to {@code out}; returns the declared content type. */
    private String download(String url, long maxBytes, String name, java.io.OutputStream out) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw JobFailure.input(name + ": \"url\" is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw JobFailure.input(name + ": \"url\" must be an http(s) URL");
        }
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            InputStream stream = response.body();
            // the request timeout covers the wait for the headers only: a server that trickles the body is cut off
            // when the whole download has taken longer than the timeout
            java.util.concurrent.CompletableFuture.delayedExecutor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    .execute(() -> closeQuietly(stream));
            try (InputStream body = stream) {
                int status = response.statusCode();
                if (status >= 500 || status == 429) {
                    throw new JobFailure(new JobError(JobError.Kind.vendor, "DownloadFailed", status,
                            "could not download the media of " + name + " from " + uri.getHost() + ": HTTP " + status, true));
                }
                if (status != 200) {
                    throw JobFailure.input("could not download the media of " + name + " from " + uri.getHost() + ": HTTP " + status);
                }
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                for (int n; (n = body.read(buffer)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw JobFailure.input(name + ": the media at " + uri.getHost() + " is larger than " + maxBytes
                                + " bytes, the most taken");
                    }
                    out.write(buffer, 0, n);
                }
                return response.headers().firstValue("Content-Type").orElse(null);
            }
        } catch (IOException e) {
            throw new JobFailure(new JobError(JobError.Kind.vendor, "DownloadFailed", null,
                    "could not download the media of " + name + " from " + uri.getHost() + ": " + e.getClass().getSimpleName(), true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailure(new JobError(JobError.Kind.vendor, "DownloadFailed", null, "interrupted while downloading " + name, true));
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // already closed or broken: the reader sees an error either way
        }
    }
}
