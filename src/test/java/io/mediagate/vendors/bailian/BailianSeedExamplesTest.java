package io.mediagate.vendors.bailian;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bailian's documented submit example, Bailian's API doc's finished task and Alibaba's NoPermission error body, read by our Bailian client. */
class BailianSeedExamplesTest {

    private final VendorOperation op = new BailianVendor(Settings.of(Map.of()), "http://127.0.0.1:9/bailian",
            new AlibabaCredentials("id", "secret", null), "llm-xxx", io.mediagate.media.oss.OssStores.none()).operations().get(0);

    private static Job job() {
        Job job = new Job();
        job.setId("j1");
        job.setTaskId("3feb69ed02d9b1a17d0f1a942675d300");
        job.getSource().url = "http://xxxx.mp4";
        job.getSource().name = "v.job.json";
        return job;
    }

    @Test
    void the_submit_example_gives_the_task_id() {
        VendorOutcome.Pending pending = assertInstanceOf(VendorOutcome.Pending.class, op.readSubmit(job(), VendorResponse.of(200,
                JsonShape.fixtureText("bailian/submit-video-analysis-task.response--003-normal-return-sample.json"))));
        assertEquals("3feb69ed02d9b1a17d0f1a942675d300", pending.taskId());
        assertEquals("085BE2D2-BB7E-59A6-B688-F2CB32124E7F", pending.requestId());
    }

    @Test
    void a_finished_task_is_the_envelope_result() {
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class, op.readPoll(job(), VendorResponse.of(200,
                JsonShape.fixtureText("bailian/get-video-analysis-task.response--contracts-4.3.json"))));
        assertTrue(done.result().toString().contains("视频分析文本"), done.result().toString());
    }

    @Test
    void no_permission_is_an_auth_error_naming_the_workspace_setting() {
        VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, op.readSubmit(job(), VendorResponse.of(403,
                JsonShape.fixtureText("bailian/error.response--contracts-3.3-no-permission.json"))));
        assertEquals(JobError.Kind.auth, failed.error().kind(), failed.error().toString());
        assertEquals("NoPermission", failed.error().code());
        assertTrue(failed.error().message().contains("workspace"), failed.error().message());
    }
}
