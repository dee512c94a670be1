package io.mediagate.polling;

import io.mediagate.job.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessingTimesTest {

    @Test
    void whatWasLearnedOutlivesARestart(@TempDir Path dir) throws Exception {
        ProcessingTimes times = new ProcessingTimes();
        times.done("ice/cover/≤4MB", 20_000, 24_000);
        Path file = dir.resolve("work/.learned/processing-times.json");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, times.toJson());

        ProcessingTimes restarted = ProcessingTimes.load(file);

        assertEquals(22_000, restarted.learned("ice/cover/≤4MB").orElseThrow().expectedMillis(), 0.001);
        assertEquals(1, restarted.learned("ice/cover/≤4MB").orElseThrow().tasks());
    }

    @Test
    void anUnreadableFileIsForgottenNotFatal(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("processing-times.json"), "{\"ice/cover/≤4MB\": {\"expectedMil");

        assertTrue(ProcessingTimes.load(file).snapshot().isEmpty());
        assertTrue(ProcessingTimes.load(dir.resolve("missing.json")).snapshot().isEmpty());
    }

    @Test
    void aTaskDoneOnlyLongAfterTheFigureTellsNothing() {
        ProcessingTimes times = new ProcessingTimes();
        times.done("k", 9_000, 11_000);
        times.done("k", 2_000, 40_000);

        assertEquals(10_000, times.learned("k").orElseThrow().expectedMillis(), 0.001);
    }

    @Test
    void videosAreClassedByDurationOtherMediaByBytes() {
        Job video = new Job();
        video.getSource().media = io.mediagate.json.Json.object().put("duration", 47.2);
        video.getSource().bytes = 90_000_000L;
        Job image = new Job();
        image.getSource().bytes = 3_000_000L;

        assertEquals("≤64s", PollKey.sizeClass(video.getSource()));
        assertEquals("≤4MB", PollKey.sizeClass(image.getSource()));
        assertEquals("any", PollKey.sizeClass(new Job().getSource()));
    }

    @Test
    void theFirstFigureCountsWhatTheScoutsSawOfOtherTasks() {
        ProcessingTimes times = new ProcessingTimes();
        times.stillRunning("k", 3_800);
        // this task was put off for the scouts and first polled at 4.1 s: done
        times.done("k", 0, 4_100);

        assertEquals(3_950, times.learned("k").orElseThrow().expectedMillis(), 0.001);
    }
}
