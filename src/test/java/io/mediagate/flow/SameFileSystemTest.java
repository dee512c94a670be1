package io.mediagate.flow;

import org.junit.jupiter.api.Test;

import java.nio.file.FileStore;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The start-up check that the data folders are on one file system, with the file stores made up per folder. */
class SameFileSystemTest {

    private final DataFolders folders = new DataFolders(Path.of("/srv/mediagate/data"));
    private final FileStore disk = new NamedStore("/dev/sda1");
    private final FileStore share = new NamedStore("nas:/results");

    private SameFileSystem mounts(Map<String, FileStore> byFolder) {
        return new SameFileSystem(folder -> byFolder.getOrDefault(folder.getFileName().toString(), disk));
    }

    @Test
    void one_file_system_gives_no_warning() {
        assertEquals(List.of(), mounts(Map.of()).check(folders));
    }

    @Test
    void an_outbox_on_another_mount_is_started_with_a_warning_that_says_what_is_copied_instead_of_moved() {
        List<String> warnings = mounts(Map.of("outbox", share, "done", share)).check(folders);
        assertEquals(2, warnings.size(), warnings.toString());
        String outbox = warnings.get(0);
        assertTrue(outbox.contains("outbox/") && outbox.contains("nas:/results") && outbox.contains("/dev/sda1"), outbox);
        assertTrue(outbox.contains("copied") && outbox.contains("envelopes"), outbox);
        assertTrue(warnings.get(1).contains("done/") && warnings.get(1).contains("originals"), warnings.get(1));
    }

    @Test
    void an_inbox_on_another_mount_than_the_work_area_is_refused_since_no_file_could_be_taken() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> mounts(Map.of("inbox", share)).check(folders));
        assertTrue(refused.getMessage().contains("inbox/") && refused.getMessage().contains("work/")
                && refused.getMessage().contains("mediagate.data-dir"), refused.getMessage());
    }

    @Test
    void a_folder_whose_file_system_cannot_be_told_is_a_warning_not_a_refusal() {
        SameFileSystem unreadable = new SameFileSystem(folder -> {
            if (folder.endsWith("failed")) {
                throw new java.io.IOException("permission denied");
            }
            return disk;
        });
        List<String> warnings = unreadable.check(folders);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("failed/") && warnings.get(0).contains("permission denied"), warnings.get(0));
    }

    /** A mount, as FileStore shows it: only its name matters here. */
    private static final class NamedStore extends FileStore {
        private final String name;

        NamedStore(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }
        @Override public String type() { return "test"; }
        @Override public boolean isReadOnly() { return false; }
        @Override public long getTotalSpace() { return 0; }
        @Override public long getUsableSpace() { return 0; }
        @Override public long getUnallocatedSpace() { return 0; }
        @Override public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) { return false; }
        @Override public boolean supportsFileAttributeView(String name) { return false; }
        @Override public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) { return null; }
        @Override public Object getAttribute(String attribute) { return null; }
        @Override public String toString() { return name; }
    }
}
