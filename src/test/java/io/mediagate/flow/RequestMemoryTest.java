package io.mediagate.flow;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queue requests are remembered so a repeat makes no second job, and forgotten after the configured time. */
class RequestMemoryTest {

    @TempDir
    Path data;

    @Test
    void a_request_is_new_once_and_again_after_it_was_forgotten() throws Exception {
        try (LiveInstances instances = new LiveInstances(data.resolve("work"))) {
            WorkArea work = new WorkArea(data.resolve("work"), instances);
            assertFalse(work.requests().seen("abc"));
            work.requests().remember("abc", "job-1");
            assertTrue(work.requests().seen("abc"), "the same request again");
            assertEquals(0, work.requests().forgetBefore(System.currentTimeMillis() - Duration.ofDays(7).toMillis()), "still remembered");
            Files.setLastModifiedTime(data.resolve("work/.requests/abc"), FileTime.from(Instant.now().minus(Duration.ofDays(8))));
            assertEquals(1, work.requests().forgetBefore(System.currentTimeMillis() - Duration.ofDays(7).toMillis()));
            assertFalse(work.requests().seen("abc"), "a new job after the memory ran out");
        }
    }
}
