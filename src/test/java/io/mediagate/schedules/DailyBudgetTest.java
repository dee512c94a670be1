package io.mediagate.schedules;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DailyBudgetTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant NOON_BEIJING = Instant.parse("2026-11-27T04:00:00Z");
    private static final Instant MIDNIGHT_BEIJING = Instant.parse("2026-11-27T16:00:00Z");

    @Test
    void calls_are_counted_up_to_the_limit_then_refused_until_midnight_in_the_vendors_zone() {
        DailyBudget budget = new DailyBudget("baidu", 2, "0 0 0 * * ?", SHANGHAI, NOON_BEIJING);
        assertTrue(budget.take("job-1:0", NOON_BEIJING));
        assertTrue(budget.take("job-2:0", NOON_BEIJING));
        assertFalse(budget.take("job-3:0", NOON_BEIJING));
        assertEquals(MIDNIGHT_BEIJING, budget.state().resetsAt());
        assertFalse(budget.take("job-3:0", MIDNIGHT_BEIJING.minusSeconds(1)));
        assertTrue(budget.take("job-3:0", MIDNIGHT_BEIJING));
        assertEquals(1, budget.state().spent());
        assertEquals(MIDNIGHT_BEIJING.plusSeconds(86_400), budget.state().resetsAt());
    }

    @Test
    void the_same_call_again_is_counted_once() {
        DailyBudget budget = new DailyBudget("baidu", 2, "0 0 0 * * ?", SHANGHAI, NOON_BEIJING);
        assertTrue(budget.take("job-1:0", NOON_BEIJING));
        assertTrue(budget.take("job-1:0", NOON_BEIJING), "a redelivery of the call it counted");
        assertEquals(1, budget.state().spent());
        assertTrue(budget.take("job-1:1", NOON_BEIJING), "the job's next call is another call");
        assertEquals(2, budget.state().spent());
        assertTrue(budget.take("job-1:1", NOON_BEIJING), "counted before the budget ran out: it still goes");
    }

    @Test
    void the_vendors_word_spends_a_budget_without_a_limit_until_its_reset() {
        DailyBudget budget = new DailyBudget("baidu", 0, "0 0 0 * * ?", SHANGHAI, NOON_BEIJING);
        assertTrue(budget.take("job-1:0", NOON_BEIJING));
        assertEquals(0, budget.state().spent(), "nothing to count against");
        budget.spentByVendor(NOON_BEIJING);
        assertTrue(budget.state().used());
        assertFalse(budget.take("job-2:0", NOON_BEIJING));
        assertTrue(budget.take("job-2:0", MIDNIGHT_BEIJING));
    }

    @Test
    void a_restart_takes_up_the_days_spending_but_not_a_passed_days() {
        DailyBudget before = new DailyBudget("baidu", 2, "0 0 0 * * ?", SHANGHAI, NOON_BEIJING);
        before.take("job-1:0", NOON_BEIJING);
        before.take("job-2:0", NOON_BEIJING);

        DailyBudget sameDay = new DailyBudget("baidu", 2, "0 0 0 * * ?", SHANGHAI, NOON_BEIJING.plusSeconds(60));
        sameDay.restore(before.state(), NOON_BEIJING.plusSeconds(60));
        assertFalse(sameDay.take("job-3:0", NOON_BEIJING.plusSeconds(60)));
        assertTrue(sameDay.take("job-2:0", NOON_BEIJING.plusSeconds(60)), "a call counted before the restart is not counted again");

        DailyBudget nextDay = new DailyBudget("baidu", 2, "0 0 0 * * ?", SHANGHAI, MIDNIGHT_BEIJING.plusSeconds(60));
        nextDay.restore(before.state(), MIDNIGHT_BEIJING.plusSeconds(60));
        assertEquals(0, nextDay.state().spent());
    }

    @Test
    void a_reset_cron_fires_in_its_own_zone_across_a_clock_change() {
        // 06:00 Berlin: 04:00 UTC in summer time, 05:00 UTC once the clocks went back (01:00 UTC on 2026-10-25)
        DailyBudget budget = new DailyBudget("opensearch", 1, "0 0 6 * * ?", ZoneId.of("Europe/Berlin"),
                Instant.parse("2026-10-23T12:00:00Z"));
        assertEquals(Instant.parse("2026-10-24T04:00:00Z"), budget.state().resetsAt());
        budget.resetIfDue(Instant.parse("2026-10-24T04:00:00Z"));
        assertEquals(Instant.parse("2026-10-25T05:00:00Z"), budget.state().resetsAt());
    }
}
