package io.mediagate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class archive is only usable with the very jar it was dumped from: the JVM compares the jar's size and time and
 * silently ignores a stale archive (with {@code -Xlog:cds*=off}), so every gateway JVM would pay full class loading
 * again after a rebuild of the jar in the same target/ folder.
 */
class GatewayClassArchiveTest {

    @TempDir
    Path target;

    @Test
    void a_rebuilt_jar_gets_an_archive_of_its_own() throws Exception {
        Path jar = Files.write(target.resolve("mediagate.jar"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-28T19:56:11Z")));
        Path first = GatewayClassArchive.archiveFor(jar);
        assertEquals(first, GatewayClassArchive.archiveFor(jar), "the same jar, the same archive");
        assertEquals(target, first.getParent(), "beside the jar");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-28T23:19:29Z")));
        assertNotEquals(first, GatewayClassArchive.archiveFor(jar), "the jar was rebuilt: the old archive no longer fits");

        Files.write(jar, new byte[] {1, 2, 3, 4});
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-11-28T19:56:11Z")));
        assertNotEquals(first, GatewayClassArchive.archiveFor(jar), "another size, another archive");
    }
}
