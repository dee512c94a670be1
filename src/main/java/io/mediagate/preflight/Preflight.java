package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.modules.LivePreflight;
import io.mediagate.modules.VendorModule;
import io.mediagate.modules.VendorModules;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checks that run before any vendor is called, at start-up and in {@code check}: for every vendor module, whether
 * it runs live (its credentials are set), in the sandbox, or not at all, and for live ones what its
 * {@link LivePreflight} declares: that every endpoint is a URL the vendor's SDK would call, that every part of the
 * credentials is there, that no credential goes over plain http to another machine, and the vendor's own checks (PAI:
 * that it can fetch the media it is sent). Then OSS staging, the gateway's own. Each problem names the setting to fix.
 * Nothing here calls a vendor ({@link VendorProbe} does, on request).
 */
public final class Preflight {

    /** The check of OSS staging, after the vendors'. */
    static final String OSS = "oss";

    private final Settings settings;
    private final List<VendorModule> modules;
    private final AlibabaCredentialsCheck alibaba;

    Preflight(Settings settings, List<VendorModule> modules, AlibabaCredentialsCheck alibaba) {
        this.settings = settings;
        this.modules = modules;
        this.alibaba = alibaba;
    }

    Preflight(Settings settings, AlibabaCredentialsCheck alibaba) {
        this(settings, VendorModules.ALL, alibaba);
    }

    public Preflight(Settings settings, List<VendorModule> modules) {
        this(settings, modules, AlibabaCredentialsCheck.standard());
    }

    public Preflight(Settings settings) {
        this(settings, VendorModules.ALL);
    }

    /** One check per vendor, then one for OSS staging. */
    public List<VendorCheck> run() {
        List<VendorCheck> checks = new ArrayList<>();
        for (VendorModule module : modules) {
            checks.add(check(module));
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

    private VendorCheck check(VendorModule module) {
        CredentialParts credentials = new CredentialParts(module);
        LivePreflight preflight = module.preflight();
        if (!credentials.live(settings)) {
            VendorCheck check = new VendorCheck(module.name(), sandboxAllowed() ? VendorCheck.Mode.sandbox : VendorCheck.Mode.off)
                    .endpoint(sandboxAllowed() ? "the in-process sandbox" : "-");
            credentials.problems(settings).forEach(check::problem);
            if (!sandboxAllowed() && !module.optional()) {
                check.problem(CredentialParts.name(preflight.credentials().get(0)) + " is not set and the sandbox is off"
                        + " (mediagate.sandbox.enabled=false)");
            }
            return check;
        }
        VendorCheck check = new VendorCheck(module.name(), VendorCheck.Mode.live);
        check.checked("credentials");
        credentials.problems(settings).forEach(check::problem);
        try {
            for (LivePreflight.Endpoints endpoints : preflight.endpoints()) {
                for (LivePreflight.Endpoint endpoint : endpoints.resolve(settings)) {
                    endpoint(check, preflight.plainHttpByDefault(), endpoint.setting(), endpoint.label(), endpoint.url());
                }
            }
            if (preflight.alibabaCredentials()) {
                check.checked("Alibaba Cloud credentials");
                alibaba.problem().ifPresent(check::problem);
            }
            if (!check.endpoint().equals("-")) {
                for (LivePreflight.LiveCheck more : preflight.checks()) {
                    check.checked(more.checked().apply(settings));
                    more.problem().apply(settings, check.endpoint()).ifPresent(check::problem);
                }
            }
        } catch (IllegalStateException e) {
            check.problem(e.getMessage());
        }
        return check;
    }

    /**
     * Checks one endpoint: a URL (else the problem names the setting), and no credentials over plain http. The first
     * is the vendor's endpoint.
     */
    private void endpoint(VendorCheck check, boolean plainHttpByDefault, String setting, String what, String url) {
        if (check.endpoint().equals("-")) {
            check.endpoint(url);
        }
        check.checked(what + " " + PlainHttpRule.describe(settings, check.vendor(), url));
        PlainHttpRule.problem(settings, check.vendor(), plainHttpByDefault, setting, url).ifPresent(check::problem);
    }

    /** OSS staging: live with a bucket (then region, endpoint and credentials are checked), else the sandbox's or none. */
    private VendorCheck oss() {
        if (settings.get("mediagate.oss.bucket").isEmpty()) {
            return new VendorCheck(OSS, sandboxAllowed() ? VendorCheck.Mode.sandbox : VendorCheck.Mode.off)
                    .endpoint(sandboxAllowed() ? "the in-process sandbox (for sandboxed vendors)" : "-")
                    .checked("no bucket (mediagate.oss.bucket): live ICE refuses every job, live Bailian takes url job files only");
        }
        VendorCheck check = new VendorCheck(OSS, VendorCheck.Mode.live);
        try {
            String region = OssSettings.region(settings).orElseThrow(() -> new IllegalStateException(
                    "mediagate.oss.bucket is set but not its region: set mediagate.oss.region, e.g. cn-shanghai"));
            endpoint(check, false, "mediagate.oss.endpoint", "endpoint", OssSettings.endpoint(settings, region));
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
