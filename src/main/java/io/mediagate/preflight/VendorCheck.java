package io.mediagate.preflight;

import java.util.ArrayList;
import java.util.List;

/**
 * What the preflight found for one vendor: how it runs (live, sandbox, off), where it is called, what was checked,
 * the problems (each naming the setting to fix) and, after {@code --probe}, the vendor's answer.
 */
public final class VendorCheck {

    public enum Mode { live, sandbox, off }

    private final String vendor;
    private final Mode mode;
    private String endpoint = "-";
    private final List<String> checked = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private String answer;

    public VendorCheck(String vendor, Mode mode) {
        this.vendor = vendor;
        this.mode = mode;
    }

    public String vendor() {
        return vendor;
    }

    public Mode mode() {
        return mode;
    }

    public String endpoint() {
        return endpoint;
    }

    public List<String> problems() {
        return problems;
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    VendorCheck endpoint(String url) {
        this.endpoint = url;
        return this;
    }

    VendorCheck checked(String what) {
        checked.add(what);
        return this;
    }

    VendorCheck problem(String problem) {
        problems.add(problem);
        return this;
    }

    /** Records the answer of the vendor to the probe call; a refusal is a problem. */
    void probed(String answer, boolean accepted) {
        this.answer = answer;
        checked.add("probe");
        if (!accepted) {
            problems.add("the probe call was refused: " + answer);
        }
    }

    /** One line: vendor, mode, endpoint, what was checked, OK or the problems (and the probe's answer). */
    public String line() {
        String outcome = ok() ? "OK" : "PROBLEM: " + String.join("; ", problems);
        if (mode != Mode.live && checked.isEmpty()) {
            return String.format("%-10s %-7s %s  %s", vendor, mode, endpoint, outcome);
        }
        return String.format("%-10s %-7s %s%n           checked: %s%s%n           %s", vendor, mode, endpoint,
                checked.isEmpty() ? "-" : String.join(", ", checked),
                answer == null || !ok() ? "" : "; vendor answered: " + answer, outcome);
    }
}
