package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.sandbox.AnswerFault;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ways networks and load balancers break a vendor's answer (the sandbox's answer faults), on the submit and the
 * poll of a sync (object-detect) and an async (image-analyze) OpenSearch operation: each job ends classified (never
 * {@code internal}) or is retried within its budget and succeeds, and a submit sent again after the vendor may
 * have made the task is marked {@code possibleDuplicateSubmission}. Each fault is confirmed hit by the sandbox's counters.
 */
class VendorNetworkFaultsTest {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final String DETECT = "ops-object-detect-001";
    private static final String ANALYZE = "ops-image-analyze-vlm-001";

    private static int size = 40;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> Map.of(
                "camel.component.http.so-timeout", "1500",   // the read timeout a slow answer outlasts
                "mediagate.retry.initial-delay", "200ms",
                "mediagate.retry.max-delay", "1s",
                "mediagate.sandbox.task-duration", "500ms",
                "mediagate.opensearch.poll.first-delay", "1500ms"));

    @AfterEach
    void clearFaults() {
        control().clearFaults();
        control().resetCounts();
    }

    private static SandboxControl control() {
        return gateway.sandbox().control();
    }

    /** Drops a new image (a size of its own, so a job of its own) and returns its name. */
    private static String drop(String operation) throws Exception {
        size += 3;
        String name = operation + "-" + size + ".png";
        TestMedia.drop(gateway.inbox("opensearch/" + operation), name, TestMedia.image("png", size, size));
        return name;
    }

    /** The envelope or the error record of a dropped file, whichever comes: the job never stays stuck. */
    private static JsonNode outcome(String operation, String name) throws Exception {
        Path envelope = gateway.outbox("opensearch/" + operation + "/" + name + ".json");
        Path error = gateway.failed("opensearch/" + operation + "/" + name + ".error.json");
        await(name + " delivered or failed", LIMIT, () -> Files.exists(envelope) || Files.exists(error));
        JsonNode record = io.mediagate.json.Json.readOrNull(Files.readString(Files.exists(envelope) ? envelope : error));
        assertFalse("internal".equals(record.path("kind").asText()), "never internal: " + record);
        return record;
    }

    private static void breakSubmits(String target, AnswerFault fault, Integer calls) {
        control().setFault(FaultPlan.answers("opensearch", target, fault, calls).withAnswerDelay(4_000));
    }

    // --- submit: the vendor did the work, the answer is lost; the retry is a new call and is marked ---------

    @Test
    void a_sync_submit_reset_mid_body_is_retried_and_marked() throws Exception {
        breakSubmits(DETECT, AnswerFault.RESET, 1);
        JsonNode envelope = outcome("object-detect", drop("object-detect"));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertTrue(envelope.path("possibleDuplicateSubmission").asBoolean(), "the vendor served it twice: " + envelope);
        assertEquals(1, control().answerFaults("opensearch", DETECT, AnswerFault.RESET));
    }

    @Test
    void a_sync_submit_without_an_answer_is_retried_and_marked() throws Exception {
        breakSubmits(DETECT, AnswerFault.NO_ANSWER, 1);
        JsonNode envelope = outcome("object-detect", drop("object-detect"));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertTrue(envelope.path("possibleDuplicateSubmission").asBoolean(), envelope.toString());
        assertEquals(1, control().answerFaults("opensearch", DETECT, AnswerFault.NO_ANSWER));
    }

    @Test
    void an_async_submit_answered_by_a_load_balancers_502_is_retried_and_marked() throws Exception {
        breakSubmits(ANALYZE, AnswerFault.HTML_502, 1);
        JsonNode envelope = outcome("image-analyze", drop("image-analyze"));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertTrue(envelope.path("possibleDuplicateSubmission").asBoolean(), envelope.toString());
        assertEquals(1, control().answerFaults("opensearch", ANALYZE, AnswerFault.HTML_502));
    }

    @Test
    void an_async_submit_slower_than_the_read_timeout_is_retried_and_marked() throws Exception {
        breakSubmits(ANALYZE, AnswerFault.SLOW, 1);
        JsonNode envelope = outcome("image-analyze", drop("image-analyze"));
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertTrue(envelope.path("possibleDuplicateSubmission").asBoolean(), envelope.toString());
        assertEquals(1, control().answerFaults("opensearch", ANALYZE, AnswerFault.SLOW));
    }

    @Test
    void a_sync_submit_with_a_truncated_body_fails_as_vendor_without_a_second_call() throws Exception {
        breakSubmits(DETECT, AnswerFault.TRUNCATED, 1);
        long before = control().calls("opensearch", DETECT);
        JsonNode record = outcome("object-detect", drop("object-detect"));
        assertEquals("failed", record.path("status").asText(), record.toString());
        assertEquals("vendor", record.path("kind").asText(), record.toString());
        assertEquals(before + 1, control().calls("opensearch", DETECT), "a 200 we cannot read is not sent again");
        assertEquals(1, control().answerFaults("opensearch", DETECT, AnswerFault.TRUNCATED));
    }

    @Test
    void a_sync_submit_answered_200_without_a_result_fails_as_vendor_and_is_not_delivered_as_success() throws Exception {
        breakSubmits(DETECT, AnswerFault.MISSING_FIELDS, 1);
        JsonNode record = outcome("object-detect", drop("object-detect"));
        assertEquals("failed", record.path("status").asText(), "no result is no success: " + record);
        assertEquals("vendor", record.path("kind").asText(), record.toString());
        assertEquals(1, control().answerFaults("opensearch", DETECT, AnswerFault.MISSING_FIELDS));
    }

    @Test
    void an_async_submit_reset_on_every_call_ends_as_vendor_after_its_attempts_and_marked() throws Exception {
        breakSubmits(ANALYZE, AnswerFault.RESET, null);
        JsonNode record = outcome("image-analyze", drop("image-analyze"));
        assertEquals("vendor", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("(after 5 attempts)"), record.toString());
        assertTrue(record.path("possibleDuplicateSubmission").asBoolean(), "up to 5 tasks were made: " + record);
        assertEquals(5, control().answerFaults("opensearch", ANALYZE, AnswerFault.RESET));
    }

    // --- poll: asking again is harmless; the job is polled again and succeeds, unmarked ----------------------

    /** Drops an async job, waits until its task exists, then breaks the next status check with {@code fault}. */
    private static JsonNode pollBrokenOnce(AnswerFault fault) throws Exception {
        // the submit stage has read the vendor's answer (not only: the sandbox made the task, its answer may still
        // be on the way and would meet the fault meant for the poll)
        org.apache.camel.builder.NotifyBuilder submitted = new org.apache.camel.builder.NotifyBuilder(gateway.context())
                .fromRoute("submit").whenDone(1).create();
        String name = drop("image-analyze");
        assertTrue(submitted.matches(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the job was submitted");
        breakSubmits(ANALYZE, fault, 1);   // the first poll is due 1.5 s after the submit
        JsonNode envelope = outcome("image-analyze", name);
        assertEquals(1, control().answerFaults("opensearch", ANALYZE, fault), "the poll met the fault");
        return envelope;
    }

    @Test
    void a_poll_reset_mid_body_is_polled_again() throws Exception {
        JsonNode envelope = pollBrokenOnce(AnswerFault.RESET);
        assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        assertFalse(envelope.has("possibleDuplicateSubmission"), envelope.toString());
    }

    @Test
    void a_poll_answered_200_without_a_status_is_polled_again() throws Exception {
        JsonNode envelope = pollBrokenOnce(AnswerFault.MISSING_FIELDS);
        assertEquals("succeeded", envelope.path("status").asText(), "a status we could not read is asked again: " + envelope);
    }

    @Test
    void a_poll_with_a_truncated_body_or_a_502_page_is_polled_again() throws Exception {
        assertEquals("succeeded", pollBrokenOnce(AnswerFault.TRUNCATED).path("status").asText());
        clearFaults();
        control().resetCounts();
        assertEquals("succeeded", pollBrokenOnce(AnswerFault.HTML_502).path("status").asText());
    }

    @Test
    void a_poll_slower_than_the_read_timeout_is_polled_again() throws Exception {
        assertEquals("succeeded", pollBrokenOnce(AnswerFault.SLOW).path("status").asText());
    }
}
