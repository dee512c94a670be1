package io.mediagate.schedules;

import io.mediagate.config.Settings;
import io.mediagate.testsupport.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchedulesTest {

    private static final List<String> OPERATIONS = List.of("opensearch.object-detect", "opensearch.image-ocr", "baidu.image-classify");
    /** 10:00 in Beijing. */
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-27T02:00:00Z"));

    @TempDir
    Path work;

    private Schedules schedules(Map<String, String> settings) {
        return Schedules.of(Settings.of(settings), OPERATIONS, clock, new ScheduleFile(work, SchedulesTest::write));
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void an_operations_window_replaces_its_vendors_and_holds_its_submits_until_it_opens() {
        Schedules schedules = schedules(Map.of(
                "mediagate.opensearch.window", "22:00-06:00",
                "mediagate.opensearch.window.time-zone", "Asia/Shanghai",
                "mediagate.opensearch.image-ocr.window", "* * 8-11 * * ?",
                "mediagate.opensearch.image-ocr.window.time-zone", "Asia/Shanghai"));
        assertEquals(Optional.of(Instant.parse("2026-11-27T14:00:00Z")), schedules.holdFor("opensearch", "object-detect"),
                "22:00 Beijing");
        assertTrue(schedules.mayGo("opensearch", "image-ocr"), "its own window is open");
        assertTrue(schedules.mayGo("baidu", "image-classify"), "no window");

        clock.advance(Duration.ofHours(12)); // 22:00 Beijing
        assertTrue(schedules.mayGo("opensearch", "object-detect"));
        assertFalse(schedules.mayGo("opensearch", "image-ocr"));
        Schedules.WindowStatus ocr = schedules.windows().stream().filter(w -> w.scope().equals("opensearch.image-ocr")).findFirst().orElseThrow();
        assertFalse(ocr.open());
        assertEquals(Instant.parse("2026-11-28T00:00:00Z"), ocr.nextOpening(), "08:00 Beijing tomorrow");
    }

    @Test
    void an_operations_budget_counts_with_its_vendors_and_either_holds_when_used() {
        Schedules schedules = schedules(Map.of(
                "mediagate.opensearch.budget.daily", "3",
                "mediagate.opensearch.object-detect.budget.daily", "1"));
        assertTrue(schedules.count("opensearch", "object-detect", "a:0"));
        assertFalse(schedules.mayGo("opensearch", "object-detect"), "its own budget is used");
        assertFalse(schedules.count("opensearch", "object-detect", "b:0"));
        assertTrue(schedules.count("opensearch", "image-ocr", "c:0"));
        assertTrue(schedules.count("opensearch", "image-ocr", "d:0"));
        assertEquals(Optional.of(Instant.parse("2026-11-27T16:00:00Z")), schedules.resumesAt("opensearch", "image-ocr"),
                "the vendor's three are spent: midnight Beijing");
        DailyBudget.State vendor = schedules.budgets().stream().filter(b -> b.key().equals("opensearch")).findFirst().orElseThrow();
        assertEquals(3, vendor.spent());
        assertEquals(3, vendor.limit());

        clock.advance(Duration.ofHours(14)); // past midnight Beijing
        assertTrue(schedules.mayGo("opensearch", "object-detect"));
    }

    @Test
    void the_vendors_daily_limit_answer_holds_the_vendors_jobs_until_the_reset() {
        Schedules schedules = schedules(Map.of("mediagate.baidu.budget.reset", "0 0 6 * * ?"));
        assertTrue(schedules.budgets().isEmpty(), "no limit configured, nothing spent: nothing to show");
        schedules.reached("baidu", "image-classify");
        assertEquals(Optional.of(Instant.parse("2026-11-27T22:00:00Z")), schedules.holdFor("baidu", "image-classify"),
                "06:00 Beijing");
        assertTrue(schedules.budgets().get(0).spentByVendor());
        assertTrue(schedules.mayGo("opensearch", "object-detect"), "another vendor's calls go on");
    }

    @Test
    void without_windows_or_budgets_nothing_is_written() {
        Schedules schedules = schedules(Map.of());
        assertTrue(schedules.count("baidu", "image-classify", "a:0"));
        assertFalse(Files.exists(work.resolve(ScheduleFile.FILE_IN_WORK)), "the work area keeps only what matters");
        schedules.reached("baidu", "image-classify");
        assertTrue(Files.exists(work.resolve(ScheduleFile.FILE_IN_WORK)), "the vendor's word is kept");
    }

    @Test
    void the_spending_survives_a_restart() {
        Map<String, String> settings = Map.of("mediagate.baidu.budget.daily", "2");
        Schedules before = schedules(settings);
        before.count("baidu", "image-classify", "a:0");
        before.count("baidu", "image-classify", "b:0");

        Schedules after = schedules(settings);
        assertFalse(after.mayGo("baidu", "image-classify"));
        assertTrue(after.count("baidu", "image-classify", "b:0"), "the call counted before the restart goes again uncounted");
        assertEquals(2, after.budgets().get(0).spent());
        assertTrue(Files.exists(work.resolve(ScheduleFile.FILE_IN_WORK)));
    }
}
