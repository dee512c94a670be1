package io.mediagate.flow;

import io.mediagate.job.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job's markers ({@code enqueued-…}, {@code submitting-…}) are further names of its record, not files of their own:
 * on a busy gateway every file made and removed per job is an inode allocated and freed, the costliest file operation
 * of a job (bench/README). What they say is unchanged: which acceptance is on the broker, how many submit calls were
 * started from one job state.
 */
class MarkerLinksTest {

    @TempDir
    Path data;
    private TestWorkArea fixture;
    private WorkArea workArea;

    @BeforeEach
    void workArea() throws Exception {
        fixture = new TestWorkArea(data);
        workArea = fixture.workArea;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Job accepted() throws Exception {
        return fixture.accepted("job-m", 1234L, "img");
    }

    @Test
    void the_markers_of_a_job_are_names_of_its_record_and_make_no_file_of_their_own() throws Exception {
        Job job = accepted();
        workArea.enqueued().markEnqueued(job);
        workArea.submits().recordSubmitting(job.getId(), 0);
        workArea.submits().recordSubmitting(job.getId(), 0);

        Path folder = workArea.jobs().folder(job.getId());
        Object record = key(folder.resolve("job.json"));
        List<Path> markers;
        try (Stream<Path> names = Files.list(folder)) {
            markers = names.filter(p -> p.getFileName().toString().matches("(enqueued|submitting)-.*")).toList();
        }
        assertEquals(2, markers.size(), "one enqueued marker, one submit marker counting two calls: " + markers);
        for (Path marker : markers) {
            assertEquals(record, key(marker), marker.getFileName() + " is the record under another name");
        }
        assertTrue(workArea.enqueued().isEnqueued(job));
        assertEquals(2, workArea.submits().submitsSent(job.getId(), 0), "two submit calls started from this state");
        assertEquals(0, workArea.submits().submitsSent(job.getId(), 1), "none from a later state");
        assertFalse(workArea.submits().wasSubmitting(job.getId(), 1));
    }

    @Test
    void a_submit_marker_of_an_earlier_version_still_counts() throws Exception {
        Job job = accepted();
        Files.writeString(workArea.jobs().folder(job.getId()).resolve("submitting"), "3 2");

        assertEquals(2, workArea.submits().submitsSent(job.getId(), 3));
        workArea.submits().recordSubmitting(job.getId(), 3);
        assertEquals(3, workArea.submits().submitsSent(job.getId(), 3), "counted on from the old marker");
    }

    @Test
    void a_job_without_a_record_in_its_folder_still_gets_its_submit_marker() throws Exception {
        // an automatic batch has no folder of its own: its marker is a file in a folder made for it
        workArea.submits().recordSubmitting("batch-1", 0);

        assertTrue(workArea.submits().wasSubmitting("batch-1", 0));
    }

    private static Object key(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }
}
