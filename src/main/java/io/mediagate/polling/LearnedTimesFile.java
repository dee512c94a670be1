package io.mediagate.polling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Keeps what adaptive polling learned across restarts: {@code work/.learned/processing-times.json}, written when it
 * changed (by the progress timer, routes/progress.camel.yaml) and when the gateway stops, read at start.
 */
public final class LearnedTimesFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LearnedTimesFile.class);

    private final ProcessingTimes times;
    private final Path file;
    private Map<String, ProcessingTimes.Learned> saved;

    private LearnedTimesFile(ProcessingTimes times, Path file) {
        this.times = times;
        this.file = file;
        this.saved = times.snapshot();
    }

    /** What an earlier run learned, kept in {@code work}'s {@link ProcessingTimes#FILE_IN_WORK}. */
    public static LearnedTimesFile in(Path work) {
        Path file = work.resolve(ProcessingTimes.FILE_IN_WORK);
        return new LearnedTimesFile(ProcessingTimes.load(file), file);
    }

    public ProcessingTimes times() {
        return times;
    }

    /** Writes the learned times if they changed since the last write. */
    public synchronized void saveIfChanged() {
        Map<String, ProcessingTimes.Learned> now = times.snapshot();
        if (now.equals(saved)) {
            return;
        }
        try {
            times.save(file);
            saved = now;
        } catch (IOException e) {
            // only a head start for the next run: polling goes on with what it knows
            LOG.warn("Cannot keep the learned processing times in {}: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        saveIfChanged();
    }
}
