package io.mediagate.schedules;

import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the gateway may submit jobs of a vendor or operation ({@code mediagate.<vendor>[.<operation>].window}), in the
 * window's time zone: daily hours {@code HH:mm-HH:mm} (an end before the start runs overnight, e.g. {@code 22:00-06:00})
 * or a Quartz cron expression, open during every second it matches (e.g. {@code * * 1-5 ? * MON-FRI}: 01:00 to 05:59
 * on weekdays). Outside it jobs wait; running tasks are still polled.
 */
public abstract sealed class IntakeWindow permits IntakeWindow.DailyHours, IntakeWindow.CronWindow {

    private static final Pattern HOURS = Pattern.compile("\\s*(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})\\s*");

    private final String spec;
    private final ZoneId zone;

    private IntakeWindow(String spec, ZoneId zone) {
        this.spec = spec;
        this.zone = zone;
    }

    /**
     * @param setting the setting the window came from, named in the message when it cannot be read
     */
    public static IntakeWindow parse(String spec, ZoneId zone, String setting) {
        Matcher hours = HOURS.matcher(spec);
        if (hours.matches()) {
            try {
                LocalTime start = LocalTime.parse(pad(hours.group(1)));
                LocalTime end = LocalTime.parse(pad(hours.group(2)));
                if (start.equals(end)) {
                    throw new IllegalStateException(setting + " = " + spec + " opens and closes at the same time;"
                            + " leave the window out to submit at any time");
                }
                return new DailyHours(spec.trim(), zone, start, end);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(setting + " = " + spec + ": not a time of day (write HH:mm-HH:mm, e.g. 22:00-06:00)");
            }
        }
        try {
            CronExpression cron = new CronExpression(spec.trim());
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            return new CronWindow(spec.trim(), zone, cron);
        } catch (ParseException e) {
            throw new IllegalStateException(setting + " = " + spec + ": neither HH:mm-HH:mm nor a Quartz cron expression ("
                    + e.getMessage() + "), e.g. 22:00-06:00 or \"* * 1-5 ? * MON-FRI\"");
        }
    }

    private static String pad(String time) {
        return time.length() == 4 ? "0" + time : time;
    }

    /** The window as configured. */
    public String spec() {
        return spec;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Whether jobs may be submitted at {@code at}. */
    public abstract boolean isOpen(Instant at);

    /** {@code at} when the window is open then, else the next instant it opens. */
    public abstract Instant nextOpening(Instant at);

    /** Daily hours: from {@code start} (inclusive) to {@code end} (exclusive) local time, overnight when end comes first. */
    static final class DailyHours extends IntakeWindow {
        private final LocalTime start;
        private final LocalTime end;

        DailyHours(String spec, ZoneId zone, LocalTime start, LocalTime end) {
            super(spec, zone);
            this.start = start;
            this.end = end;
        }

        @Override
        public boolean isOpen(Instant at) {
            LocalTime time = at.atZone(zone()).toLocalTime();
            return start.isBefore(end)
                    ? !time.isBefore(start) && time.isBefore(end)
                    : !time.isBefore(start) || time.isBefore(end);
        }

        @Override
        public Instant nextOpening(Instant at) {
            if (isOpen(at)) {
                return at;
            }
            ZonedDateTime local = at.atZone(zone());
            // the start of today or of a following day; a start that a clock change skips (02:30 on the day clocks
            // go forward) resolves to the first time after the gap, which may fall outside the window: then the next day
            for (int days = 0; days < 4; days++) {
                Instant candidate = ZonedDateTime.of(local.toLocalDate().plusDays(days), start, zone()).toInstant();
                if (candidate.isAfter(at) && isOpen(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException("the window " + spec() + " never opens");
        }
    }

    /** A Quartz cron expression: open during every second it matches. */
    static final class CronWindow extends IntakeWindow {
        private final CronExpression cron;

        CronWindow(String spec, ZoneId zone, CronExpression cron) {
            super(spec, zone);
            this.cron = cron;
        }

        @Override
        public boolean isOpen(Instant at) {
            return cron.isSatisfiedBy(Date.from(at.truncatedTo(ChronoUnit.SECONDS)));
        }

        @Override
        public Instant nextOpening(Instant at) {
            if (isOpen(at)) {
                return at;
            }
            Date next = cron.getNextValidTimeAfter(Date.from(at));
            if (next == null) {
                throw new IllegalStateException("the window " + spec() + " never opens again");
            }
            return next.toInstant();
        }
    }
}
