package io.mediagate.vendors.baidu;

import io.mediagate.job.DailyLimitReached;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops calling Baidu for an app whose quota is used up, instead of spending every waiting job on an answer that
 * is sure to be 17 (daily limit: until midnight Beijing time, when Baidu's daily counts restart) or 19 (total
 * limit: for a set pause, since only raising the quota in the console helps). Jobs fail with the quota message; where
 * the gateway keeps daily budgets, a daily stop ({@link DailyLimitReached}) holds them until the reset instead.
 */
final class QuotaBreaker {

    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

    private record Stop(Instant until, JobError error, boolean daily) {
    }

    private final Map<String, Stop> stops = new ConcurrentHashMap<>();
    private final Clock clock;
    private final java.time.Duration totalLimitPause;

    QuotaBreaker(Clock clock, java.time.Duration totalLimitPause) {
        this.clock = clock;
        this.totalLimitPause = totalLimitPause;
    }

    /** Throws the quota failure while calls for this API key are stopped. */
    void check(String apiKey) {
        Stop stop = stops.get(apiKey);
        if (stop != null && clock.instant().isBefore(stop.until())) {
            throw stop.daily() ? new DailyLimitReached(stop.error()) : new JobFailure(stop.error());
        }
    }

    /** After error 17 or 19: the job's failure, and the same for the app's jobs until the stop ends. */
    JobError stop(String apiKey, int code, String vendorMessage, String settings) {
        Instant now = clock.instant();
        Instant until = code == 17
                ? ZonedDateTime.ofInstant(now, BEIJING).toLocalDate().plusDays(1).atStartOfDay(BEIJING).toInstant()
                : now.plus(totalLimitPause);
        String when = DateTimeFormatter.ISO_INSTANT.format(until);
        String what = code == 17 ? "daily request limit" : "total request limit";
        JobError error = new JobError(JobError.Kind.quota, String.valueOf(code), 200, "Baidu's " + what + " for this app is"
                + " reached (error " + code + ": " + vendorMessage + "). Jobs of " + settings + " fail without calling Baidu until "
                + when + (code == 17 ? " (midnight Beijing time)" : " (mediagate.baidu.quota-pause)")
                + "; enable pay-as-you-go billing or raise the quota in the BML console, then drop the files again", false);
        stops.put(apiKey, new Stop(until, error, code == 17));
        return error;
    }
}
