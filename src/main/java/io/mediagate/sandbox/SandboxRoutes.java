package io.mediagate.sandbox;

import io.mediagate.sandbox.baidu.BaiduEmulator;
import io.mediagate.sandbox.bailian.BailianEmulator;
import io.mediagate.sandbox.ice.IceEmulator;
import io.mediagate.sandbox.opensearch.OpenSearchEmulator;
import io.mediagate.sandbox.oss.OssBuckets;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.sandbox.pai.PaiEmulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which emulator answers a request, and the path it sees. Three ways in, tried in this order:
 * <ol>
 *   <li>OSS virtual-hosted style: {@code Host: <bucket>.<endpoint>} for a bucket the sandbox has; OSS sees {@code /<bucket>/<key>};</li>
 *   <li>the sandbox's own prefixes {@code /<vendor>/…} (what the gateway uses): the emulator sees the rest;</li>
 *   <li>each vendor's real paths at the root ({@link #ROOT}), so a vendor's own SDK pointed at the sandbox's address
 *       works unchanged: the emulator sees the whole path.</li>
 * </ol>
 */
final class SandboxRoutes {

    /** An emulator, the prefix the request came in under (empty at the root) and the path the emulator gets. */
    record Route(VendorEmulator emulator, String mount, String path) {
    }

    private record RootPath(String vendor, Predicate<String> matches) {
    }

    /** The vendors' own paths, as their SDKs send them to the vendor's host. */
    private static final List<RootPath> ROOT = List.of(
            // ICE (RPC style): everything at "/", the action in x-acs-action (V3) or the Action parameter (V2)
            new RootPath(IceEmulator.VENDOR, path -> path.isEmpty() || path.equals("/")),
            new RootPath(OpenSearchEmulator.VENDOR, path -> path.startsWith("/v3/openapi/")),
            new RootPath(PaiEmulator.VENDOR, path -> path.startsWith("/api/v1/")),
            new RootPath(BaiduEmulator.VENDOR, path -> path.equals("/oauth/2.0/token") || path.startsWith("/rpc/2.0/ai_custom/")),
            new RootPath(BailianEmulator.VENDOR, Pattern.compile("/[^/]+/quanmiao/.*").asMatchPredicate()));

    private final Map<String, VendorEmulator> emulators;
    private final OssBuckets buckets;

    SandboxRoutes(Map<String, VendorEmulator> emulators) {
        this.emulators = emulators;
        VendorEmulator oss = emulators.get(OssEmulator.VENDOR);
        this.buckets = oss instanceof OssEmulator o ? o.buckets() : new OssBuckets();
    }

    /**
     * @param host    the Host header (may be null)
     * @param rawPath the request's path, still percent-encoded
     */
    Optional<Route> route(String host, String rawPath) {
        String bucket = bucketOfHost(host);
        if (bucket != null) {
            return route(OssEmulator.VENDOR, "", "/" + bucket + (rawPath.startsWith("/") ? rawPath : "/" + rawPath));
        }
        String first = firstSegment(rawPath);
        if (emulators.containsKey(first)) {
            String rest = rawPath.substring(1 + first.length());
            return route(first, "/" + first, rest.isEmpty() ? "/" : rest);
        }
        for (RootPath root : ROOT) {
            if (root.matches().test(rawPath)) {
                return route(root.vendor(), "", rawPath);
            }
        }
        // OSS path style at the root: /<bucket>/<key>, for a bucket the sandbox has
        return buckets.hasBucket(first) ? route(OssEmulator.VENDOR, "", rawPath) : Optional.empty();
    }

    private Optional<Route> route(String vendor, String mount, String path) {
        return Optional.ofNullable(emulators.get(vendor)).map(emulator -> new Route(emulator, mount, path));
    }

    /** {@code mediagate-sandbox} for {@code Host: mediagate-sandbox.oss-cn-sandbox.aliyuncs.com:8089}, else null. */
    private String bucketOfHost(String host) {
        int dot = host == null ? -1 : host.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String label = host.substring(0, dot);
        return buckets.hasBucket(label) ? label : null;
    }

    private static String firstSegment(String rawPath) {
        int start = rawPath.startsWith("/") ? 1 : 0;
        int slash = rawPath.indexOf('/', start);
        return slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
    }
}
