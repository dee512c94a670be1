package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.JobFailure;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks before any vendor call: each live-only misconfiguration is found and names its setting. */
class PreflightTest {

    private static final Supplier<AlibabaCredentials> KEY_FOUND = () -> new AlibabaCredentials("LTAIid", "secret", null);
    private static final Supplier<AlibabaCredentials> NO_KEY = () -> {
        throw JobFailure.input("no Alibaba Cloud credentials found: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    };

    private static Map<String, VendorCheck> run(Supplier<AlibabaCredentials> chain, String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        Map<String, VendorCheck> byVendor = new HashMap<>();
        new Preflight(Settings.of(values), new AlibabaCredentialsCheck(chain)).run().forEach(c -> byVendor.put(c.vendor(), c));
        return byVendor;
    }

    private static Map<String, VendorCheck> run(String... keyValues) {
        return run(KEY_FOUND, keyValues);
    }

    private static void assertProblemNaming(VendorCheck check, String setting) {
        assertFalse(check.ok(), check.line());
        assertTrue(check.problems().stream().anyMatch(p -> p.contains(setting)), setting + " named in: " + check.problems());
    }

    @Test
    void without_credentials_every_vendor_is_sandboxed_and_fine() {
        Map<String, VendorCheck> checks = run();
        assertEquals(List.of("opensearch", "pai", "baidu", "ice", "bailian", "oss").stream().sorted().toList(),
                checks.keySet().stream().sorted().toList());
        checks.values().forEach(c -> {
            assertEquals(VendorCheck.Mode.sandbox, c.mode(), c.line());
            assertTrue(c.ok(), c.line());
        });
    }

    @Test
    void the_seeds_bare_opensearch_host_is_called_over_https() {
        VendorCheck check = run("mediagate.opensearch.api-key", "OS-key",
                "mediagate.opensearch.endpoint", "xxx.platform-cn-shanghai.opensearch.aliyuncs.com").get("opensearch");
        assertTrue(check.ok(), check.line());
        assertEquals(VendorCheck.Mode.live, check.mode());
        assertEquals("https://xxx.platform-cn-shanghai.opensearch.aliyuncs.com", check.endpoint());
    }

    @Test
    void an_endpoint_that_is_no_url_is_refused_naming_the_setting() {
        assertProblemNaming(run("mediagate.opensearch.api-key", "OS-key", "mediagate.opensearch.endpoint", "ftp://files.example.com")
                .get("opensearch"), "mediagate.opensearch.endpoint");
        assertProblemNaming(run("mediagate.ice.region", "cn-shanghai", "mediagate.ice.endpoint", "https://ice host").get("ice"),
                "mediagate.ice.endpoint");
        assertProblemNaming(run("mediagate.baidu.api-key", "ak", "mediagate.baidu.secret-key", "sk",
                "mediagate.baidu.models.flowers.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/my flowers")
                .get("baidu"), "mediagate.baidu.models.flowers.url");
    }

    @Test
    void a_key_over_plain_http_to_another_machine_is_refused_unless_allowed() {
        String[] live = {"mediagate.opensearch.api-key", "OS-key",
                "mediagate.opensearch.endpoint", "http://xxx.platform-cn-shanghai.opensearch.aliyuncs.com"};
        VendorCheck refused = run(live).get("opensearch");
        assertProblemNaming(refused, "mediagate.opensearch.allow-plain-http");
        assertFalse(refused.line().contains("OS-key"), "no secret in the line");

        String[] allowed = java.util.Arrays.copyOf(live, live.length + 2);
        allowed[live.length] = "mediagate.opensearch.allow-plain-http";
        allowed[live.length + 1] = "true";
        assertTrue(run(allowed).get("opensearch").ok());

        assertTrue(run("mediagate.opensearch.api-key", "OS-key", "mediagate.opensearch.endpoint", "http://127.0.0.1:8089/opensearch")
                .get("opensearch").ok(), "loopback never leaves the machine");
        assertProblemNaming(run("mediagate.baidu.api-key", "ak", "mediagate.baidu.secret-key", "sk",
                "mediagate.baidu.token-url", "http://aip.baidubce.com/oauth/2.0/token",
                "mediagate.baidu.models.flowers.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/flowers")
                .get("baidu"), "mediagate.baidu.allow-plain-http");
        assertProblemNaming(run("mediagate.oss.bucket", "media", "mediagate.oss.region", "cn-shanghai",
                "mediagate.oss.endpoint", "http://oss-cn-shanghai.aliyuncs.com").get("oss"), "mediagate.oss.allow-plain-http");
    }

    private static final String[] LIVE_PAI = {"mediagate.pai.app-id", "app", "mediagate.pai.token", "token",
            "mediagate.pai.host", "ai-service.abc.cn-hangzhou.alicontainer.com"};

    private static String[] pai(String... more) {
        String[] all = java.util.Arrays.copyOf(LIVE_PAI, LIVE_PAI.length + more.length);
        System.arraycopy(more, 0, all, LIVE_PAI.length, more.length);
        return all;
    }

    @Test
    void pai_keeps_its_documented_plain_http_unless_told_otherwise() {
        VendorCheck check = run(pai("mediagate.media.public-base-url", "https://media.example.com")).get("pai");
        assertTrue(check.ok(), check.line());
        assertEquals("http://ai-service.abc.cn-hangzhou.alicontainer.com", check.endpoint(), "a bare host is http, as PAI's SDKs take it");
        assertProblemNaming(run(pai("mediagate.media.public-base-url", "https://media.example.com",
                "mediagate.pai.allow-plain-http", "false")).get("pai"), "mediagate.pai.allow-plain-http");
    }

    @Test
    void live_pai_is_never_handed_media_links_it_cannot_reach() {
        assertProblemNaming(run(pai("mediagate.media.public-base-url", "http://127.0.0.1:8087")).get("pai"),
                "mediagate.media.public-base-url");
        assertProblemNaming(run(pai("mediagate.media.public-base-url", "http://localhost:8087")).get("pai"),
                "mediagate.media.public-base-url");
        assertProblemNaming(run(pai()).get("pai"), "mediagate.media.public-base-url");
        assertProblemNaming(run(pai("mediagate.pai.staging", "oss")).get("pai"), "mediagate.oss.bucket");
        assertTrue(run(pai("mediagate.oss.bucket", "media", "mediagate.oss.region", "cn-hangzhou")).get("pai").ok(),
                "with a bucket dropped files go to PAI presigned from OSS");
        assertTrue(run("mediagate.pai.app-id", "app", "mediagate.pai.token", "token", "mediagate.pai.host", "http://127.0.0.1:8089/pai",
                "mediagate.media.public-base-url", "http://127.0.0.1:8087").get("pai").ok(), "a PAI on this machine reaches loopback links");
    }

    @Test
    void every_part_of_the_credentials_must_be_there() {
        assertProblemNaming(run("mediagate.pai.app-id", "app", "mediagate.pai.host", "https://pai.example.com",
                "mediagate.media.public-base-url", "https://media.example.com").get("pai"), "PAI_TOKEN");
        assertProblemNaming(run("mediagate.pai.token", "token").get("pai"), "PAI_APP_ID");
        assertProblemNaming(run("mediagate.baidu.api-key", "ak",
                "mediagate.baidu.models.flowers.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/flowers")
                .get("baidu"), "BAIDU_SECRET_KEY");
        assertProblemNaming(run("mediagate.baidu.api-key", "ak", "mediagate.baidu.secret-key", "sk").get("baidu"),
                "mediagate.baidu.models.");
        assertProblemNaming(run("mediagate.opensearch.api-key", "OS-key").get("opensearch"), "mediagate.opensearch.endpoint");
        assertProblemNaming(run(NO_KEY, "mediagate.ice.region", "cn-shanghai").get("ice"), "ALIBABA_CLOUD_ACCESS_KEY_ID");
        assertProblemNaming(run(NO_KEY, "mediagate.bailian.workspace-id", "llm-x").get("bailian"), "ALIBABA_CLOUD_ACCESS_KEY_ID");
        assertProblemNaming(run(NO_KEY, "mediagate.oss.bucket", "media", "mediagate.oss.region", "cn-shanghai").get("oss"),
                "ALIBABA_CLOUD_ACCESS_KEY_ID");
        assertProblemNaming(run("mediagate.oss.bucket", "media").get("oss"), "mediagate.oss.region");
        assertProblemNaming(run("mediagate.ice.endpoint", "https://ice.cn-shanghai.aliyuncs.com").get("ice"), "mediagate.ice.region");
    }

    @Test
    void ice_and_oss_endpoints_follow_the_region_as_the_official_sdks_map_it() {
        assertEquals("https://ice.aliyuncs.com", run("mediagate.ice.region", "cn-beijing").get("ice").endpoint());
        assertEquals("https://ice.cn-shanghai.aliyuncs.com", run("mediagate.ice.region", "cn-shanghai").get("ice").endpoint());
        assertEquals("https://oss-cn-beijing.aliyuncs.com",
                run("mediagate.oss.bucket", "media", "mediagate.ice.region", "cn-beijing").get("oss").endpoint());
        assertEquals("https://oss-cn-beijing-internal.aliyuncs.com", run("mediagate.oss.bucket", "media",
                "mediagate.oss.region", "cn-beijing", "mediagate.oss.endpoint", "oss-cn-beijing-internal.aliyuncs.com").get("oss").endpoint());
    }

    @Test
    void with_the_sandbox_off_a_vendor_without_credentials_is_off_and_opensearch_refuses() {
        Map<String, VendorCheck> checks = run("mediagate.sandbox.enabled", "false");
        assertEquals(VendorCheck.Mode.off, checks.get("pai").mode());
        assertTrue(checks.get("pai").ok());
        assertProblemNaming(checks.get("opensearch"), "OPENSEARCH_API_KEY");
    }

    @Test
    void start_up_refuses_with_every_problem_named() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Preflight.requireReady(Settings.of(Map.of(
                "mediagate.opensearch.api-key", "OS-key", "mediagate.opensearch.endpoint", "http://search.example.com",
                "mediagate.pai.token", "token"))));
        assertTrue(refused.getMessage().contains("opensearch: mediagate.opensearch.endpoint is plain http"), refused.getMessage());
        assertTrue(refused.getMessage().contains("pai: PAI_TOKEN"), refused.getMessage());
        assertFalse(refused.getMessage().contains("OS-key"));
    }
}
