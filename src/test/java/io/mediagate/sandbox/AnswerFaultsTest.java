package io.mediagate.sandbox;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's answer faults as a client sees them on the wire, each confirmed by the sandbox's counters, and each
 * after the vendor did its work (the task exists): only the answer is lost.
 */
@Timeout(30)
class AnswerFaultsTest {

    private static final String KEY = "k";
    private static final String ANALYZE_ID = "ops-image-analyze-vlm-001";
    private static final String ANALYZE = "/v3/openapi/workspaces/default/image-analyze/" + ANALYZE_ID + "/async";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SandboxServer sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of()), Map.of("opensearch", KEY)).start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private HttpResponse<String> submit(Duration timeout) throws Exception {
        ObjectNode body = Json.object();
        body.putObject("document").put("content", Base64.getEncoder().encodeToString(TestMedia.image("png", 32, 32)))
                .put("file_name", "a.png").put("file_type", "png");
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl("opensearch") + ANALYZE)).timeout(timeout)
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> submit() throws Exception {
        return submit(Duration.ofSeconds(10));
    }

    private void plan(AnswerFault fault, Integer calls) {
        sandbox.control().setFault(FaultPlan.answers("opensearch", ANALYZE_ID, fault, calls));
    }

    private long hits(AnswerFault fault) {
        return sandbox.control().answerFaults("opensearch", ANALYZE_ID, fault);
    }

    private long tasksCreated() {
        return sandbox.control().events("opensearch", "tasks-created");
    }

    @Test
    void a_reset_mid_body_fails_the_clients_read_after_the_task_was_created() {
        plan(AnswerFault.RESET, 1);
        assertThrows(IOException.class, this::submit);
        assertEquals(1, hits(AnswerFault.RESET));
        assertEquals(1, tasksCreated(), "the vendor created the task; only its answer was lost");
    }

    @Test
    void no_answer_closes_the_connection_without_a_byte() {
        plan(AnswerFault.NO_ANSWER, 1);
        assertThrows(IOException.class, this::submit);
        assertEquals(1, hits(AnswerFault.NO_ANSWER));
        assertEquals(1, tasksCreated());
    }

    @Test
    void a_truncated_body_is_a_complete_answer_that_is_not_json() throws Exception {
        plan(AnswerFault.TRUNCATED, 1);
        HttpResponse<String> answer = submit();
        assertEquals(200, answer.statusCode());
        assertFalse(answer.body().isEmpty());
        assertNull(Json.readOrNull(answer.body()), answer.body());
        assertEquals(1, hits(AnswerFault.TRUNCATED));
    }

    @Test
    void a_load_balancer_502_is_an_html_page() throws Exception {
        plan(AnswerFault.HTML_502, 1);
        HttpResponse<String> answer = submit();
        assertEquals(502, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(answer.body().contains("502 Bad Gateway"), answer.body());
        assertEquals(1, hits(AnswerFault.HTML_502));
        assertEquals(1, tasksCreated());
    }

    @Test
    void missing_fields_keeps_the_request_id_and_drops_the_result() throws Exception {
        plan(AnswerFault.MISSING_FIELDS, 1);
        JsonNode answer = Json.readOrNull(submit().body());
        assertTrue(answer.path("request_id").isTextual(), answer.toString());
        assertTrue(answer.path("result").isMissingNode(), answer.toString());
        assertEquals(1, hits(AnswerFault.MISSING_FIELDS));
    }

    @Test
    void a_slow_answer_outlasts_the_clients_read_timeout() {
        sandbox.control().setFault(FaultPlan.answers("opensearch", ANALYZE_ID, AnswerFault.SLOW, 1).withAnswerDelay(3_000));
        assertThrows(HttpTimeoutException.class, () -> submit(Duration.ofMillis(300)));
        assertEquals(1, hits(AnswerFault.SLOW));
    }

    @Test
    void only_the_planned_number_of_calls_is_broken_and_the_counts_show_them() throws Exception {
        plan(AnswerFault.HTML_502, 2);
        assertEquals(502, submit().statusCode());
        assertEquals(502, submit().statusCode());
        assertEquals(200, submit().statusCode());
        assertEquals(2, sandbox.control().countsAsJson().path("opensearch/" + ANALYZE_ID).path("answerFaults").path("html-502").asLong(),
                sandbox.control().countsAsJson().toString());
        assertEquals(3, tasksCreated());
    }

    @Test
    void the_admin_endpoint_takes_answer_faults_by_their_wire_names() throws Exception {
        HttpResponse<String> set = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/_sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"vendor\":\"opensearch\",\"target\":\"" + ANALYZE_ID
                        + "\",\"answerFault\":\"no-answer\",\"answerFaultCalls\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("no-answer", Json.readOrNull(set.body()).path("answerFault").asText());
        assertThrows(IOException.class, this::submit);
        assertEquals(200, submit().statusCode());
        assertEquals(1, hits(AnswerFault.NO_ANSWER));
    }
}
