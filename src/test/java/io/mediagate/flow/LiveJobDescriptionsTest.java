package io.mediagate.flow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code --once} prints for the jobs still in flight at its deadline: every line names the input, so a user knows
 * which file to look for, also for a job caught between taking its input in and writing its record (seen on a busy
 * machine, where a five-second deadline fell in that moment and the line named only the job id).
 */
class LiveJobDescriptionsTest {

    @TempDir
    Path data;
    LiveInstances instances;
    WorkArea work;

    @BeforeEach
    void workArea() {
        instances = new LiveInstances(data.resolve("work"));
        work = new WorkArea(data.resolve("work"), instances);
    }

    @AfterEach
    void stop() {
        instances.close();
    }

    @Test
    void a_job_being_taken_in_is_named_by_its_input() throws Exception {
        String relative = "opensearch/image-analyze/holiday/slow.png";
        Path dropped = data.resolve("inbox").resolve(relative);
        Files.createDirectories(dropped.getParent());
        Files.writeString(dropped, "png");
        Path claimed = work.claims().claim(dropped, relative);
        work.claims().register("job-1", claimed, relative);

        assertEquals(List.of("opensearch/image-analyze/holiday/slow.png (job job-1, being taken in)"),
                work.liveJobDescriptions());
    }
}
