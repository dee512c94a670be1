package io.mediagate.vendors.ice;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** ICE's documented QueryIProductionJob example, each function's Result sample, and ICE's API doc's submit and error, read by our client. */
class IceSeedExamplesTest {

    private final IceVendor vendor = new IceVendor(Settings.of(Map.of()), "http://127.0.0.1:9/ice",
            new AlibabaCredentials("id", "secret", null), io.mediagate.media.oss.OssStores.none());

    private VendorOperation op(IceFunction function) {
        return vendor.operations().stream().filter(o -> o.spec().name().equals(function.folder())).findFirst().orElseThrow();
    }

    @Test
    void a_submit_gives_the_job_id() {
        VendorOutcome.Pending pending = assertInstanceOf(VendorOutcome.Pending.class, op(IceFunction.Cover).readSubmit(new Job(),
                VendorResponse.of(200, JsonShape.fixtureText("ice/submit-iproduction-job.response--contracts-3.3.json"))));
        assertEquals("****20b48fb04483915d4f2cd8ac****", pending.taskId());
    }

    @ParameterizedTest
    @EnumSource(IceFunction.class)
    void a_finished_job_is_the_envelope_result_with_its_result_parsed(IceFunction function) {
        ObjectNode answer = (ObjectNode) JsonShape.fixture("ice/query-iproduction-job.response--002-normal-return-sample.json");
        String result = JsonShape.fixtureText("ice/result-" + function.folder() + "--002-result-samples.json");
        answer.put("FunctionName", function.name());
        answer.put("Result", result);
        Job job = new Job();
        job.setTaskId(answer.path("JobId").asText());
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class, op(function).readPoll(job, VendorResponse.of(200, Json.write(answer))));
        assertEquals(Json.readOrNull(result), done.result().path("Result"), "the Result string parsed");
        assertEquals("http://xxx", done.result().path("OutputUrls").path(0).asText());
    }

    @Test
    void idempotent_parameter_mismatch_is_a_final_error_with_the_vendor_code() {
        VendorOutcome.Failed failed = assertInstanceOf(VendorOutcome.Failed.class, op(IceFunction.Cover).readSubmit(new Job(),
                VendorResponse.of(400, JsonShape.fixtureText("ice/error.response--contracts-3.3-idempotent-parameter-mismatch.json"))));
        assertEquals("IdempotentParameterMismatch", failed.error().code());
        assertEquals(400, failed.error().httpStatus());
        assertFalse(failed.error().retryable());
    }
}
