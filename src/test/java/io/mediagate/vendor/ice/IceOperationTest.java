package io.mediagate.vendor.ice;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import io.mediagate.job.JobFailure;

import io.mediagate.vendor.RemoteFile;

import io.mediagate.Settings;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.Json;
import io.mediagate.vendor.VendorOperation;
import io.mediagate.vendor.VendorOutcome;
import io.mediagate.vendor.VendorRequest;
import io.mediagate.vendor.VendorResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ICE requests as vendor-contracts §3 describes them, and the job states read from the query answer. */
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
        VendorRequest request = op("cover").submit(job, null);
        assertEquals("POST", request.method());
        assertEquals("http://127.0.0.1:9/ice/", request.url());
        assertEquals(null, request.body());
        assertEquals("SubmitIProductionJob", request.headers().get("x-acs-action"));
        assertEquals("2020-11-09", request.headers().get("x-acs-version"));
        Map<String, String> query = Acs3Signer.queryParameters(request.query());
        assertEquals("Cover", query.get("FunctionName"));
        assertEquals("oss://in/a.mp4", Json.readOrNull(query.get("Input")).path("Media").asText());
        assertEquals("OSS", Json.readOrNull(query.get("Input")).path("Type").asText());
        assertEquals("oss://out/p/job123/", Json.readOrNull(query.get("Output")).path("Media").asText());
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

    @Test
    void without_oss_and_without_an_output_location_the_error_names_both_settings() {
        Job job = new Job();
        job.setId("j1");
        job.getSource().name = "a.job.json";
        job.getSource().oss = "oss://in/a.mp4";
        JobFailure failure = assertThrows(JobFailure.class, () -> op("video-clip").submit(job, null));
        assertTrue(failure.getMessage().contains("mediagate.oss.bucket"), failure.getMessage());
        assertTrue(failure.getMessage().contains("mediagate.ice.video-clip.params.Output.Media"), failure.getMessage());
    }
}
