package io.mediagate.flow;

import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue request's job is filed and remembered inside the request's transaction; a crash before the commit rolls the
 * request back and the broker delivers it again. That redelivery is the same request, not a repeat: it must hand its
 * own job on (not be told "duplicate" or "busy" and then get the real answer anyway). The crash is played as a
 * rollback: the first exchange's outgoing message is dropped, and the same JMS message comes again.
 */
class UncommittedRequestTest {

    @TempDir
    Path data;
    private LiveInstances instances;
    private WorkArea workArea;
    private RequestIntake requests;
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final String request = Json.write(Json.object()
            .put("requestId", "order-7").put("vendor", "opensearch").put("operation", "object-detect")
            .set("media", Json.object().put("name", "cat.jpg")
                    .put("base64", Base64.getEncoder().encodeToString(TestMedia.image("jpg", 64, 48)))));

    @BeforeEach
    void intake() {
        instances = new LiveInstances(data.resolve("work"));
        workArea = new WorkArea(data.resolve("work"), instances);
        VendorRegistry vendors = new VendorRegistry(List.of(new OpenSearchVendor(Settings.of(Map.of()), "http://127.0.0.1:9/opensearch", "k")));
        Intake intake = new Intake(workArea, vendors, Settings.of(Map.of()), new Progress());
        requests = new RequestIntake(intake, workArea, vendors, null, 1 << 20, 1 << 20);
    }

    @AfterEach
    void close() throws Exception {
        instances.close();
        camel.close();
    }

    private Exchange deliver(String messageId, boolean redelivered) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(request);
        exchange.getMessage().setHeader("JMSMessageID", messageId);
        exchange.getMessage().setHeader("JMSRedelivered", redelivered);
        requests.accept(exchange);
        return exchange;
    }

    private static String stage(Exchange exchange) {
        return exchange.getProperty(StageMessages.NEXT_STAGE, String.class);
    }

    private static String outcome(Exchange exchange) {
        return exchange.getProperty(RequestIntake.OUTCOME, String.class);
    }

    @Test
    void a_request_redelivered_after_a_crash_before_its_commit_hands_on_its_own_job() throws Exception {
        Exchange first = deliver("ID:m-1", false);
        assertEquals("submit", stage(first));
        Job job = StageMessages.jobOf(first);
        // crash before the commit: the hand-off to submit is rolled back, the request comes again

        Exchange again = deliver("ID:m-1", true);

        assertEquals("submit", stage(again), () -> "the redelivered request was answered: " + again.getMessage().getBody(String.class));
        assertFalse(again.isRouteStop());
        Job resent = StageMessages.jobOf(again);
        assertEquals(job.getId(), resent.getId(), "its own job, not a second one");
        assertEquals(first.getMessage().getHeader(StageMessages.DUPLICATE_ID_HEADER),
                again.getMessage().getHeader(StageMessages.DUPLICATE_ID_HEADER), "the same acceptance: the broker refuses a second copy");
        assertEquals("order-7", resent.getReply().requestId(), "its answer still goes to the request");
        assertFalse(Files.exists(data.resolve("work").resolve(job.getId()).resolve("aliases")), "no alias of its own job");
    }

    @Test
    void a_request_redelivered_after_a_crash_before_it_was_remembered_hands_on_its_own_job() throws Exception {
        Exchange first = deliver("ID:m-1", false);
        Job job = StageMessages.jobOf(first);
        // the crash came after the job was filed, before the request was remembered
        try (Stream<Path> memory = Files.list(data.resolve("work/.requests"))) {
            for (Path file : memory.toList()) {
                Files.delete(file);
            }
        }

        Exchange again = deliver("ID:m-1", true);

        assertEquals("submit", stage(again), () -> "the redelivered request was answered: " + again.getMessage().getBody(String.class));
        assertEquals(job.getId(), StageMessages.jobOf(again).getId());
    }

    @Test
    void a_redelivered_request_whose_job_the_reconciler_already_sent_is_consumed_without_an_answer() throws Exception {
        Exchange first = deliver("ID:m-1", false);
        // the reconciler found the job not enqueued and sent it (and marked it) before the request came again
        Exchange reconciled = new DefaultExchange(camel);
        StageMessages.handOffFirst(reconciled, StageMessages.jobOf(first));
        workArea.enqueued().markEnqueued(StageMessages.jobOf(reconciled));

        Exchange again = deliver("ID:m-1", true);

        assertTrue(again.isRouteStop(), () -> "no second message and no answer, was stage " + stage(again)
                + ": " + again.getMessage().getBody(String.class));
    }

    @Test
    void the_same_request_sent_again_after_its_commit_is_still_a_duplicate() throws Exception {
        deliver("ID:m-1", false);

        Exchange repeat = deliver("ID:m-2", false);

        assertEquals("duplicate", outcome(repeat));
    }
    @Test
    void a_redelivered_request_whose_job_was_delivered_before_it_came_again_makes_no_second_job() throws Exception {
        Exchange first = deliver("ID:m-1", false);
        Job job = StageMessages.jobOf(first);
        forgetRequests(); // the crash came after the job was filed, before the request was remembered
        // reconciliation sent the job on and it was delivered (answered) before the broker gave the request again
        workArea.sealing().removeSealed(workArea.sealing().seal(job));

        Exchange again = deliver("ID:m-1", true);

        assertTrue(again.isRouteStop(), () -> "no second job and no second answer, was stage " + stage(again)
                + ": " + again.getMessage().getBody(String.class));
        Exchange repeat = deliver("ID:m-2", false);
        assertEquals("duplicate", outcome(repeat), "a new message with the same request is still a duplicate");
    }

    @Test
    void the_input_of_a_request_half_filed_before_a_crash_is_dropped_not_put_in_the_inbox() throws Exception {
        // a crash after the request's input was filed under its job id and before the job record was written
        Path claimed = workArea.claims().claimContent("opensearch/object-detect/requests/order-7-1234abcd.jpg", TestMedia.image("jpg", 64, 48));
        workArea.claims().register("0123456789abcdef0123456789abcdef", claimed, "opensearch/object-detect/requests/order-7-1234abcd.jpg");

        int returned = workArea.reclaim().returnUnbuiltClaims(data.resolve("inbox"), Long.MAX_VALUE);

        assertEquals(0, returned, "the request is still on the broker and comes again: its input is no file job");
        assertFalse(Files.exists(data.resolve("inbox/opensearch/object-detect/requests/order-7-1234abcd.jpg")));
        assertFalse(Files.exists(data.resolve("work/0123456789abcdef0123456789abcdef")), "nothing left behind");
    }

    @Test
    void the_content_of_a_request_that_crashed_before_its_job_was_filed_is_cleared_by_reconciliation_never_put_in_the_inbox()
            throws Exception {
        // the request went back to the queue and comes again; what it left in the work area is only in the way
        Path stale = workArea.claims().claimContent("opensearch/object-detect/requests/order-8-1234abcd.jpg", TestMedia.image("jpg", 64, 48));
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        Path takingIn = workArea.claims().claimContent("opensearch/object-detect/requests/order-9-1234abcd.jpg", TestMedia.image("jpg", 64, 48));

        new Reconciler(workArea, new DataFolders(data), java.time.Duration.ofSeconds(60)).jobsToEnqueue();

        assertFalse(Files.exists(stale), "a request's leftover content is removed");
        assertTrue(Files.exists(takingIn), "a request being taken in right now keeps its content");
        assertFalse(Files.exists(data.resolve("inbox/opensearch/object-detect/requests/order-8-1234abcd.jpg")),
                "the request comes again from the queue: its content is no file job");
    }

    @Test
    void reconciliation_after_a_restart_leaves_a_requests_job_to_the_requests_redelivery_during_the_grace() throws Exception {
        deliver("ID:m-1", false);
        forgetRequests();
        instances.close();
        // the gateway starts again: its reconciliation runs before the broker gives the request again
        instances = new LiveInstances(data.resolve("work"));
        workArea = new WorkArea(data.resolve("work"), instances);
        Reconciler reconciler = new Reconciler(workArea, new DataFolders(data), java.time.Duration.ofSeconds(60));

        assertEquals(List.of(), reconciler.jobsToEnqueue(), "sending it too would race the request's own hand-off");
    }

    @Test
    void a_memory_cut_short_by_a_crash_while_it_was_written_does_not_answer_the_requests_own_redelivery_duplicate()
            throws Exception {
        Exchange first = deliver("ID:m-1", false);
        Job job = StageMessages.jobOf(first);
        // the halt came while the memory was being written (another consumer's crash point): the file exists, empty
        try (Stream<Path> memory = Files.list(data.resolve("work/.requests"))) {
            for (Path file : memory.toList()) {
                Files.write(file, new byte[0]);
            }
        }

        Exchange again = deliver("ID:m-1", true);

        assertEquals("submit", stage(again), () -> "the redelivered request was answered: " + again.getMessage().getBody(String.class));
        assertEquals(job.getId(), StageMessages.jobOf(again).getId(), "its own job, not a second one");
    }

    private void forgetRequests() throws java.io.IOException {
        try (Stream<Path> memory = Files.list(data.resolve("work/.requests"))) {
            for (Path file : memory.toList()) {
                Files.delete(file);
            }
        }
    }
}
