package io.mediagate.schedules;

import org.apache.camel.builder.RouteBuilder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One Quartz route per daily budget, {@code budget-reset-<vendor>[.<operation>]}, that resets it at its
 * {@code budget.reset} cron in its time zone: the held jobs go on the wait release's next round. A gateway that was
 * down at the reset catches up as soon as it looks at the budget (the state file keeps when it resets).
 */
public final class BudgetResets extends RouteBuilder {

    private final Schedules schedules;

    public BudgetResets(Schedules schedules) {
        this.schedules = schedules;
    }

    @Override
    public void configure() {
        for (Schedules.Reset reset : schedules.resets()) {
            from("quartz://mediagate-budgets/" + reset.scope() + "?cron=" + encoded(reset.cron())
                    + "&trigger.timeZone=" + encoded(reset.zone().getId()))
                    .routeId("budget-reset-" + reset.scope())
                    .routeDescription("Resets the daily budget of " + reset.scope() + " at " + reset.cron() + " " + reset.zone())
                    .bean(schedules, "resetDue")
                    .log("Daily budget of " + reset.scope() + " reset");
        }
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
