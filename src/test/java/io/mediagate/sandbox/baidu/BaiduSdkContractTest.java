package io.mediagate.sandbox.baidu;

import io.mediagate.modules.VendorModules;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Baidu's own Java SDK against the sandbox's root address (in a JVM of its own, see {@link BaiduSdkProbe}): it gets its token from the
 * sandbox's token endpoint (POST form, reading {@code scope}), sends its classification request, and reads the answer
 * and an error body as it would Baidu's — so the sandbox speaks Baidu's protocol, not just ours.
 */
class BaiduSdkContractTest {

    @TempDir
    Path dir;
    private SandboxServer sandbox;

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of()), Map.of("baidu", "sdk-ak:sdk-sk")).start();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void baidus_java_sdk_gets_a_token_and_classifies_against_the_sandbox() throws Exception {
        Path photo = TestMedia.writeImage(dir, "photo.png", "png", 64, 48);
        Path broken = Files.writeString(dir.resolve("broken.jpg"), "not an image");
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BaiduSdkProbe.class.getName(),
                sandbox.baseUrl(), "sdk-ak", "sdk-sk", "flowers", photo.toString(), broken.toString())
                .redirectErrorStream(false).start();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the SDK probe finished");
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, probe.exitValue(), out + err);
        List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
        assertEquals(2, lines.size(), out + err);
        JsonNode answer = Json.readOrNull(lines.get(0));
        assertEquals(3, answer.path("results").size(), "the SDK's top_num reached the sandbox: " + answer);
        assertTrue(answer.path("results").get(0).path("score").isNumber(), answer.toString());
        assertTrue(answer.path("log_id").isNumber(), answer.toString());
        assertEquals(336005, Json.readOrNull(lines.get(1)).path("error_code").asInt(), "the SDK reads our error body: " + lines.get(1));
        assertEquals(1, sandbox.control().events(BaiduEmulator.VENDOR, "tokens-issued"), "one token for both calls");
    }
}
