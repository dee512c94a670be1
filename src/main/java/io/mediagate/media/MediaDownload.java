package io.mediagate.media;

import io.mediagate.config.Settings;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fetches media named by URL for a vendor that cannot take the URL itself (Baidu: inline only; ICE: OSS only, for
 * queue requests) and a vendor's output files: bounded in size, with explicit timeouts and a deadline for the whole
 * download. Only where the {@link DownloadPolicy} allows: every hop of a redirect is checked before it is requested,
 * and the connection goes to the very address that was checked (no second DNS lookup). Messages name the host only:
 * a URL may carry a signature.
 */
public final class MediaDownload {

    /** Redirects followed at most; each one is checked like the first URL. */
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** The content and the type the server declared (may be null). */
    public record Fetched(byte[] bytes, String contentType) {
    }

    /** Apache's client never resolves a name itself: every request names the checked address it goes to. */
    private static final DnsResolver NO_LOOKUPS = new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            throw new UnknownHostException("the gateway connects only to addresses its download policy checked: " + host);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            throw new UnknownHostException(host);
        }
    };

    private final CloseableHttpClient http;
    private final Duration timeout;
    private final DownloadPolicy policy;
    /** The policy for a vendor the sandbox plays (also its own address); null when the sandbox does not run. */
    private final DownloadPolicy sandboxPolicy;

    /** Downloads from public addresses only. */
    public MediaDownload(Duration connectTimeout, Duration timeout) {
        this(connectTimeout, timeout, new DownloadPolicy("", InetAddress::getAllByName));
    }

    public MediaDownload(Duration connectTimeout, Duration timeout, DownloadPolicy policy) {
        this(client(connectTimeout, timeout), timeout, policy, null);
    }

    private MediaDownload(CloseableHttpClient http, Duration timeout, DownloadPolicy policy, DownloadPolicy sandboxPolicy) {
        this.http = http;
        this.timeout = timeout;
        this.policy = policy;
        this.sandboxPolicy = sandboxPolicy;
    }

    private static CloseableHttpClient client(Duration connectTimeout, Duration timeout) {
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(NO_LOOKUPS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .setSocketTimeout(Timeout.of(timeout)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                // each hop is checked here before it is requested
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /**
     * The downloads of media named by URL as {@code mediagate.*} configures them: public addresses only (and those
     * {@code mediagate.download.allow} names), the request's download timeout, and the sandbox's own address for the
     * vendors it plays.
     *
     * @param sandboxBaseUrl the running sandbox's address, or null
     */
    public static MediaDownload configured(Settings settings, String sandboxBaseUrl) {
        return new MediaDownload(Duration.ofSeconds(10), settings.duration("mediagate.requests.download-timeout"),
                DownloadPolicy.of(settings)).withSandbox(sandboxBaseUrl);
    }

    /** The same downloads, where a vendor the sandbox plays may also reach the sandbox's own address. */
    public MediaDownload withSandbox(String sandboxBaseUrl) {
        return new MediaDownload(http, timeout, policy, sandboxBaseUrl == null ? null : policy.withSandbox(sandboxBaseUrl));
    }

    /** The downloads for one vendor: with the sandbox's address only when the sandbox plays it. */
    public MediaDownload forVendor(boolean sandboxVendor) {
        return sandboxVendor && sandboxPolicy != null ? new MediaDownload(http, timeout, sandboxPolicy, null) : this;
    }

    /**
     * @param maxBytes larger content fails the job as {@code input} without reading it all
     * @param name     the job's input, for messages
     */
    public Fetched fetch(String url, long maxBytes, String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String type = download(url, maxBytes, name, out);
        return new Fetched(out.toByteArray(), type);
    }

    /** The same, streamed into {@code target} (large media such as videos never sit in memory). */
    public void fetchTo(String url, long maxBytes, String name, Path target) {
        try (OutputStream out = Files.newOutputStream(target)) {
            download(url, maxBytes, name, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** Copies the content to {@code out}; returns the declared content type. */
    private String download(String url, long maxBytes, String name, OutputStream out) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw JobFailure.input(name + ": \"url\" is not a URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(java.util.Locale.ROOT).matches("https?")
                || uri.getRawAuthority() == null) {
            throw JobFailure.input(name + ": \"url\" must be an http(s) URL");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int hop = 0; ; hop++) {
            HttpGet get = new HttpGet(withoutUserInfo(uri));
            try (ClassicHttpResponse response = open(uri, get, name)) {
                int status = response.getCode();
                Header location = response.getFirstHeader("Location");
                if (REDIRECTS.contains(status) && location != null) {
                    if (hop >= MAX_REDIRECTS) {
                        throw JobFailure.input("could not download the media of " + name + " from " + uri.getHost()
                                + ": more than " + MAX_REDIRECTS + " redirects");
                    }
                    uri = next(uri, location.getValue(), name);
                    if (System.nanoTime() > deadline) {
                        throw new JobFailure(new JobError(JobError.Kind.vendor, "DownloadFailed", null, "could not download the media of "
                                + name + " from " + uri.getHost() + ": took longer than " + timeout, true));
                    }
                    continue;
                }
                return copy(response, status, uri, maxBytes, name, out, get, deadline);
            } catch (IOException e) {
                throw new JobFailure(new JobError(JobError.Kind.vendor, "DownloadFailed", null,
                        "could not download the media of " + name + " from " + uri.getHost() + ": " + e.getClass().getSimpleName(), true));
            }
        }
    }

    /**
     * Sends the GET to the addresses the policy allows for this URL (refused before any connection otherwise), the
     * next one when one cannot be connected to.
     */
    private ClassicHttpResponse open(URI uri, HttpGet get, String name) throws IOException {
        List<InetAddress> addresses;
        try {
            addresses = policy.addresses(uri);
        } catch (DownloadPolicy.Refused refused) {
            throw JobFailure.input(name + ": " + refused.getMessage());
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
        IOException last = null;
        for (InetAddress address : addresses) {
            // the checked address, with the host name for the Host header and for TLS (SNI, certificate check)
            HttpHost target = new HttpHost(uri.getScheme().toLowerCase(java.util.Locale.ROOT), address, host, port);
            try {
                return http.executeOpen(target, get, null);
            } catch (HttpHostConnectException | ConnectTimeoutException e) {
                last = e;
            }
        }
        throw last;
    }

    private String copy(ClassicHttpResponse response, int status, URI uri, long maxBytes, String name, OutputStream out,
                        HttpGet get, long deadline) throws IOException {
        if (status >= 500 || status == 429) {
            throw new JobFailure(new JobError(JobError.Kind.vendor, "DownloadFailed", status,
                    "could not download the media of " + name + " from " + uri.getHost() + ": HTTP " + status, true));
        }
        if (status != 200) {
            throw JobFailure.input("could not download the media of " + name + " from " + uri.getHost() + ": HTTP " + status);
        }
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return null;
        }
        // the response timeout covers each wait for data only: a server that trickles the body is cut off when the
        // whole download has taken longer than the timeout
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        CompletableFuture.delayedExecutor(left, TimeUnit.MILLISECONDS).execute(get::cancel);
        try (InputStream body = entity.getContent()) {
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
        }
        return entity.getContentType();
    }

    /** Where a redirect points, resolved against the URL that answered; only http(s). */
    private static URI next(URI from, String location, String name) {
        URI to;
        try {
            to = from.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw JobFailure.input("could not download the media of " + name + " from " + from.getHost()
                    + ": it redirects to something that is not a URL");
        }
        if (to.getScheme() == null || !to.getScheme().toLowerCase(java.util.Locale.ROOT).matches("https?") || to.getRawAuthority() == null) {
            throw JobFailure.input("could not download the media of " + name + " from " + from.getHost()
                    + ": it redirects to a URL that is not http(s)");
        }
        return to;
    }

    /** The URL without user:password@ (never sent: Apache would not, and the Host header must not carry it). */
    private static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment());
        } catch (URISyntaxException e) {
            throw JobFailure.input("the url is not a valid URL");
        }
    }
}
