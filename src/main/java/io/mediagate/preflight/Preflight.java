package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.vendors.baidu.BaiduModel;
import io.mediagate.vendors.baidu.BaiduVendor;
import io.mediagate.vendors.bailian.BailianVendor;
import io.mediagate.vendors.ice.IceVendor;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import io.mediagate.vendors.pai.PaiVendor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The checks that run before any vendor is called, at start-up and in {@code check}: for every vendor, whether it
 * runs live (its credentials are set), in the sandbox, or not at all, and for live ones that the endpoint is a URL the
 * vendor's SDK would call, that every part of the credentials is there, that no credential goes over plain http to
 * another machine, and (PAI) that the vendor can fetch the media it is sent. Each problem names the setting to fix.
 * Nothing here calls a vendor ({@link VendorProbe} does, on request).
 */
public final class Preflight {

    public static final List<String> VENDORS = List.of("opensearch", "pai", "baidu", "ice", "bailian");

    private final Settings settings;
    private final AlibabaCredentialsCheck alibaba;

    Preflight(Settings settings, AlibabaCredentialsCheck alibaba) {
        this.settings = settings;
        this.alibaba = alibaba;
    }

    public Preflight(Settings settings) {
        this(settings, AlibabaCredentialsCheck.standard());
    }

    /** One check per vendor, then one for OSS staging. */
    public List<VendorCheck> run() {
        List<VendorCheck> checks = new ArrayList<>();
        for (String vendor : VENDORS) {
            checks.add(check(vendor));
        }
        checks.add(oss());
        return checks;
    }

    /**
     * At start-up: refuses to go on when a check found a problem, with every problem in the message.
     *
     * @throws IllegalStateException listing the problems, each naming its setting
     */
    public static void requireReady(Settings settings) {
        List<VendorCheck> failed = new Preflight(settings).run().stream().filter(c -> !c.ok()).toList();
        if (!failed.isEmpty()) {
            throw new IllegalStateException("the configuration is not ready to call the vendors (java -jar target/mediagate.jar"
                    + " check shows every vendor):\n" + failed.stream()
                    .map(c -> c.problems().stream().map(p -> "  " + c.vendor() + ": " + p).collect(Collectors.joining("\n")))
                    .collect(Collectors.joining("\n")));
        }
    }

    private boolean sandboxAllowed() {
        return !settings.string("mediagate.sandbox.enabled").equals("false");
    }

    private VendorCheck check(String vendor) {
        CredentialParts credentials = CredentialParts.of(vendor);
        if (!credentials.live(settings)) {
            VendorCheck check = new VendorCheck(vendor, sandboxAllowed() ? VendorCheck.Mode.sandbox : VendorCheck.Mode.off)
                    .endpoint(sandboxAllowed() ? "the in-process sandbox" : "-");
            credentials.problems(settings).forEach(check::problem);
            if (!sandboxAllowed() && vendor.equals("opensearch")) {
                check.problem("OPENSEARCH_API_KEY (mediagate.opensearch.api-key) is not set and the sandbox is off"
                        + " (mediagate.sandbox.enabled=false)");
            }
            return check;
        }
        VendorCheck check = new VendorCheck(vendor, VendorCheck.Mode.live);
        check.checked("credentials");
        credentials.problems(settings).forEach(check::problem);
        try {
            switch (vendor) {
                case "opensearch" -> endpoint(check, vendor, "mediagate.opensearch.endpoint", () -> OpenSearchVendor.liveEndpoint(settings));
                case "pai" -> pai(check);
                case "baidu" -> baidu(check);
                case "ice" -> alibaba(check, "mediagate.ice.endpoint", () -> IceVendor.liveEndpoint(settings,
                        settings.get("mediagate.ice.region").orElseThrow()));
                case "bailian" -> alibaba(check, "mediagate.bailian.endpoint", () -> BailianVendor.liveEndpoint(settings));
                default -> throw new IllegalArgumentException(vendor);
            }
        } catch (IllegalStateException e) {
            check.problem(e.getMessage());
        }
        return check;
    }

    /** Checks one endpoint: a URL (else the problem names the setting), and no credentials over plain http. */
    private String endpoint(VendorCheck check, String vendor, String setting, Supplier<String> resolve) {
        return endpoint(check, vendor, setting, "endpoint", resolve);
    }

    private String endpoint(VendorCheck check, String vendor, String setting, String what, Supplier<String> resolve) {
        String url = resolve.get();
        if (check.endpoint().equals("-")) {
            check.endpoint(url);
        }
        check.checked(what + " " + PlainHttpRule.describe(settings, vendor, url));
        PlainHttpRule.problem(settings, vendor, setting, url).ifPresent(check::problem);
        return url;
    }

    private void pai(VendorCheck check) {
        if (settings.get("mediagate.pai.host").isEmpty()) {
            return; // already a credentials problem
        }
        String url = endpoint(check, "pai", "mediagate.pai.host", () -> PaiVendor.liveEndpoint(settings));
        boolean bucket = settings.get("mediagate.oss.bucket").isPresent();
        check.checked(MediaStagingCheck.describe(settings, bucket));
        MediaStagingCheck.problem(settings, url, bucket).ifPresent(check::problem);
    }

    private void baidu(VendorCheck check) {
        endpoint(check, "baidu", "mediagate.baidu.token-url", "token URL", () -> BaiduVendor.liveTokenUrl(settings));
        String secret = settings.get("mediagate.baidu.secret-key").orElse("");
        List<BaiduModel> models = new ArrayList<>(BaiduVendor.models(settings,
                new io.mediagate.auth.BaiduTokens.Credentials(settings.get("mediagate.baidu.api-key").orElseThrow(), secret, "BAIDU_API_KEY"),
                null).values());
        for (BaiduModel model : models) {
            endpoint(check, "baidu", "mediagate.baidu.models." + model.name() + ".url", "model " + model.name(), model::url);
        }
    }

    private void alibaba(VendorCheck check, String setting, Supplier<String> resolve) {
        endpoint(check, check.vendor(), setting, resolve);
        check.checked("Alibaba Cloud credentials");
        alibaba.problem().ifPresent(check::problem);
    }

    /** OSS staging: live with a bucket (then region, endpoint and credentials are checked), else the sandbox's or none. */
    private VendorCheck oss() {
        if (settings.get("mediagate.oss.bucket").isEmpty()) {
            return new VendorCheck("oss", sandboxAllowed() ? VendorCheck.Mode.sandbox : VendorCheck.Mode.off)
                    .endpoint(sandboxAllowed() ? "the in-process sandbox (for sandboxed vendors)" : "-")
                    .checked("no bucket (mediagate.oss.bucket): live ICE refuses every job, live Bailian takes url job files only");
        }
        VendorCheck check = new VendorCheck("oss", VendorCheck.Mode.live);
        try {
            String region = OssSettings.region(settings).orElseThrow(() -> new IllegalStateException(
                    "mediagate.oss.bucket is set but not its region: set mediagate.oss.region, e.g. cn-shanghai"));
            endpoint(check, "oss", "mediagate.oss.endpoint", () -> OssSettings.endpoint(settings, region));
            check.checked("bucket " + settings.get("mediagate.oss.bucket").orElseThrow() + " in " + region);
            OssSettings.live(settings);
            check.checked("Alibaba Cloud credentials");
            alibaba.problem().ifPresent(check::problem);
        } catch (IllegalStateException e) {
            check.problem(e.getMessage());
        }
        return check;
    }
}
