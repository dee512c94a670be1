package io.mediagate.vendors.bailian;

import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bailian's ROA requests (Bailian's API doc) and its task states in the vendor's own spellings. */
class BailianVideoAnalysisTest {

    private final VendorOperation op = new BailianVendor(Settings.of(Map.of()), "http://127.0.0.1:9/bailian",
            new AlibabaCredentials("id", "secret", null), "llm-ws 1", io.mediagate.media.oss.OssStores.none()).operations().get(0);

    private static Job job(String params) {
        Job job = new Job();
        job.setId("j1");
        job.setTaskId("T1");
        job.getSource().url = "https://example.com/v.mp4";
        job.getSource().name = "v.job.json";
        job.setParams((com.fasterxml.jackson.databind.node.ObjectNode) Json.readOrNull(params));
        return job;
    }

    @Test
    void submit_posts_a_form_body_with_nested_values_as_json_to_the_workspace_path() {
        VendorRequest request = op.submit(job("{\"frameSampleMethod\":{\"methodName\":\"standard\"},\"snapshotInterval\":2}"), null);
        assertEquals("POST", request.method());
        assertEquals("http://127.0.0.1:9/bailian/llm-ws%201/quanmiao/lightapp/videoAnalysis/submitVideoAnalysisTask", request.url());
        assertEquals("application/x-www-form-urlencoded", request.headers().get("content-type"));
        assertEquals("SubmitVideoAnalysisTask", request.headers().get("x-acs-action"));
        Map<String, String> form = Acs3Signer.queryParameters(request.body());
        assertEquals("https://example.com/v.mp4", form.get("videoUrl"));
        assertEquals("{\"methodName\":\"standard\"}", form.get("frameSampleMethod"));
        assertEquals("2", form.get("snapshotInterval"));
        VendorRequest poll = op.poll(job("{}"));
        assertEquals("GET", poll.method());
        assertEquals("taskId=T1", poll.query());
    }

    @Test
    void the_seeds_rules_are_checked_before_sending() {
        assertThrows(JobFailure.class, () -> op.submit(job("{\"snapshotInterval\":11}"), null));
        assertThrows(JobFailure.class, () -> op.submit(job("{\"modelCustomPromptTemplate\":\"only {videoAsrText}\"}"), null));
    }

    @Test
    void video_extra_info_is_sent_whatever_the_templates_say_as_the_seed_only_advises_adding_the_variable() {
        // Bailian's SubmitVideoAnalysisTask doc: "需要手动调整 prompt 模版,增加{videoExtraInfo}变量" is advice, not a rule the vendor enforces
        VendorRequest request = op.submit(job("{\"videoExtraInfo\":\"a product launch\","
                + "\"videoModelCustomPromptTemplate\":\"Describe the frames. ASR: {videoAsrText}\"}"), null);
        assertEquals("a product launch", Acs3Signer.queryParameters(request.body()).get("videoExtraInfo"));
        assertEquals("a talk", Acs3Signer.queryParameters(op.submit(job("{\"videoExtraInfo\":\"a talk\"}"), null).body()).get("videoExtraInfo"));
    }

    @Test
    void frame_sample_method_ranges_of_seed_003_are_checked_before_sending() {
        for (String ok : new String[]{"{\"methodName\":\"standard\",\"interval\":1.0,\"pixel\":300}",
                "{\"methodName\":\"userdefined\",\"interval\":5,\"pixel\":768}", "{\"methodName\":\"fast\"}", "{\"interval\":2.5}"}) {
            VendorRequest request = op.submit(job("{\"frameSampleMethod\":" + ok + "}"), null);
            assertEquals(ok, Acs3Signer.queryParameters(request.body()).get("frameSampleMethod"));
        }
        assertRefused("{\"interval\":0.5}", "frameSampleMethod.interval", "1.0 to 5.0");
        assertRefused("{\"interval\":5.5}", "frameSampleMethod.interval", "1.0 to 5.0");
        assertRefused("{\"interval\":\"2\"}", "frameSampleMethod.interval", "1.0 to 5.0");
        assertRefused("{\"pixel\":299}", "frameSampleMethod.pixel", "300 to 768");
        assertRefused("{\"pixel\":769}", "frameSampleMethod.pixel", "300 to 768");
        assertRefused("{\"pixel\":500.5}", "frameSampleMethod.pixel", "300 to 768");
        assertRefused("{\"methodName\":\"slow\"}", "frameSampleMethod.methodName", "standard");
        assertRefused("\"standard\"", "frameSampleMethod", "object");
    }

    private void assertRefused(String frameSampleMethod, String field, String range) {
        JobFailure refused = assertThrows(JobFailure.class, () -> op.submit(job("{\"frameSampleMethod\":" + frameSampleMethod + "}"), null),
                frameSampleMethod);
        assertEquals(JobError.Kind.input, refused.error().kind());
        assertTrue(refused.error().message().contains(field) && refused.error().message().contains(range), refused.error().message());
    }

    @Test
    void task_states_in_the_vendors_spellings() {
        for (String running : new String[]{"PENDING", "RUNNING", "SUSPENDED"}) {
            assertInstanceOf(VendorOutcome.Pending.class, op.readPoll(job("{}"), answer("\"taskStatus\":\"" + running + "\"")), running);
        }
        VendorOutcome.Done done = (VendorOutcome.Done) op.readPoll(job("{}"), answer(
                "\"taskStatus\":\"SUCCESSED\",\"payload\":{\"output\":{\"videoAnalysisResult\":{\"text\":\"t\"}},\"usage\":{\"totalTokens\":9}}"));
        assertEquals("t", done.result().path("videoAnalysisResult").path("text").asText());
        assertEquals(9, done.usage().path("totalTokens").asInt());
        for (String ended : new String[]{"FAILED", "CANCELED"}) {
            VendorOutcome.Failed failed = (VendorOutcome.Failed) op.readPoll(job("{}"), answer("\"taskStatus\":\"" + ended + "\",\"errorMessage\":\"boom\""));
            assertEquals(JobError.Kind.vendor, failed.error().kind());
            assertTrue(failed.error().message().contains(ended) && failed.error().message().contains("boom"));
        }
        VendorOutcome.Failed policy = (VendorOutcome.Failed) op.readPoll(job("{}"), answer(
                "\"taskStatus\":\"FAILED\",\"header\":{\"errorCode\":\"ViolationOfSecurityPolicy\",\"errorMessage\":\"blocked\"}"));
        assertEquals("ViolationOfSecurityPolicy", policy.error().code());
    }

    @Test
    void a_throttled_status_check_is_retried_not_taken_for_the_end_of_the_task() {
        VendorOutcome.Failed throttled = (VendorOutcome.Failed) op.readPoll(job("{}"), VendorResponse.of(200,
                "{\"requestId\":\"r\",\"success\":false,\"code\":\"Throttling.User\",\"message\":\"Request was denied due to user flow control.\"}"));
        assertTrue(throttled.error().retryable(), throttled.error().toString());
        assertEquals("Throttling.User", throttled.error().code());
    }

    private static VendorResponse answer(String data) {
        return VendorResponse.of(200, "{\"requestId\":\"r\",\"success\":true,\"code\":\"successful\",\"data\":{\"taskId\":\"T1\"," + data + "}}");
    }
}
