package io.mediagate.polling;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.Job;
import io.mediagate.job.JobSource;

/**
 * Which tasks take alike: the same vendor operation on media of the same size class. A video's or audio's class is
 * its duration, doubling ({@code ≤16s}, {@code ≤32s}, …), since processing time grows with it; other media by bytes,
 * quadrupling ({@code ≤1MB}, {@code ≤4MB}, …); media the gateway never saw (a URL it does not download) is {@code any}.
 */
public final class PollKey {

    private PollKey() {
    }

    public static String of(Job job) {
        return job.getVendor() + "/" + job.getOperation() + "/" + sizeClass(job.getSource());
    }

    static String sizeClass(JobSource source) {
        JsonNode media = source == null ? null : source.media;
        if (media != null && media.path("duration").isNumber() && media.path("duration").asDouble() > 0) {
            return "≤" + powerOfTwoAtLeast(Math.ceil(media.path("duration").asDouble())) + "s";
        }
        if (source != null && source.bytes != null && source.bytes > 0) {
            long megabytes = 1;
            while (megabytes * 1024 * 1024 < source.bytes) {
                megabytes *= 4;
            }
            return "≤" + megabytes + "MB";
        }
        return "any";
    }

    private static long powerOfTwoAtLeast(double seconds) {
        long bound = 1;
        while (bound < seconds) {
            bound *= 2;
        }
        return bound;
    }
}
