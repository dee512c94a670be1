package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.job.Artifact;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results are never replaced: a later job with the same name keeps its files beside the earlier one's under a name
 * with its job id ({@code cat.<first 8 of id>.jpg}), while the same job delivered again (a redelivery after a crash)
 * rewrites its own files instead of making a copy of itself.
 */
class SameNameDeliveryTest {

    private static final String FIRST = "aaaaaaaa11112222333344445555aaaa";
    private static final String SECOND = "bbbbbbbb11112222333344445555bbbb";
    private static final String DIR = "opensearch/object-detect/";

    @TempDir
    Path data;
    private LiveInstances instances;
    private WorkArea workArea;
    private DataFolders folders;
    private Delivery delivery;

    @BeforeEach
    void gateway() {
        folders = new DataFolders(data);
        folders.create();
        instances = new LiveInstances(folders.work());
        workArea = new WorkArea(folders.work(), instances);
        delivery = new Delivery(folders, workArea.jobs(), workArea.sealing(), new Progress(), null, false);
    }

    @AfterEach
    void close() {
        instances.close();
    }

    /** A live job for {@code name} with {@code content}, as ingest leaves it, finished with a cover image as output. */
    private Job finished(String id, long acceptedAt, String name, String content, boolean succeeded) throws Exception {
        Path dropped = Files.writeString(Files.createDirectories(folders.inbox().resolve(DIR)).resolve(name), content);
        Path claimed = workArea.claims().claim(dropped, DIR + name);
        Claims.Registration registration = workArea.claims().register(id, claimed, DIR + name);
        Job job = new Job();
        job.setId(id);
        job.setVendor("opensearch");
        job.setOperation("object-detect");
        job.setRelativePath(name);
        job.setAcceptedAt(acceptedAt);
        job.getSource().name = name;
        job.getSource().workFile = registration.file().toString();
        workArea.jobs().saveJob(job);
        if (succeeded) {
            Files.writeString(folders.work().resolve(id).resolve("cover.jpg"), "cover of " + content);
            job.getArtifacts().add(new Artifact("cover.jpg", "cover.jpg", "oss://b/cover.jpg", 10, false));
            job.succeed(Json.MAPPER.readTree("{\"content\":\"" + content + "\"}"), null, acceptedAt + 1);
        } else {
            job.fail(JobError.input("bad " + content), acceptedAt + 1);
        }
        return job;
    }

    private static String text(Path file) throws Exception {
        return Files.readString(file);
    }

    private JsonNode json(Path file) throws Exception {
        return Json.MAPPER.readTree(file.toFile());
    }

    private List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void a_later_job_with_the_same_name_keeps_both_results() throws Exception {
        delivery.deliver(finished(FIRST, 1_000, "cat.jpg", "one", true));
        delivery.deliver(finished(SECOND, 2_000, "cat.jpg", "two", true));

        Path outbox = folders.outbox().resolve(DIR);
        assertEquals(FIRST, json(outbox.resolve("cat.jpg.json")).path("job").path("id").asText(), "the first envelope stays");
        assertEquals("one", text(folders.done().resolve(DIR + "cat.jpg")));
        assertEquals("cover of one", text(outbox.resolve("cat.jpg.cover.jpg")));

        JsonNode second = json(outbox.resolve("cat.bbbbbbbb.jpg.json"));
        assertEquals(SECOND, second.path("job").path("id").asText());
        assertEquals("two", second.path("result").path("content").asText());
        assertEquals("cat.bbbbbbbb.jpg.cover.jpg", second.path("artifacts").get(0).path("file").asText());
        assertEquals("cover of two", text(outbox.resolve("cat.bbbbbbbb.jpg.cover.jpg")));
        assertEquals("two", text(folders.done().resolve(DIR + "cat.bbbbbbbb.jpg")));
        assertEquals("cat.jpg", second.path("job").path("source").path("name").asText(), "the name it was dropped as");
    }

    @Test
    void a_later_failure_with_the_same_name_keeps_both_originals_and_records() throws Exception {
        delivery.deliver(finished(FIRST, 1_000, "cat.jpg", "one", false));
        delivery.deliver(finished(SECOND, 2_000, "cat.jpg", "two", false));

        Path failed = folders.failed().resolve(DIR);
        assertEquals(List.of("cat.bbbbbbbb.jpg", "cat.bbbbbbbb.jpg.error.json", "cat.jpg", "cat.jpg.error.json"), names(failed));
        assertEquals("one", text(failed.resolve("cat.jpg")));
        assertEquals(FIRST, json(failed.resolve("cat.jpg.error.json")).path("job").path("id").asText());
        assertEquals("two", text(failed.resolve("cat.bbbbbbbb.jpg")));
        assertEquals(SECOND, json(failed.resolve("cat.bbbbbbbb.jpg.error.json")).path("job").path("id").asText());
    }

    @Test
    void the_same_content_run_again_after_its_job_ended_is_kept_too() throws Exception {
        // same content, operation and params: the same job id, accepted again later
        delivery.deliver(finished(FIRST, 1_000, "cat.jpg", "one", true));
        delivery.deliver(finished(FIRST, 2_000, "cat.jpg", "one", true));
        delivery.deliver(finished(FIRST, 3_000, "cat.jpg", "one", true));

        Path outbox = folders.outbox().resolve(DIR);
        assertEquals("1970-01-01T00:00:01Z", json(outbox.resolve("cat.jpg.json")).path("job").path("timings").path("acceptedAt").asText());
        assertEquals("1970-01-01T00:00:02Z", json(outbox.resolve("cat.aaaaaaaa.jpg.json")).path("job").path("timings").path("acceptedAt").asText());
        assertEquals("1970-01-01T00:00:03Z", json(outbox.resolve("cat.aaaaaaaa-2.jpg.json")).path("job").path("timings").path("acceptedAt").asText());
        assertEquals(List.of("cat.aaaaaaaa-2.jpg", "cat.aaaaaaaa.jpg", "cat.jpg"), names(folders.done().resolve(DIR)));
    }

    @Test
    void the_same_job_delivered_again_after_a_crash_between_envelope_and_original_makes_no_copy() throws Exception {
        Job job = finished(FIRST, 1_000, "cat.jpg", "one", true);
        // the first delivery wrote the envelope, then the gateway died before moving the original
        DataFolders.writeAtomically(folders.envelopeFor(job), Json.writePretty(Envelopes.success(job, folders, java.util.List.of())));

        delivery.deliver(job);
        delivery.deliver(job); // and once more after a crash just before the commit

        assertEquals(List.of("cat.jpg.cover.jpg", "cat.jpg.json"), names(folders.outbox().resolve(DIR)));
        assertEquals(List.of("cat.jpg"), names(folders.done().resolve(DIR)));
        assertEquals("one", text(folders.done().resolve(DIR + "cat.jpg")));
        assertTrue(workArea.isIdle());
    }

    @Test
    void an_empty_envelope_left_by_a_power_loss_is_written_again_in_place() throws Exception {
        Job job = finished(FIRST, 1_000, "cat.jpg", "one", true);
        Path envelope = folders.envelopeFor(job);
        Files.createDirectories(envelope.getParent());
        Files.write(envelope, new byte[0]);

        delivery.deliver(job);

        assertEquals(FIRST, json(envelope).path("job").path("id").asText());
        assertEquals("one", text(folders.done().resolve(DIR + "cat.jpg")));
        assertFalse(Files.exists(folders.outbox().resolve(DIR + "cat.aaaaaaaa.jpg.json")));
    }

    @Test
    void a_job_file_keeps_its_double_extension() {
        assertEquals("week.1234abcd.job.json", DataFolders.withSuffix("week.job.json", ".1234abcd"));
        assertEquals("sub/cat.1234abcd.jpg", DataFolders.withSuffix("sub/cat.jpg", ".1234abcd"));
        assertEquals("README.1234abcd", DataFolders.withSuffix("README", ".1234abcd"));
        assertEquals("a.b/README.1234abcd", DataFolders.withSuffix("a.b/README", ".1234abcd"));
    }
}
