package io.mediagate.testsupport;

import io.mediagate.modules.VendorModules;

import io.mediagate.config.Settings;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;

import java.util.HashMap;
import java.util.Map;

/**
 * A standalone sandbox with keys this test knows, and the settings that make the gateway call it as if it were the
 * real vendors ("live": credentials and endpoints set). Alibaba credentials come from the credential chain's JVM
 * properties, as a user's would come from the environment; {@link #close} clears them.
 */
public final class LiveSandbox implements AutoCloseable {

    public static final String OPENSEARCH_KEY = "OS-live-key";
    public static final String ALIBABA_ID = "LTAIlive";
    public static final String ALIBABA_SECRET = "alibaba-live-secret";
    public static final String PAI_APP = "pai-live-app";
    public static final String PAI_TOKEN = "pai-live-token";
    public static final String BAIDU_API_KEY = "baidu-live-ak";
    public static final String BAIDU_SECRET = "baidu-live-secret";
    public static final String WORKSPACE = "llm-live";

    private final SandboxServer sandbox;

    public LiveSandbox() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of("mediagate.sandbox.bailian.workspace-id", WORKSPACE,
                "mediagate.sandbox.task-duration", "1s")), Map.of(
                "opensearch", OPENSEARCH_KEY,
                "ice", ALIBABA_ID + ":" + ALIBABA_SECRET,
                "pai", PAI_APP + ":" + PAI_TOKEN,
                "baidu", BAIDU_API_KEY + ":" + BAIDU_SECRET)).start();
        useAlibabaSecret(ALIBABA_SECRET);
    }

    /** The AccessKey secret the gateway finds in Alibaba's credential chain (the first link: JVM properties). */
    public void useAlibabaSecret(String secret) {
        System.setProperty("alibabacloud.accessKeyId", ALIBABA_ID);
        System.setProperty("alibabacloud.accessKeySecret", secret);
    }

    public SandboxServer server() {
        return sandbox;
    }

    public Map<String, String> openSearch() {
        return Map.of("mediagate.opensearch.api-key", OPENSEARCH_KEY,
                "mediagate.opensearch.endpoint", sandbox.baseUrl("opensearch"));
    }

    public Map<String, String> ice() {
        return Map.of("mediagate.ice.region", "cn-shanghai", "mediagate.ice.endpoint", sandbox.baseUrl("ice"));
    }

    public Map<String, String> bailian() {
        return Map.of("mediagate.bailian.workspace-id", WORKSPACE, "mediagate.bailian.endpoint", sandbox.baseUrl("bailian"));
    }

    public Map<String, String> baidu() {
        return Map.of("mediagate.baidu.api-key", BAIDU_API_KEY, "mediagate.baidu.secret-key", BAIDU_SECRET,
                "mediagate.baidu.token-url", sandbox.baseUrl("baidu") + "/oauth/2.0/token",
                "mediagate.baidu.models.flowers.url", sandbox.baseUrl("baidu") + "/rpc/2.0/ai_custom/v1/classification/flowers");
    }

    public Map<String, String> pai() {
        return Map.of("mediagate.pai.app-id", PAI_APP, "mediagate.pai.token", PAI_TOKEN,
                "mediagate.pai.host", sandbox.baseUrl("pai"));
    }

    public Map<String, String> oss() {
        return Map.of("mediagate.oss.bucket", Sandbox.OSS_BUCKET, "mediagate.oss.region", Sandbox.OSS_REGION,
                "mediagate.oss.endpoint", sandbox.baseUrl("oss"));
    }

    /** The settings of several vendors together. */
    @SafeVarargs
    public static Map<String, String> all(Map<String, String>... parts) {
        Map<String, String> all = new HashMap<>();
        for (Map<String, String> part : parts) {
            all.putAll(part);
        }
        return all;
    }

    @Override
    public void close() {
        System.clearProperty("alibabacloud.accessKeyId");
        System.clearProperty("alibabacloud.accessKeySecret");
        sandbox.close();
    }
}
