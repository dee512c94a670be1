package io.mediagate.vendors.ice;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.mediagate.job.JobFailure;

import io.mediagate.vendors.RemoteFile;

import io.mediagate.config.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ICE requests as ICE's API doc describes them, and the job states read from the query answer. */
class IceOperationTest {

    private final IceVendor vendor = new IceVendor(Settings.of(Map.of()), "http://127.0.0.1:9/ice",
            new AlibabaCredentials("id", "secret", null), io.mediagate.media.oss.OssStores.none());

    private VendorOperation op(String folder) {
        return vendor.operations().stream().filter(o -> o.spec().name().equals(folder)).findFirst().orElseThrow();
    }

    @Test
    void all_fourteen_functions_are_folders_in_kebab_case() {
        assertEquals(14, vendor.operations().size());
        assertTrue(IceFunction.ofFolder("video-green-screen-matting").isPresent());
        assertEquals("video-h2v", IceFunction.VideoH2V.folder());
        assertEquals("audio-quality-assessment", IceFunction.AudioQualityAssessment.folder());
    }

    @Test
    void submit_is_an_rpc_post_with_every_parameter_in_the_query_and_objects_as_json_strings() {
        Job job = new Job();
        job.setId("job123");
        job.getSource().oss = "oss://in/a.mp4";
        job.getSource().name = "a.job.json";
        job.setParams((com.fasterxml.jackson.databind.node.ObjectNode) Json.readOrNull(
                "{\"Output\":{\"Media\":\"oss://out/p/\"},\"JobParams\":{\"Model\":\"gif\"},\"TemplateId\":\"t-1\"}"));
        VendorRequest request = withOss("cover").submit(job, null);
        assertEquals("POST", request.method());
        assertEquals("http://127.0.0.1:9/ice/", request.url());
        assertEquals(null, request.body());
        assertEquals("SubmitIProductionJob", request.headers().get("x-acs-action"));
        assertEquals("2020-11-09", request.headers().get("x-acs-version"));
        Map<String, String> query = Acs3Signer.queryParameters(request.query());
        assertEquals("Cover", query.get("FunctionName"));
        assertEquals("oss://in/a.mp4", Json.readOrNull(query.get("Input")).path("Media").asText());
        assertEquals("OSS", Json.readOrNull(query.get("Input")).path("Type").asText());
        // a configured folder becomes one OSS object per job, the documented form (ICE's API doc)
        assertEquals("oss://out/p/job123/cover.jpg", Json.readOrNull(query.get("Output")).path("Media").asText());
        assertEquals("{\"Model\":\"gif\"}", query.get("JobParams"));
        assertEquals("t-1", query.get("TemplateId"));
    }

    @Test
    void running_states_in_both_spellings_are_pending_and_the_end_states_are_read() {
        Job job = new Job();
        job.setTaskId("J1");
        for (String running : new String[]{"Queuing", "Analysing", "Analyzing"}) {
            assertInstanceOf(VendorOutcome.Pending.class, op("cover").readPoll(job,
                    VendorResponse.of(200, "{\"RequestId\":\"r\",\"JobId\":\"J1\",\"Status\":\"" + running + "\"}")), running);
        }
        VendorOutcome.Done done = (VendorOutcome.Done) op("cover").readPoll(job, VendorResponse.of(200,
                "{\"RequestId\":\"r\",\"JobId\":\"J1\",\"Status\":\"Success\",\"Result\":\"{\\\"Covers\\\":[1,2]}\",\"OutputUrls\":[\"https://x/c.jpg\"]}"));
        assertEquals(2, done.result().path("Result").path("Covers").size(), "Result string parsed: " + done.result());
        assertEquals("https://x/c.jpg", done.result().path("OutputUrls").path(0).asText());
        VendorOutcome.Failed failed = (VendorOutcome.Failed) op("cover").readPoll(job, VendorResponse.of(200,
                "{\"RequestId\":\"r\",\"JobId\":\"J1\",\"Status\":\"Fail\",\"Result\":\"download input failed\"}"));
        assertEquals(JobError.Kind.vendor, failed.error().kind());
        assertTrue(failed.error().message().contains("download input failed"), failed.error().message());
    }

    @Test
    void output_files_are_object_paths_in_the_output_bucket_else_the_output_urls() {
        Job job = new Job();
        job.setResult(Json.readOrNull("""
                {"Output": {"Media": "oss://out-bucket/p/job1/", "Type": "OSS"},
                 "OutputFiles": ["p/job1/a/cover.jpg", "p/job1/b/cover.jpg", "oss://other/x.wav"],
                 "OutputUrls": ["http://ignored/c.jpg"]}"""));
        List<RemoteFile> files = op("cover").outputFiles(job);
        assertEquals(List.of(new RemoteFile("oss://out-bucket/p/job1/a/cover.jpg", "cover.jpg"),
                new RemoteFile("oss://out-bucket/p/job1/b/cover.jpg", "2-cover.jpg"),
                new RemoteFile("oss://other/x.wav", "x.wav")), files, "same names are kept apart");

        job.setResult(Json.readOrNull("{\"OutputUrls\": [\"https://cdn.example.com/out/clip.mp4?sig=1\"]}"));
        assertEquals(List.of(new RemoteFile("https://cdn.example.com/out/clip.mp4?sig=1", "clip.mp4")), op("video-clip").outputFiles(job));
    }

    private static Job ossJob(String id, long acceptedAt) {
        Job job = new Job();
        job.setId(id);
        job.setAcceptedAt(acceptedAt);
        job.getSource().oss = "oss://in/a.mp4";
        job.getSource().name = "a.job.json";
        job.setParams((com.fasterxml.jackson.databind.node.ObjectNode) Json.readOrNull("{\"Output\":{\"Media\":\"oss://out/p/\"}}"));
        return job;
    }

    private static Map<String, String> sent(VendorOperation operation, Job job) {
        return Acs3Signer.queryParameters(operation.submit(job, null).query());
    }

    private final IceVendor withOss = new IceVendor(Settings.of(Map.of()), "http://127.0.0.1:9/ice",
            new AlibabaCredentials("id", "secret", null), new io.mediagate.media.oss.OssStores(null, new io.mediagate.media.oss.OssStore(
                    new io.mediagate.media.oss.OssStore.Config("http://127.0.0.1:9", "cn-shanghai", "stage", "mediagate/", true,
                            1 << 20, 1 << 20, java.time.Duration.ofHours(1), false), () -> new AlibabaCredentials("id", "secret", null))));

    private VendorOperation withOss(String folder) {
        return withOss.operations().stream().filter(o -> o.spec().name().equals(folder)).findFirst().orElseThrow();
    }

    @Test
    void the_client_token_is_the_same_for_every_submit_of_one_job_and_differs_between_jobs() {
        VendorOperation cover = withOss("cover");
        String token = sent(cover, ossJob("0123456789abcdef0123456789abcdef", 1_700_000_000_000L)).get("ClientToken");
        assertTrue(token != null && token.contains("0123456789abcdef0123456789abcdef"), "derived from the job id: " + token);
        assertTrue(token.length() <= 64 && token.matches("[A-Za-z0-9-]+"), "Alibaba's ClientToken: ASCII, at most 64: " + token);
        assertEquals(token, sent(cover, ossJob("0123456789abcdef0123456789abcdef", 1_700_000_000_000L)).get("ClientToken"),
                "a repeat after a crash or a lost answer sends the same token");
        assertTrue(!token.equals(sent(cover, ossJob("fedcba9876543210fedcba9876543210", 1_700_000_000_000L)).get("ClientToken")),
                "another job, another token");
        // the same media dropped again after the first job ended has the same job id, but is a new job for the user:
        // ICE must not answer it with the first job, whose outputs the gateway already removed
        assertTrue(!token.equals(sent(cover, ossJob("0123456789abcdef0123456789abcdef", 1_700_000_500_000L)).get("ClientToken")));
    }

    @Test
    void the_default_output_is_one_oss_object_in_the_gateways_job_folder() {
        Job job = ossJob("job7", 1L);
        job.getParams().remove("Output");
        assertEquals("oss://stage/mediagate/outputs/job7/cover.jpg",
                Json.readOrNull(sent(withOss("cover"), job).get("Output")).path("Media").asText());
        assertEquals("oss://stage/mediagate/outputs/job7/output.wav",
                Json.readOrNull(sent(withOss("speech-denoise"), job).get("Output")).path("Media").asText());
        assertEquals("oss://stage/mediagate/outputs/job7/output.mp4",
                Json.readOrNull(sent(withOss("video-h2v"), job).get("Output")).path("Media").asText());
        // an object the user names is theirs to choose: sent as it is
        job.setParams((com.fasterxml.jackson.databind.node.ObjectNode) Json.readOrNull(
                "{\"Output\":{\"Media\":\"oss://mine/covers/launch.jpg\",\"Type\":\"OSS\"}}"));
        assertEquals("oss://mine/covers/launch.jpg", Json.readOrNull(sent(withOss("cover"), job).get("Output")).path("Media").asText());
    }

    @Test
    void a_client_token_used_with_other_parameters_is_a_clear_vendor_error_that_is_not_sent_again() {
        Job job = ossJob("job9", 1L);
        job.setTaskId(null);
        VendorOutcome.Failed failed = (VendorOutcome.Failed) withOss("cover").readSubmit(job, VendorResponse.of(400,
                "{\"RequestId\":\"R-1\",\"HostId\":\"ice.cn-shanghai.aliyuncs.com\",\"Code\":\"IdempotentParameterMismatch\","
                        + "\"Message\":\"The request uses the same client token as a previous, but non-identical request.\"}"));
        assertEquals(JobError.Kind.vendor, failed.error().kind());
        assertEquals("IdempotentParameterMismatch", failed.error().code());
        assertEquals(false, failed.error().retryable(), "sending it again cannot help");
        String message = failed.error().message();
        assertTrue(message.contains("ClientToken") && message.contains("job9"), message);
        assertTrue(message.contains("R-1"), "ICE's RequestId is kept: " + message);
    }

    @Test
    void without_a_bucket_a_job_is_refused_before_any_call_even_with_an_output_location() {
        // the gateway reads ICE's outputs from OSS with its OSS settings: without them a job would be billed and
        // then fail at the download
        JobFailure failure = assertThrows(JobFailure.class, () -> op("cover").submit(ossJob("j2", 1L), null));
        assertEquals(JobError.Kind.input, failure.error().kind());
        assertTrue(failure.getMessage().contains("mediagate.oss.bucket") && failure.getMessage().contains("mediagate.oss.region"),
                failure.getMessage());
    }

    @Test
    void without_oss_and_without_an_output_location_the_error_names_the_bucket_setting() {
        Job job = new Job();
        job.setId("j1");
        job.getSource().name = "a.job.json";
        job.getSource().oss = "oss://in/a.mp4";
        JobFailure failure = assertThrows(JobFailure.class, () -> op("video-clip").submit(job, null));
        assertTrue(failure.getMessage().contains("mediagate.oss.bucket"), failure.getMessage());
    }
}
