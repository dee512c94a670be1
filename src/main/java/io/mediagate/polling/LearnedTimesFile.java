package io.mediagate.polling;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keeps what adaptive polling learned across restarts: {@code work/.learned/processing-times.json}, written when it
 * changed (by the progress timer, routes/progress.camel.yaml) and when the gateway stops, read at start.
 */
public final class LearnedTimesFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LearnedTimesFile.class);

    private final ProcessingTimes times;
    private final Path file;
    private final BiConsumer<Path, byte[]> writeAtomically;
    private Map<String, ProcessingTimes.Learned> saved;

    private LearnedTimesFile(ProcessingTimes times, Path file, BiConsumer<Path, byte[]> writeAtomically) {
        this.times = times;
        this.file = file;
        this.writeAtomically = writeAtomically;
        this.saved = times.snapshot();
    }

    /**
     * What an earlier run learned, kept in {@code work}'s {@link ProcessingTimes#FILE_IN_WORK}.
     *
     * @param writeAtomically the data folders' whole-or-nothing write (a file cut short by a crash is not read back)
     */
    public static LearnedTimesFile in(Path work, BiConsumer<Path, byte[]> writeAtomically) {
        Path file = work.resolve(ProcessingTimes.FILE_IN_WORK);
        return new LearnedTimesFile(ProcessingTimes.load(file), file, writeAtomically);
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
            writeAtomically.accept(file, times.toJson());
            saved = now;
        } catch (RuntimeException e) {
            // only a head start for the next run: polling goes on with what it knows
            LOG.warn("Cannot keep the learned processing times in {}: {}", file, e.getMessage());
        }
    }

    @Override
    public void close() {
        saveIfChanged();
    }
}
