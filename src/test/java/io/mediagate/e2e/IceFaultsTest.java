package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.testsupport.LoopbackMedia;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static io.mediagate.testsupport.RunningGateway.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ICE through the folders, as {@link IceFolderTest}, for what a test can only see with the sandbox to itself: OSS and
 * ICE faults it sets, and the sandbox's call counts. One test at a time.
 */
class IceFaultsTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);

    static LoopbackMedia media;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        media = new LoopbackMedia();
        return IceFolderTest.settings(media);
    });

    @AfterAll
    static void stop() throws Exception {
        media.close();
    }

    private static JsonNode awaitEnvelope(String path) throws Exception {
        return IceFolderTest.awaitEnvelope(gateway, path);
    }

    @Test
    void throttling_is_retried_and_the_job_still_succeeds() throws Exception {
        gateway.sandbox().control().setFault(new FaultPlan("ice", "SubmitIProductionJob", null, null, null, 2, null, null));
        try {
            TestMedia.drop(gateway.inbox("ice/video-h2v/busy"), "wide.mp4", TestMedia.mp4(0, 1000, 3000));
            JsonNode json = awaitEnvelope("ice/video-h2v/busy/wide.mp4.json");
            assertEquals("succeeded", json.path("status").asText(), json.toString());
            assertTrue(json.path("job").path("retries").asInt() >= 2, "two Throttling.User answers were retried: " + json);
        } finally {
            gateway.sandbox().control().clearFaults();
        }
    }

    @Test
    void an_oss_outage_while_staging_is_waited_out_not_turned_into_a_failure() throws Exception {
        // five 503s: more than the SDK's own three retries, so the submit stage itself has to try again
        gateway.sandbox().control().setFault(new FaultPlan("oss", "PutObject", null, null, null, 5, null, null));
        try {
            TestMedia.drop(gateway.inbox("ice/video-delogo/outage"), "logo.mp4", TestMedia.mp4(0, 1000, 3000));
            JsonNode json = awaitEnvelope("ice/video-delogo/outage/logo.mp4.json");
            assertEquals("succeeded", json.path("status").asText(), json.toString());
            assertTrue(json.path("job").path("retries").asInt() >= 1, "the stage was retried: " + json);
        } finally {
            gateway.sandbox().control().clearFaults();
        }
    }

    @Test
    void an_oss_outage_while_downloading_outputs_polls_again_instead_of_losing_the_finished_job() throws Exception {
        gateway.sandbox().control().setFault(new FaultPlan("oss", "GetObject", null, null, null, 5, null, null));
        try {
            TestMedia.drop(gateway.inbox("ice/face-beauty/outage"), "face.mp4", TestMedia.mp4(0, 1000, 3000));
            JsonNode json = awaitEnvelope("ice/face-beauty/outage/face.mp4.json");
            assertEquals("succeeded", json.path("status").asText(), json.toString());
            assertTrue(Files.exists(gateway.outbox("ice/face-beauty/outage/face.mp4.output.mp4")), json.toString());
            assertTrue(json.path("job").path("retries").asInt() >= 1, "the download was retried after a new poll: " + json);
            assertEquals(1, json.path("vendor").path("requestIds").size() - json.path("job").path("polls").asInt(),
                    "one submit, then only status queries: ICE ran the job once");
        } finally {
            gateway.sandbox().control().clearFaults();
        }
    }

    @Test
    void a_submit_repeated_after_a_lost_answer_gets_the_same_ice_job_and_is_still_marked() throws Exception {
        long jobsBefore = gateway.sandbox().control().events("ice", "jobs-created");
        long callsBefore = gateway.sandbox().control().calls("ice", "SubmitIProductionJob");
        // ICE creates the job, but its answer comes after the gateway stopped waiting (so-timeout 3 s): the gateway
        // sees a network error and submits again, as it would after a dropped connection
        gateway.sandbox().control().setFault(new FaultPlan("ice", "SubmitIProductionJob", null, 6000L, null, null, null, null));
        try {
            TestMedia.drop(gateway.inbox("ice/video-detext/lost"), "subs.mp4", TestMedia.mp4(0, 1000, 3000));
            await("ICE created the job", LIMIT, () -> gateway.sandbox().control().events("ice", "jobs-created") > jobsBefore);
        } finally {
            gateway.sandbox().control().clearFaults();
        }
        JsonNode json = awaitEnvelope("ice/video-detext/lost/subs.mp4.json");
        assertEquals("succeeded", json.path("status").asText(), json.toString());
        assertTrue(gateway.sandbox().control().calls("ice", "SubmitIProductionJob") - callsBefore >= 2, "submitted again: " + json);
        assertEquals(1, gateway.sandbox().control().events("ice", "jobs-created") - jobsBefore, "one ICE job for all the submits");
        // the sandbox honours the ClientToken; the live service is unconfirmed to on SubmitIProductionJob (Alibaba's SDK
        // models have it only on QueryIProductionJob), so a repeat after a lost answer is marked for the user to reconcile
        assertTrue(json.path("possibleDuplicateSubmission").asBoolean(), "a repeat ICE may not deduplicate is marked: " + json);
    }

    @Test
    void a_url_that_cannot_be_downloaded_fails_as_input_before_any_ice_call() throws Exception {
        long callsBefore = gateway.sandbox().control().calls("ice", "SubmitIProductionJob");
        // a name it does not serve: 404
        String gone = media.serve("kept.mp4", new byte[0]).replace("kept.mp4", "gone.mp4");
        Files.createDirectories(gateway.inbox("ice/cover"));
        Files.writeString(gateway.inbox("ice/cover").resolve("web.job.json"), "{\"url\": \"" + gone + "\"}");
        Path error = gateway.failed("ice/cover/web.job.json.error.json");
        await("web.job.json.error.json", LIMIT, () -> Files.exists(error));
        JsonNode record = Json.readOrNull(Files.readString(error));
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("HTTP 404"), record.toString());
        assertEquals(callsBefore, gateway.sandbox().control().calls("ice", "SubmitIProductionJob"), "nothing sent to ICE");
    }
}
