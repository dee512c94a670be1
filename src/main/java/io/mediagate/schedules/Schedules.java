package io.mediagate.schedules;

import io.mediagate.config.Settings;
import io.mediagate.vendors.DailyLimits;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The intake windows and daily budgets of the vendors and operations, bound in the Camel registry as {@code schedules}:
 * the submit stage asks it whether a job may call its vendor now ({@link #holdFor}, {@link #count}); jobs it holds wait
 * parked on the broker until {@link #mayGo} says their window is open and their budget has room again. Read-only views
 * ({@link #windows()}, {@link #budgets()}, {@link #resumesAt}) serve {@code status} and anyone watching the gateway.
 *
 * <p>Settings, per vendor ({@code mediagate.<vendor>.…}) or operation ({@code mediagate.<vendor>.<operation>.…}):
 * {@code window} ({@code HH:mm-HH:mm} or a Quartz cron, see {@link IntakeWindow}) with {@code window.time-zone}
 * (default: the system's); {@code budget.daily} (submit calls per day), {@code budget.reset} (Quartz cron, default
 * midnight) and {@code budget.time-zone} (default Asia/Shanghai: the vendors here are Alibaba Cloud's and Baidu's,
 * whose daily quotas restart at midnight Beijing time). An operation's window replaces its vendor's; an operation's
 * budget applies together with its vendor's.
 */
public final class Schedules implements DailyLimits {

    /** The reset of a budget without one configured: midnight. */
    public static final String DEFAULT_RESET = "0 0 0 * * ?";
    /** The zone of a budget without one configured: the vendors' daily quotas restart at midnight Beijing time. */
    public static final ZoneId DEFAULT_BUDGET_ZONE = ZoneId.of("Asia/Shanghai");

    /** An intake window as seen now. */
    public record WindowStatus(String scope, String window, ZoneId zone, boolean open, Instant nextOpening) {
    }

    private final Clock clock;
    private final ScheduleFile file;
    private final Map<String, IntakeWindow> windows;
    private final Map<String, DailyBudget> budgets;

    Schedules(Clock clock, ScheduleFile file, Map<String, IntakeWindow> windows, Map<String, DailyBudget> budgets) {
        this.clock = clock;
        this.file = file;
        this.windows = windows;
        this.budgets = budgets;
    }

    /**
     * The windows and budgets configured for these vendors and operations; every vendor has a budget (without a limit
     * unless configured) that the vendor's own daily-limit answer can spend. An earlier run's spending is taken up.
     *
     * @param operations {@code <vendor>.<operation>} of every operation
     */
    public static Schedules of(Settings settings, Collection<String> operations, Clock clock, ScheduleFile file) {
        List<String> scopes = new ArrayList<>();
        operations.forEach(operation -> {
            String vendor = operation.substring(0, operation.indexOf('.'));
            if (!scopes.contains(vendor)) {
                scopes.add(vendor);
            }
        });
        scopes.addAll(operations);
        Map<String, IntakeWindow> windows = new LinkedHashMap<>();
        Map<String, DailyBudget> budgets = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (String scope : scopes) {
            String prefix = "mediagate." + scope + ".";
            settings.get(prefix + "window").ifPresent(window -> windows.put(scope, IntakeWindow.parse(window,
                    settings.get(prefix + "window.time-zone").map(ZoneId::of).orElse(ZoneId.systemDefault()), prefix + "window")));
            Optional<String> limit = settings.get(prefix + "budget.daily");
            boolean vendor = !scope.contains(".");
            if (limit.isPresent() || vendor) {
                budgets.put(scope, budget(settings, scope, limit.map(Long::parseLong).orElse(0L), now));
            }
        }
        Schedules schedules = new Schedules(clock, file, windows, budgets);
        for (ScheduleFile.BudgetEntry saved : file.read().budgets()) {
            DailyBudget budget = budgets.get(saved.scope());
            if (budget != null) {
                budget.restore(saved.state(), now);
            }
        }
        schedules.save();
        return schedules;
    }

    /**
     * The schedules as a gateway last wrote them to its state file, for reading only (the {@code status} command, run
     * beside the gateway): the windows as configured there, the budgets as spent.
     */
    public static Schedules asSaved(ScheduleFile.Content saved, Clock clock) {
        Instant now = clock.instant();
        Map<String, IntakeWindow> windows = new LinkedHashMap<>();
        saved.windows().forEach(entry -> windows.put(entry.scope(), IntakeWindow.parse(entry.window(), ZoneId.of(entry.timeZone()),
                "mediagate." + entry.scope() + ".window")));
        Map<String, DailyBudget> budgets = new LinkedHashMap<>();
        saved.budgets().forEach(entry -> {
            DailyBudget budget = new DailyBudget(entry.scope(), entry.limit(), entry.reset(), ZoneId.of(entry.timeZone()), now);
            budget.restore(entry.state(), now);
            budgets.put(entry.scope(), budget);
        });
        return new Schedules(clock, null, windows, budgets);
    }

    private static DailyBudget budget(Settings settings, String scope, long limit, Instant now) {
        String vendorPrefix = "mediagate." + scope.split("\\.")[0] + ".budget.";
        String prefix = "mediagate." + scope + ".budget.";
        String reset = settings.first(prefix + "reset", vendorPrefix + "reset").orElse(DEFAULT_RESET);
        ZoneId zone = settings.first(prefix + "time-zone", vendorPrefix + "time-zone").map(ZoneId::of).orElse(DEFAULT_BUDGET_ZONE);
        return new DailyBudget(scope, limit, reset, zone, now);
    }

    /**
     * Whether a job of this operation must wait before its submit call: outside its window, or while a budget it
     * counts against is used up.
     *
     * @return when it may go (the window's next opening, the budget's reset), or empty when it may call now
     */
    public synchronized Optional<Instant> holdFor(String vendor, String operation) {
        Instant now = clock.instant();
        IntakeWindow window = window(vendor, operation);
        if (window != null && !window.isOpen(now)) {
            return Optional.of(window.nextOpening(now));
        }
        return usedUntil(vendor, operation, now);
    }

    /** Whether the jobs held for this operation may go back to their submit stage now. */
    public boolean mayGo(String vendor, String operation) {
        return holdFor(vendor, operation).isEmpty();
    }

    /**
     * Counts a submit call about to be made against the operation's budgets (each call once by {@code callKey}).
     *
     * @return true when it may be made; false when a budget was used up in the meantime (the job waits)
     */
    public synchronized boolean count(String vendor, String operation, String callKey) {
        Instant now = clock.instant();
        List<DailyBudget> applying = applying(vendor, operation);
        if (!applying.stream().allMatch(budget -> budget.allows(callKey, now))) {
            return false;
        }
        applying.forEach(budget -> budget.take(callKey, now));
        if (applying.stream().anyMatch(DailyBudget::limited)) {
            save();
        }
        return true;
    }

    /** The vendor refused a call for its daily limit: the operation's budget (else the vendor's) is spent until its reset. */
    @Override
    public synchronized void reached(String vendor, String operation) {
        DailyBudget budget = budgets.getOrDefault(vendor + "." + operation, budgets.get(vendor));
        if (budget != null) {
            budget.spentByVendor(clock.instant());
            save();
        }
    }

    /** Resets the budgets whose reset time has come (the reset's cron route; a look at a budget catches up too). */
    public synchronized void resetDue() {
        Instant now = clock.instant();
        budgets.values().forEach(budget -> budget.resetIfDue(now));
        save();
    }

    /** When a budget resets: its Quartz cron expression in its time zone (its reset route fires then). */
    public record Reset(String scope, String cron, ZoneId zone) {
    }

    /** The budgets' resets, one cron route each. */
    public List<Reset> resets() {
        return budgets.values().stream().map(budget -> new Reset(budget.key(), budget.resetSpec(), budget.zone())).toList();
    }

    /** The intake windows as they stand now. */
    public synchronized List<WindowStatus> windows() {
        Instant now = clock.instant();
        return windows.entrySet().stream().map(entry -> new WindowStatus(entry.getKey(), entry.getValue().spec(),
                entry.getValue().zone(), entry.getValue().isOpen(now), entry.getValue().nextOpening(now))).toList();
    }

    /** The budgets as they stand now: those with a limit, and any the vendor said is spent. */
    public synchronized List<DailyBudget.State> budgets() {
        Instant now = clock.instant();
        return budgets.values().stream().peek(budget -> budget.resetIfDue(now)).map(DailyBudget::state)
                .filter(state -> state.limit() > 0 || state.used()).toList();
    }

    /** A budget as it stands now, by its key ({@code <vendor>} or {@code <vendor>.<operation>}). */
    public synchronized Optional<DailyBudget.State> budget(String key) {
        Instant now = clock.instant();
        return Optional.ofNullable(budgets.get(key)).map(budget -> {
            budget.resetIfDue(now);
            return budget.state();
        });
    }

    /** When held jobs of this operation go again, or empty when they may go now. */
    public Optional<Instant> resumesAt(String vendor, String operation) {
        return holdFor(vendor, operation);
    }

    private IntakeWindow window(String vendor, String operation) {
        IntakeWindow own = windows.get(vendor + "." + operation);
        return own != null ? own : windows.get(vendor);
    }

    private List<DailyBudget> applying(String vendor, String operation) {
        List<DailyBudget> applying = new ArrayList<>(2);
        Optional.ofNullable(budgets.get(vendor + "." + operation)).ifPresent(applying::add);
        Optional.ofNullable(budgets.get(vendor)).ifPresent(applying::add);
        return applying;
    }

    private Optional<Instant> usedUntil(String vendor, String operation, Instant now) {
        return applying(vendor, operation).stream()
                .peek(budget -> budget.resetIfDue(now))
                .map(DailyBudget::state).filter(DailyBudget.State::used)
                .map(DailyBudget.State::resetsAt).max(Instant::compareTo);
    }

    private void save() {
        // read from the file: only its gateway writes it; with no window or budget to keep, nothing is written
        if (file == null || (windows.isEmpty() && !file.exists()
                && budgets.values().stream().noneMatch(budget -> budget.limited() || budget.state().used()))) {
            return;
        }
        file.write(new ScheduleFile.Content(
                windows.entrySet().stream().map(entry -> new ScheduleFile.WindowEntry(entry.getKey(), entry.getValue().spec(),
                        entry.getValue().zone().getId())).toList(),
                budgets.values().stream().map(ScheduleFile.BudgetEntry::of).toList()));
    }
}
