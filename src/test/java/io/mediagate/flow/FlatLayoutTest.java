package io.mediagate.flow;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Taking a file in makes one folder, its job's: the claim and the filed input keep the dropped path in one file name
 * ({@link FlatNames}) instead of folders made and removed per job. What earlier versions left (inputs under folders of
 * their path) and a path too long for one name still go back to the inbox where they were dropped.
 */
class FlatLayoutTest {

    @TempDir
    Path data;
    private Path inbox;
    private LiveInstances mine;
    private LiveInstances dead;
    private WorkArea myWork;

    @BeforeEach
    void workArea() throws Exception {
        inbox = data.resolve("inbox");
        Files.createDirectories(inbox.resolve("opensearch/object-detect/sub"));
        mine = new LiveInstances(data.resolve("work"));
        myWork = new WorkArea(data.resolve("work"), mine);
    }

    @AfterEach
    void stop() {
        mine.close();
        if (dead != null) {
            dead.close();
        }
    }

    private List<Path> folders() throws Exception {
        Path work = data.resolve("work");
        try (Stream<Path> walk = Files.walk(work)) {
            return walk.filter(Files::isDirectory).filter(p -> !p.equals(work))
                    .filter(p -> !p.equals(work.resolve(".instances")) && !p.equals(work.resolve(".incoming"))
                            && !p.equals(work.resolve(".incoming").resolve(mine.id())))
                    .toList();
        }
    }

    @Test
    void taking_a_file_in_from_a_nested_folder_makes_just_its_job_folder() throws Exception {
        String relative = "opensearch/object-detect/sub/cat.jpg";
        Path claimed = myWork.claims().claim(Files.writeString(inbox.resolve(relative), "cat"), relative);
        assertEquals(List.of(), folders(), "a claim makes no folder");

        Claims.Registration registration = myWork.claims().register("job-1", claimed, relative);

        assertEquals(List.of(data.resolve("work/job-1")), folders());
        assertEquals("cat", Files.readString(registration.file()));
        assertEquals(relative, FlatNames.relativeOfInput(registration.file().getFileName().toString()));
    }

    @Test
    void flat_names_keep_any_path_readable_and_reversible() {
        for (String relative : List.of("opensearch/object-detect/cat.jpg", "a/b/100%2F done %25.jpg", "a/b/%", "a/b/c/d/e.png")) {
            String input = FlatNames.input(relative);
            assertFalse(input.contains("/"), input);
            assertEquals(relative, FlatNames.relativeOfInput(input));
            assertEquals(relative, FlatNames.relativeOfClaim(FlatNames.claim(relative)));
        }
        assertEquals("input.opensearch%2Fobject-detect%2Fcat.jpg", FlatNames.input("opensearch/object-detect/cat.jpg"));
        assertNull(FlatNames.input("opensearch/object-detect/" + "x".repeat(240) + ".jpg"), "too long for one name");
    }

    @Test
    void a_path_too_long_for_one_name_is_filed_under_folders_and_still_goes_back_to_the_inbox() throws Exception {
        String relative = "opensearch/object-detect/sub/" + "long".repeat(55) + ".jpg";
        Path claimed = myWork.claims().claim(Files.writeString(inbox.resolve(relative), "long"), relative);
        Claims.Registration registration = myWork.claims().register("job-2", claimed, relative);
        assertEquals(data.resolve("work/job-2/input").resolve(relative), registration.file());

        Files.setLastModifiedTime(data.resolve("work/job-2"), FileTime.from(Instant.now().minusSeconds(120)));
        assertEquals(1, myWork.reclaim().returnUnbuiltClaims(inbox, System.currentTimeMillis() - 60_000));
        assertEquals("long", Files.readString(inbox.resolve(relative)));
        assertTrue(myWork.isIdle());
    }

    @Test
    void an_abandoned_job_folder_of_either_layout_gives_its_input_back() throws Exception {
        // this version's (one name) and an earlier version's (folders of the path), both without a job record
        Path flat = Files.createDirectories(data.resolve("work/job-flat"));
        Files.writeString(flat.resolve(FlatNames.input("opensearch/object-detect/sub/new.jpg")), "new");
        Path nested = Files.createDirectories(data.resolve("work/job-nested/input/opensearch/object-detect/sub"));
        Files.writeString(nested.resolve("old.jpg"), "old");
        for (Path dir : List.of(flat, data.resolve("work/job-nested"))) {
            Files.setLastModifiedTime(dir, FileTime.from(Instant.now().minusSeconds(120)));
        }

        assertEquals(2, myWork.reclaim().returnUnbuiltClaims(inbox, System.currentTimeMillis() - 60_000));
        assertEquals("new", Files.readString(inbox.resolve("opensearch/object-detect/sub/new.jpg")));
        assertEquals("old", Files.readString(inbox.resolve("opensearch/object-detect/sub/old.jpg")));
        assertTrue(myWork.isIdle());
    }

    @Test
    void a_dead_gateways_claims_of_either_layout_go_back_to_the_inbox() throws Exception {
        dead = new LiveInstances(data.resolve("work"));
        WorkArea deadWork = new WorkArea(data.resolve("work"), dead);
        String relative = "opensearch/object-detect/sub/flat.jpg";
        Path claimed = deadWork.claims().claim(Files.writeString(inbox.resolve(relative), "flat"), relative);
        assertEquals(data.resolve("work/.incoming").resolve(dead.id()), claimed.getParent(), "one name in the claims folder");
        // an earlier version's claim, under folders of its path
        Path earlier = data.resolve("work/.incoming").resolve(dead.id()).resolve("0a1b/opensearch/object-detect/sub/old.jpg");
        Files.createDirectories(earlier.getParent());
        Files.writeString(earlier, "old");
        String deadId = dead.id();
        dead.close();
        dead = null;
        Files.createFile(data.resolve("work/.instances/" + deadId + ".lock"));

        assertEquals(2, myWork.reclaim().returnUnbuiltClaims(inbox, System.currentTimeMillis()));
        assertEquals("flat", Files.readString(inbox.resolve(relative)));
        assertEquals("old", Files.readString(inbox.resolve("opensearch/object-detect/sub/old.jpg")));
        assertFalse(Files.exists(data.resolve("work/.incoming").resolve(deadId)));
    }
}
