package io.mediagate.flow;

import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.job.RetryPolicy;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A producer that paused longer than {@code mediagate.ingest.min-age} and writes on after its file was taken: its
 * writes follow the file into the work area (the move keeps the file it has open). The change is seen after the file
 * was read, or before the first vendor call, and the file goes back to the inbox: not lost, not sent half-written,
 * not made into two jobs.
 */
class ChangedAfterTakenTest {

    private static final String RELATIVE = "opensearch/object-detect/slow/slow.jpg";

    @TempDir
    Path data;
    private Path inbox;
    private LiveInstances instances;
    private WorkArea workArea;
    private Intake intake;
    private VendorCalls calls;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() throws Exception {
        inbox = data.resolve("inbox");
        Files.createDirectories(inbox.resolve("opensearch/object-detect/slow"));
        instances = new LiveInstances(data.resolve("work"));
        workArea = new WorkArea(data.resolve("work"), instances);
        VendorRegistry registry = new VendorRegistry(List.of(new OpenSearchVendor(Settings.of(Map.of()), "http://127.0.0.1:1/opensearch", "k")));
        intake = new Intake(workArea, registry, Settings.of(Map.of()), new Progress());
        calls = new VendorCalls(registry, new RateLimiter(), new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5),
                workArea, inbox);
        camel = new DefaultCamelContext();
    }

    @AfterEach
    void stop() throws Exception {
        instances.close();
        camel.close();
    }

    @Test
    void a_file_appended_to_after_its_job_was_made_goes_back_to_the_inbox_before_any_vendor_call() throws Exception {
        byte[] jpeg = TestMedia.image("jpg", 200, 100);
        Path dropped = inbox.resolve(RELATIVE);
        try (OutputStream writer = Files.newOutputStream(dropped)) {
            writer.write(jpeg);
            writer.flush();
            // the writer pauses past min-age: the gateway takes the file and makes its job
            Path claimed = workArea.claims().claim(dropped, RELATIVE);
            Job job = intake.build(claimed, RELATIVE, System.currentTimeMillis());
            Claims.Registration registration = workArea.claims().register(job.getId(), claimed, RELATIVE);
            job.getSource().workFile = registration.file().toString();
            workArea.jobs().saveJob(job);
            // ...then writes on through the handle it still holds
            writer.write(new byte[]{1, 2, 3, 4});
        }
        Exchange exchange = submitExchange(jobOnDisk());

        calls.prepareSubmit(exchange);

        assertTrue(exchange.isRouteStop(), "no vendor call is made");
        assertFalse(exchange.getMessage().getHeaders().containsKey("CamelHttpUri"), "no request was built");
        assertTrue(Files.exists(dropped), "the file is back where it was dropped");
        assertEquals(jpeg.length + 4, Files.size(dropped), "with everything its writer wrote");
        assertTrue(workArea.isIdle(), "and nowhere else: the job is gone, nothing was left in the work area");
    }

    @Test
    void a_file_that_did_not_change_is_sent_as_usual() throws Exception {
        byte[] jpeg = TestMedia.image("jpg", 200, 100);
        Path dropped = Files.write(inbox.resolve(RELATIVE), jpeg);
        Path claimed = workArea.claims().claim(dropped, RELATIVE);
        Job job = intake.build(claimed, RELATIVE, System.currentTimeMillis());
        job.getSource().workFile = workArea.claims().register(job.getId(), claimed, RELATIVE).file().toString();
        workArea.jobs().saveJob(job);
        Exchange exchange = submitExchange(job);

        calls.prepareSubmit(exchange);

        assertFalse(exchange.isRouteStop());
        assertFalse(Files.exists(dropped));
    }

    @Test
    void a_file_that_changes_while_it_is_read_at_intake_is_put_back_before_it_becomes_a_job() throws Exception {
        byte[] jpeg = TestMedia.image("jpg", 200, 100);
        Path dropped = inbox.resolve(RELATIVE);
        Path claimed;
        FileStamp taken;
        try (OutputStream writer = Files.newOutputStream(dropped)) {
            writer.write(jpeg, 0, jpeg.length / 2);
            writer.flush();
            claimed = workArea.claims().claim(dropped, RELATIVE);
            taken = FileStamp.of(claimed);
            writer.write(jpeg, jpeg.length / 2, jpeg.length - jpeg.length / 2);
        }
        Files.write(inbox.resolve("opensearch/object-detect/slow/other.jpg"), jpeg);

        assertTrue(intake.putBackIfChanged(claimed, dropped, RELATIVE, taken));

        assertArrayEquals(jpeg, Files.readAllBytes(dropped));
        assertFalse(Files.exists(claimed));
        assertTrue(workArea.isIdle());
        // one that did not change is kept
        Path still = workArea.claims().claim(inbox.resolve("opensearch/object-detect/slow/other.jpg"), "opensearch/object-detect/slow/other.jpg");
        assertFalse(intake.putBackIfChanged(still, inbox.resolve("opensearch/object-detect/slow/other.jpg"),
                "opensearch/object-detect/slow/other.jpg", FileStamp.of(still)));
        assertTrue(Files.exists(still));
    }

    private Job jobOnDisk() throws Exception {
        try (var dirs = Files.list(data.resolve("work"))) {
            Path folder = dirs.filter(d -> !d.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
            return io.mediagate.json.Json.read(Files.readString(folder.resolve("job.json")), Job.class);
        }
    }

    private Exchange submitExchange(Job job) {
        Exchange exchange = new DefaultExchange(camel);
        StageMessages.write(exchange.getMessage(), job);
        return exchange;
    }
}
