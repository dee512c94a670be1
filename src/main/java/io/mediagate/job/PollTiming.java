package io.mediagate.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What adaptive polling knows of one task: the processing time it expected when the task was submitted (null: nothing
 * learned yet, the configured schedule applies), when the task was last seen still running (null: never), and whether
 * it already ran past the learned figure (each task counts once against the figure).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record PollTiming(Long expectedMillis, Long stillRunningAt, boolean ranPastExpected) {

    public PollTiming withStillRunningAt(long at) {
        return new PollTiming(expectedMillis, at, ranPastExpected);
    }

    public PollTiming withRanPastExpected() {
        return new PollTiming(expectedMillis, stillRunningAt, true);
    }
}
