package io.mediagate;

import io.mediagate.flow.LiveInstances;
import io.mediagate.flow.WorkArea;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code --once} counts as still waiting in the inbox: it must not end while the gateway has files there to take,
 * and at its deadline it names them. The inbox may be a link to a folder elsewhere (README, Links).
 */
class OnceRunTest {

    @TempDir
    Path data;
    @TempDir
    Path mount;

    @Test
    void files_in_an_inbox_that_is_a_link_are_waited_for_and_named() throws Exception {
        Path inbox = Files.createSymbolicLink(data.resolve("inbox"), mount);
        TestMedia.drop(mount.resolve("opensearch/object-detect"), "cat.jpg", TestMedia.image("jpg", 40, 40));
        TestMedia.drop(mount.resolve("opensearch/object-detect"), "dog.jpg.part", TestMedia.image("jpg", 40, 40));

        assertTrue(OnceRun.hasWaitingFiles(inbox), "cat.jpg waits in the linked inbox");
        try (LiveInstances instances = new LiveInstances(data.resolve("work"))) {
            String listed = OnceRun.stillInFlight(new WorkArea(data.resolve("work"), instances), inbox, Duration.ofSeconds(5));
            assertTrue(listed.contains("opensearch/object-detect/cat.jpg (in the inbox, not taken in yet)"), listed);
            assertFalse(listed.contains("dog.jpg.part"), "a partial download is no file the gateway will take: " + listed);
        }
    }
}
