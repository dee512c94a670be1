package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through the folders, as {@link FolderLifecycleTest}, for what a test can only see with the sandbox to
 * itself: vendor faults it sets, the sandbox's call counts, a watched folder removed. One test at a time.
 */
class FolderFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> FolderLifecycleTest.SETTINGS);

    @AfterEach
    void clearFaults() {
        gateway.sandbox().control().clearFaults();
    }

    @Test
    void every_operation_has_its_inbox_folder_after_start_and_a_folder_made_later_is_taken_too() throws Exception {
        // the README's first example copies into data/inbox/opensearch/object-detect/ right after the first start
        io.mediagate.vendors.VendorRegistry registry = gateway.context().getRegistry()
                .lookupByNameAndType("vendorRegistry", io.mediagate.vendors.VendorRegistry.class);
        List<String> operations = registry.operations().stream().map(o -> o.spec().key()).toList();
        assertTrue(operations.containsAll(List.of("opensearch/object-detect", "pai/image-tags",
                "baidu/image-classify", "ice/cover", "bailian/video-analysis")), "every sandboxed vendor is on: " + operations);
        for (String operation : operations) {
            assertTrue(Files.isDirectory(gateway.inbox(operation)), "inbox/" + operation + "/ exists after start");
        }
        // a folder removed and made again (or any folder made after start) is still watched
        Path ocr = gateway.inbox("opensearch/image-ocr");
        try (Stream<Path> tree = Files.walk(ocr)) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertFalse(Files.exists(ocr));
        TestMedia.drop(gateway.inbox("opensearch/image-ocr/made-later"), "receipt.png", TestMedia.image("png", 90, 60));
        await("the file in a folder made after start", LIMIT,
                () -> Files.exists(gateway.outbox("opensearch/image-ocr/made-later/receipt.png.json")));
    }

    @Test
    void the_same_file_dropped_twice_while_its_job_runs_is_sent_once_and_both_get_the_result() throws Exception {
        long tasksBefore = gateway.sandbox().control().events("opensearch", "tasks-created");
        byte[] same = TestMedia.image("png", 333, 222);
        TestMedia.drop(gateway.inbox("opensearch/image-analyze/first"), "same.png", same);
        TestMedia.drop(gateway.inbox("opensearch/image-analyze/second"), "copy.png", same);

        Path one = gateway.outbox("opensearch/image-analyze/first/same.png.json");
        Path two = gateway.outbox("opensearch/image-analyze/second/copy.png.json");
        await("both envelopes", LIMIT, () -> Files.exists(one) && Files.exists(two));
        JsonNode first = JSON.readTree(one.toFile());
        JsonNode second = JSON.readTree(two.toFile());
        assertEquals(first.path("result"), second.path("result"));
        assertEquals("opensearch/image-analyze/second/copy.png", second.path("job").path("source").path("path").asText());
        assertEquals(1, gateway.sandbox().control().events("opensearch", "tasks-created") - tasksBefore,
                "one vendor task for two drops of the same input");
        RunningGateway.awaitFile(gateway.done("opensearch/image-analyze/second/copy.png"));
    }

    @Test
    void a_task_the_vendor_fails_ends_in_failed_with_the_vendor_error() throws Exception {
        gateway.sandbox().control().setFault(new FaultPlan("opensearch", "ops-image-analyze-ocr-001", null, null,
                "FAILED", null, null, null));
        TestMedia.drop(gateway.inbox("opensearch/image-ocr"), "scan.png", TestMedia.image("png", 100, 100));

        Path error = gateway.failed("opensearch/image-ocr/scan.png.error.json");
        await("scan.png.error.json", LIMIT, () -> Files.exists(error));
        JsonNode record = JSON.readTree(error.toFile());

        assertEquals("vendor", record.path("kind").asText());
        assertEquals("FAILED", record.path("code").asText());
        assertTrue(record.path("message").asText().contains("forced status FAILED"), record.toString());
        RunningGateway.awaitFile(gateway.failed("opensearch/image-ocr/scan.png"));
        assertFalse(Files.exists(gateway.outbox("opensearch/image-ocr/scan.png.json")));
    }

    @Test
    void a_task_still_running_at_its_deadline_fails_as_timeout() throws Exception {
        gateway.sandbox().control().setFault(new FaultPlan("opensearch", "ops-audio-asr-001", null, null,
                null, null, null, 60_000L));
        TestMedia.drop(gateway.inbox("opensearch/audio-asr"), "memo.wav", TestMedia.wav(8000f, 3 * 8000));

        Path error = gateway.failed("opensearch/audio-asr/memo.wav.error.json");
        await("memo.wav.error.json", LIMIT, () -> Files.exists(error));
        JsonNode record = JSON.readTree(error.toFile());

        assertEquals("timeout", record.path("kind").asText());
        assertTrue(record.path("message").asText().contains("still running"), record.toString());
        assertTrue(record.path("job").path("polls").asInt() >= 1);
    }

    @Test
    void a_storm_of_429_answers_is_ridden_out_with_backoff_and_every_file_succeeds() throws Exception {
        gateway.sandbox().control().setFault(new FaultPlan("opensearch", "ops-object-detect-001", null, null,
                null, 6, null, null));
        long throttledBefore = gateway.sandbox().control().throttled("opensearch");
        for (int i = 0; i < 3; i++) {
            TestMedia.drop(gateway.inbox("opensearch/object-detect/storm"), "img" + i + ".jpg", TestMedia.image("jpg", 50 + i, 60));
        }

        for (int i = 0; i < 3; i++) {
            Path envelope = gateway.outbox("opensearch/object-detect/storm/img" + i + ".jpg.json");
            await("storm envelope " + i, LIMIT, () -> Files.exists(envelope));
            assertEquals("succeeded", JSON.readTree(envelope.toFile()).path("status").asText());
        }
        assertEquals(6, gateway.sandbox().control().throttled("opensearch") - throttledBefore);
        int retries = 0;
        for (int i = 0; i < 3; i++) {
            retries += JSON.readTree(gateway.outbox("opensearch/object-detect/storm/img" + i + ".jpg.json").toFile())
                    .path("job").path("retries").asInt();
        }
        assertEquals(6, retries, "each 429 answer is one retry");
    }

    @Test
    void a_burst_of_files_is_paced_to_the_documented_qps_and_the_vendor_never_throttles() throws Exception {
        long throttledBefore = gateway.sandbox().control().throttled("opensearch");
        int files = 60; // three seconds of the 20/s detection quota, dropped at once
        for (int i = 0; i < files; i++) {
            TestMedia.drop(gateway.inbox("opensearch/face-detect/burst"), "f" + i + ".png", TestMedia.image("png", 20, 20 + i));
        }

        for (int i = 0; i < files; i++) {
            Path envelope = gateway.outbox("opensearch/face-detect/burst/f" + i + ".png.json");
            await("burst envelope " + i, LIMIT, () -> Files.exists(envelope));
            assertEquals(0, JSON.readTree(envelope.toFile()).path("job").path("retries").asInt());
        }
        assertEquals(0, gateway.sandbox().control().throttled("opensearch") - throttledBefore,
                "a paced client must never see a 429: " + gateway.sandbox().control().countsAsJson());
    }

    @Test
    void retries_end_after_five_attempts_with_a_vendor_error() throws Exception {
        gateway.sandbox().control().setFault(new FaultPlan("opensearch", "ops-object-detect-face-001", 1.0, null,
                null, null, null, null));
        TestMedia.drop(gateway.inbox("opensearch/face-detect/broken"), "face.jpg", TestMedia.image("jpg", 80, 80));

        Path error = gateway.failed("opensearch/face-detect/broken/face.jpg.error.json");
        await("face.jpg.error.json", LIMIT, () -> Files.exists(error));
        JsonNode record = JSON.readTree(error.toFile());
        assertEquals("vendor", record.path("kind").asText());
        assertEquals("InternalServerError", record.path("code").asText());
        assertEquals(500, record.path("httpStatus").asInt());
        assertEquals(5, record.path("attempts").asInt());
    }

    @Test
    void throttling_that_outlasts_the_retries_fails_as_quota_not_as_a_vendor_error() throws Exception {
        // more 429 answers than a job has attempts: the quota is spent, which a larger quota or fewer calls fix
        gateway.sandbox().control().setFault(new FaultPlan("opensearch", "ops-object-detect-face-001", null, null,
                null, 50, null, null));
        TestMedia.drop(gateway.inbox("opensearch/face-detect/throttled"), "face.jpg", TestMedia.image("jpg", 81, 80));

        JsonNode record = FolderLifecycleTest.awaitError(gateway, "opensearch/face-detect/throttled/face.jpg");
        assertEquals("quota", record.path("kind").asText(), record.toString());
        assertEquals(429, record.path("httpStatus").asInt(), record.toString());
        assertEquals(5, record.path("attempts").asInt(), "every call made counts: " + record);
    }

    @Test
    void an_empty_file_is_rejected_without_a_vendor_call() throws Exception {
        long callsBefore = gateway.sandbox().control().calls("opensearch", "ops-object-detect-001");
        TestMedia.drop(gateway.inbox("opensearch/object-detect/bad"), "empty.jpg", new byte[0]);

        JsonNode record = FolderLifecycleTest.awaitError(gateway, "opensearch/object-detect/bad/empty.jpg");
        assertEquals("input", record.path("kind").asText());
        assertTrue(record.path("message").asText().contains("empty"), record.toString());
        assertEquals(0, record.path("attempts").asInt());
        assertEquals(callsBefore, gateway.sandbox().control().calls("opensearch", "ops-object-detect-001"));
    }
}
