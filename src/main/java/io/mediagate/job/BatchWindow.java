package io.mediagate.job;

import java.time.Duration;

/**
 * How single files of an operation are gathered into one vendor batch call: at most {@code maxSize} files, and a
 * file waits at most {@code time} after it was accepted for others to join. A file that arrives while a batch is
 * still being gathered joins it; when the window closes with one file, it is sent on its own, as usual.
 *
 * @param maxSize files per batch call; 1 (or less) turns gathering off
 * @param time    the longest a file waits for company
 */
public record BatchWindow(int maxSize, Duration time) {

    public static final BatchWindow OFF = new BatchWindow(1, Duration.ZERO);

    public boolean gathers() {
        return maxSize > 1;
    }
}
