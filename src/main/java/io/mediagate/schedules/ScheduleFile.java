package io.mediagate.schedules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.mediagate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The schedules' state in the data folder, {@code work/.schedules/state.json}: each budget's spent calls and reset time
 * (so a restart does not hand out a day's budget twice), and the windows as the gateway read them (so {@code status}
 * shows them without the gateway's settings). Written whole or not at all.
 */
public final class ScheduleFile {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleFile.class);
    /** Where in the work folder. */
    public static final String FILE_IN_WORK = ".schedules/state.json";
    /** The most call keys kept per budget: enough to tell a redelivered call (it comes back within seconds) from a new one. */
    static final int KEPT_CALL_KEYS = 1000;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WindowEntry(String scope, String window, String timeZone) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BudgetEntry(String scope, long limit, long spent, boolean spentByVendor, long resetsAt, String reset,
                              String timeZone, List<String> counted) {

        static BudgetEntry of(DailyBudget budget) {
            DailyBudget.State state = budget.state();
            List<String> counted = List.copyOf(state.counted());
            return new BudgetEntry(state.key(), state.limit(), state.spent(), state.spentByVendor(), state.resetsAt().toEpochMilli(),
                    budget.resetSpec(), budget.zone().getId(),
                    counted.subList(Math.max(0, counted.size() - KEPT_CALL_KEYS), counted.size()));
        }

        DailyBudget.State state() {
            return new DailyBudget.State(scope, limit, spent, spentByVendor, Instant.ofEpochMilli(resetsAt),
                    new LinkedHashSet<>(counted == null ? List.of() : counted));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Content(List<WindowEntry> windows, List<BudgetEntry> budgets) {
        public static final Content EMPTY = new Content(List.of(), List.of());
    }

    private final Path file;
    private final BiConsumer<Path, byte[]> writeAtomically;

    /** @param writeAtomically the data folders' whole-or-nothing write (a file cut short by a crash is not read back) */
    public ScheduleFile(Path work, BiConsumer<Path, byte[]> writeAtomically) {
        this.file = work.resolve(FILE_IN_WORK);
        this.writeAtomically = writeAtomically;
    }

    /** What was last written; empty when nothing was (a first start) or the file cannot be read (logged). */
    public static Content read(Path work) {
        Path file = work.resolve(FILE_IN_WORK);
        try {
            Content content = Json.MAPPER.readValue(Files.readAllBytes(file), Content.class);
            return new Content(content.windows() == null ? List.of() : content.windows(),
                    content.budgets() == null ? List.of() : content.budgets());
        } catch (NoSuchFileException first) {
            return Content.EMPTY;
        } catch (IOException e) {
            LOG.warn("Cannot read the schedules' state {}: {}; budgets start from nothing spent", file, e.getMessage());
            return Content.EMPTY;
        }
    }

    public Content read() {
        return read(file.getParent().getParent());
    }

    /** Whether a gateway wrote it before (it had windows or budgets to keep). */
    public boolean exists() {
        return Files.exists(file);
    }

    public void write(Content content) {
        try {
            Files.createDirectories(file.getParent());
            writeAtomically.accept(file, Json.writePretty(content));
        } catch (IOException | RuntimeException e) {
            // the budgets still hold in this run; only a restart would start them afresh
            LOG.warn("Cannot keep the schedules' state in {}: {}", file, e.getMessage());
        }
    }
}
