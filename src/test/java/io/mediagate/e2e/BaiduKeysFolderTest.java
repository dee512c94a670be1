package io.mediagate.e2e;

import io.mediagate.modules.VendorModules;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.sandbox.baidu.BaiduEmulator;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.broker.EmbeddedBroker;
import io.mediagate.schedules.DailyBudget;
import io.mediagate.schedules.Schedules;
import io.mediagate.status.BrokerStatus;
import io.mediagate.status.QueuedJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Baidu configured as live (BAIDU_API_KEY, models, token URL) and pointed at a sandbox this test runs: wrong keys,
 * and an app whose daily quota is used up. Each test has its own gateway, so a quota stop stays in it.
 */
class BaiduKeysFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String SECRET = "secret-that-must-not-leak";

    @TempDir
    Path data;
    SandboxServer sandbox;

    @BeforeEach
    void startSandbox() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of()), Map.of("baidu", "ak-live:" + SECRET)).start();
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    private RunningGateway gateway(String apiKey, String secretKey) throws InterruptedException {
        Map<String, String> settings = new HashMap<>();
        settings.put("mediagate.baidu.api-key", apiKey);
        settings.put("mediagate.baidu.secret-key", secretKey);
        settings.put("mediagate.baidu.token-url", sandbox.baseUrl("baidu") + "/oauth/2.0/token");
        settings.put("mediagate.baidu.models.flowers.url", sandbox.baseUrl("baidu") + "/rpc/2.0/ai_custom/v1/classification/flowers");
        settings.put("mediagate.baidu.rate.api", "20");
        return RunningGateway.start(data, settings);
    }


    @Test
    void wrong_keys_fail_fast_as_auth_naming_the_settings_and_not_the_secret() throws Exception {
        try (RunningGateway gateway = gateway("ak-live", "not-the-secret-" + SECRET.substring(7))) {
            TestMedia.drop(gateway.inbox("baidu/image-classify/flowers"), "a.png", TestMedia.image("png", 40, 30));
            Path record = gateway.failed("baidu/image-classify/flowers/a.png.error.json");
            JsonNode json = awaitJson(record, LIMIT);
            assertEquals("auth", json.path("kind").asText(), json.toString());
            assertEquals("invalid_client", json.path("code").asText());
            assertTrue(json.path("message").asText().contains("BAIDU_SECRET_KEY"), json.toString());
            assertEquals(0, json.path("attempts").asInt(), "classification never called: " + json);
            assertFalse(Files.readString(record).contains(SECRET.substring(7)), "no secret in the record");
            assertEquals(0, sandbox.control().calls(BaiduEmulator.VENDOR, "classification"));
        }
    }

    @Test
    void a_used_up_daily_quota_holds_the_files_until_its_reset_and_stops_calling_for_the_others() throws Exception {
        try (RunningGateway gateway = gateway("ak-live", SECRET)) {
            // Baidu answers error 17 (the app's daily request limit): the job waits for the day's reset, as a spent
            // daily budget makes it wait (README "Intake windows and daily budgets"), and is not failed
            sandbox.control().setFault(new FaultPlan("baidu", "flowers", null, null, "17", null, null, null));
            TestMedia.drop(gateway.inbox("baidu/image-classify/flowers"), "over.png", TestMedia.image("png", 40, 30));
            RunningGateway.await("over.png held for the reset", LIMIT, () -> held(gateway) == 1);
            Schedules schedules = gateway.context().getRegistry().lookupByNameAndType("schedules", Schedules.class);
            DailyBudget.State baidu = schedules.budgets().get(0);
            assertEquals("baidu", baidu.key(), baidu.toString());
            assertTrue(baidu.spentByVendor(), "spent by Baidu's word: " + baidu);
            assertTrue(schedules.resumesAt("baidu", "image-classify").isPresent(), "waits for the reset");

            long calls = sandbox.control().calls(BaiduEmulator.VENDOR, "classification");
            TestMedia.drop(gateway.inbox("baidu/image-classify/flowers"), "next.png", TestMedia.image("png", 41, 30));
            RunningGateway.await("next.png held too", LIMIT, () -> held(gateway) == 2);
            assertEquals(calls, sandbox.control().calls(BaiduEmulator.VENDOR, "classification"), "no call while the quota is used up");
            assertFalse(Files.exists(gateway.failed("baidu/image-classify/flowers")), "none failed");
        }
    }

    /** Baidu jobs held by their daily limit, as {@code status} counts them. */
    private static long held(RunningGateway gateway) {
        try (BrokerStatus broker = new BrokerStatus(EmbeddedBroker.IN_VM_URL)) {
            return broker.queuedJobs().stream().filter(job -> job.held() && job.vendor().equals("baidu"))
                    .mapToLong(QueuedJob::count).sum();
        } catch (Exception notYet) {
            return -1;
        }
    }
}
