package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.modules.VendorModule;
import io.mediagate.modules.VendorModules;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code java -jar target/mediagate.jar check [--probe]}: the start-up preflight, one line per vendor (live, sandbox
 * or off; endpoint; what was checked; OK or the problem). With {@code --probe}, one free call per live vendor proves
 * that endpoint, credentials and signature are accepted. Exit 0 when all is fine, 2 for a configuration problem (as a
 * refused start), 1 when a vendor refused the probe.
 */
public final class CheckCommand {

    public static final int CONFIGURATION_PROBLEM = 2;
    public static final int PROBE_REFUSED = 1;

    private CheckCommand() {
    }

    public static int run(List<String> args, Settings settings, PrintStream out) {
        return run(args, settings, out, VendorModules.ALL);
    }

    /** The same for the given vendor modules (in the order they are shown). */
    public static int run(List<String> args, Settings settings, PrintStream out, List<VendorModule> modules) {
        boolean probe = false;
        for (String arg : args) {
            if (arg.equals("--probe")) {
                probe = true;
            } else {
                throw new IllegalArgumentException("unknown check option " + arg + "; usage: check [--probe]");
            }
        }
        List<VendorCheck> checks = new Preflight(settings, modules).run();
        boolean configured = checks.stream().allMatch(VendorCheck::ok);
        if (probe) {
            VendorProbe probes = new VendorProbe(settings, modules);
            checks.forEach(probes::probe);
        }
        checks.forEach(check -> out.println(check.line()));
        if (!configured) {
            out.println("configuration problems: the gateway would refuse to start (exit " + CONFIGURATION_PROBLEM + ")");
            return CONFIGURATION_PROBLEM;
        }
        if (checks.stream().anyMatch(c -> !c.ok())) {
            out.println("a vendor refused the probe (exit " + PROBE_REFUSED + ")");
            return PROBE_REFUSED;
        }
        out.println(probe ? "all live vendors accepted the probe" : "ready (check --probe also calls each live vendor once, free)");
        return 0;
    }
}
