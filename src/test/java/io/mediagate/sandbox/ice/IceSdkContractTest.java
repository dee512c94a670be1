package io.mediagate.sandbox.ice;

import io.mediagate.modules.VendorModules;

import com.aliyun.ice20201109.Client;
import com.aliyun.ice20201109.models.QueryIProductionJobRequest;
import com.aliyun.ice20201109.models.QueryIProductionJobResponseBody;
import com.aliyun.ice20201109.models.SubmitIProductionJobRequest;
import com.aliyun.ice20201109.models.SubmitIProductionJobResponse;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import io.mediagate.config.Settings;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.sandbox.oss.OssEmulator;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Alibaba's official ICE Java SDK ({@code com.aliyun:ice20201109} 2.3.0), unmodified, pointed at the standalone sandbox's
 * root address ({@code http}, endpoint {@code 127.0.0.1:<port>}) with the sandbox's default AccessKey: a job is
 * submitted and queried with both signatures the SDK can send, and a wrong secret is refused with Alibaba's code.
 * <p>
 * Which signature: the 2.3.0 client's constructor sets its {@code _signatureAlgorithm} to {@code "v2"} whatever the
 * {@link Config} says, so its default is the legacy RPC signature (HMAC-SHA1). Newer builds and tea-openapi's own
 * default are V3 (ACS3-HMAC-SHA256); the test selects it through the same public field the constructor sets.
 */
class IceSdkContractTest {

    private static final String V2 = "v2";
    private static final String V3 = "ACS3-HMAC-SHA256";
    private static final String INPUT = "oss://" + Sandbox.OSS_BUCKET + "/sdk/still.png";

    private static SandboxServer sandbox;

    @BeforeAll
    static void start() {
        // as `mediagate.jar sandbox` starts it (its default keys), with tasks that end at once: no waiting in the test
        sandbox = VendorModules.sandbox("127.0.0.1", 0, Settings.of(Map.of("mediagate.sandbox.task-duration", "0s")),
                Sandbox.standaloneKeys(Map.of())).start();
        sandbox.emulator(OssEmulator.VENDOR, OssEmulator.class).buckets()
                .put(Sandbox.OSS_BUCKET, "sdk/still.png", TestMedia.image("png", 64, 48), "image/png");
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {V2, V3})
    void the_official_sdk_submits_and_queries_a_job(String signature) throws Exception {
        Client ice = client("sandbox-secret", signature);
        SubmitIProductionJobRequest submit = new SubmitIProductionJobRequest()
                .setFunctionName("Cover")
                .setInput(new SubmitIProductionJobRequest.SubmitIProductionJobRequestInput().setType("OSS").setMedia(INPUT))
                .setOutput(new SubmitIProductionJobRequest.SubmitIProductionJobRequestOutput().setType("OSS")
                        .setMedia("oss://" + Sandbox.OSS_BUCKET + "/sdk-out/" + signature + "/cover.jpg"))
                // a space and a plus: the SDK sends the space as '+' in the query, the plus as %2B
                .setUserData("sdk run+" + signature + " 1");
        SubmitIProductionJobResponse submitted = ice.submitIProductionJob(submit);
        assertEquals(200, submitted.getStatusCode());
        String jobId = submitted.getBody().getJobId();
        assertNotNull(jobId);

        QueryIProductionJobResponseBody job = ice.queryIProductionJob(new QueryIProductionJobRequest().setJobId(jobId)).getBody();
        assertEquals(jobId, job.getJobId());
        assertEquals("Success", job.getStatus(), job.getResult());
        assertEquals("Cover", job.getFunctionName());
        assertEquals(INPUT, job.getInput().getMedia());
        assertEquals("sdk run+" + signature + " 1", job.getUserData(), "UserData arrives as the SDK meant it");
        assertEquals(1, job.getOutputFiles().size(), String.valueOf(job.getOutputFiles()));
        assertTrue(sandbox.emulator(OssEmulator.VENDOR, OssEmulator.class).buckets()
                .get(Sandbox.OSS_BUCKET, job.getOutputFiles().get(0)).isPresent(), "the cover was written to the sandbox's OSS");
    }

    @ParameterizedTest
    @ValueSource(strings = {V2, V3})
    void a_wrong_secret_is_refused_with_alibabas_code(String signature) throws Exception {
        Client ice = client("not-the-secret", signature);
        TeaException refused = assertThrows(TeaException.class,
                () -> ice.queryIProductionJob(new QueryIProductionJobRequest().setJobId("any")));
        assertEquals("SignatureDoesNotMatch", refused.getCode(), refused.getMessage());
        assertEquals(400, refused.getData().get("statusCode"), String.valueOf(refused.getData()));
    }

    @ParameterizedTest
    @ValueSource(strings = {V2, V3})
    void an_unknown_access_key_is_refused_with_alibabas_code(String signature) throws Exception {
        Config config = config("sandbox-secret").setAccessKeyId("LTAInobody");
        Client ice = new Client(config);
        ice._signatureAlgorithm = signature;
        TeaException refused = assertThrows(TeaException.class,
                () -> ice.queryIProductionJob(new QueryIProductionJobRequest().setJobId("any")));
        assertEquals("InvalidAccessKeyId.NotFound", refused.getCode(), refused.getMessage());
    }

    private static Client client(String secret, String signature) throws Exception {
        Client ice = new Client(config(secret));
        ice._signatureAlgorithm = signature;
        return ice;
    }

    private static Config config(String secret) {
        return new Config()
                .setAccessKeyId("sandbox-id")
                .setAccessKeySecret(secret)
                .setRegionId("cn-shanghai")
                .setProtocol("http")
                .setEndpoint("127.0.0.1:" + sandbox.port());
    }
}
