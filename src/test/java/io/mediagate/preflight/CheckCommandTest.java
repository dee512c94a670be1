package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.testsupport.LiveSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check} and {@code check --probe} against a sandbox configured as the real vendors would be: every vendor
 * live, each probe answered as the vendor documents a task (or object) that does not exist.
 */
class CheckCommandTest {

    LiveSandbox live;

    @BeforeEach
    void start() {
        live = new LiveSandbox();
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private Map<String, String> allLive() {
        Map<String, String> settings = LiveSandbox.all(live.openSearch(), live.pai(), live.baidu(), live.ice(), live.bailian(), live.oss());
        // PAI runs on this machine here, so it reaches the gateway's loopback links
        settings.put("mediagate.media.public-base-url", "http://127.0.0.1:8087");
        return settings;
    }

    private record Run(int exit, String output) {
        /** The lines of one vendor (its line and the two below). */
        String of(String vendor) {
            List<String> lines = output.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith(vendor + " ")) {
                    return String.join("\n", lines.subList(i, Math.min(lines.size(), i + 3)));
                }
            }
            throw new AssertionError("no line for " + vendor + " in\n" + output);
        }
    }

    private static Run check(Map<String, String> settings, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CheckCommand.run(List.of(args), Settings.of(settings), new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void every_live_vendor_accepts_the_probe_and_says_the_task_does_not_exist() {
        Run run = check(allLive(), "--probe");

        assertEquals(0, run.exit(), run.output());
        for (String vendor : List.of("opensearch", "pai", "baidu", "ice", "bailian", "oss")) {
            assertTrue(run.of(vendor).contains("live"), run.of(vendor));
            assertTrue(run.of(vendor).contains("OK"), run.of(vendor));
        }
        assertTrue(run.of("opensearch").contains("BadRequest.TaskNotExist"), run.of("opensearch"));
        assertTrue(run.of("ice").contains("ResourceNotFound"), run.of("ice"));
        assertTrue(run.of("pai").contains("HTTP 404 PARAMETER_ERROR"), run.of("pai"));
        assertTrue(run.of("bailian").contains("not found, credentials accepted"), run.of("bailian"));
        assertTrue(run.of("baidu").contains("access token issued"), run.of("baidu"));
        assertTrue(run.of("oss").contains("NoSuchKey"), run.of("oss"));
    }

    @Test
    void a_wrong_alibaba_secret_is_refused_with_the_vendors_code_and_a_non_zero_exit() {
        live.useAlibabaSecret("not-the-alibaba-secret");

        Run run = check(allLive(), "--probe");

        assertEquals(CheckCommand.PROBE_REFUSED, run.exit(), run.output());
        assertTrue(run.of("ice").contains("PROBLEM") && run.of("ice").contains("SignatureDoesNotMatch"), run.of("ice"));
        assertTrue(run.of("bailian").contains("SignatureDoesNotMatch"), run.of("bailian"));
        assertTrue(run.of("oss").contains("SignatureDoesNotMatch"), run.of("oss"));
        assertTrue(run.of("opensearch").contains("OK"), "the other vendors still pass: " + run.of("opensearch"));
        assertFalse(run.output().contains("not-the-alibaba-secret"), "no secret in the output");
    }

    @Test
    void wrong_keys_of_the_other_vendors_are_refused_with_their_codes() {
        Map<String, String> settings = allLive();
        settings.put("mediagate.opensearch.api-key", "OS-wrong");
        settings.put("mediagate.pai.token", "wrong-pai-token");
        settings.put("mediagate.baidu.secret-key", "wrong-baidu-secret");

        Run run = check(settings, "--probe");

        assertEquals(CheckCommand.PROBE_REFUSED, run.exit(), run.output());
        assertTrue(run.of("opensearch").contains("HTTP 401"), run.of("opensearch"));
        assertTrue(run.of("pai").contains("HTTP 401 PARAMETER_ERROR"), run.of("pai"));
        assertTrue(run.of("baidu").contains("invalid_client"), run.of("baidu"));
        assertFalse(run.output().contains("wrong-pai-token") || run.output().contains("wrong-baidu-secret") || run.output().contains("OS-wrong"),
                "no secret in the output:\n" + run.output());
    }

    @Test
    void a_configuration_problem_exits_2_naming_the_setting_and_that_vendor_is_never_called() {
        Map<String, String> settings = allLive();
        settings.put("mediagate.opensearch.endpoint", "http://xxx.platform-cn-shanghai.opensearch.aliyuncs.com");

        Run run = check(settings, "--probe");

        assertEquals(CheckCommand.CONFIGURATION_PROBLEM, run.exit(), run.output());
        assertTrue(run.of("opensearch").contains("mediagate.opensearch.allow-plain-http"), run.of("opensearch"));
        // the vendors configured well are still probed (free calls); the misconfigured one never
        assertTrue(live.server().control().countsAsJson().fieldNames().hasNext(), "the others were probed");
        live.server().control().countsAsJson().fieldNames().forEachRemaining(called ->
                assertFalse(called.startsWith("opensearch"), "OpenSearch was called: " + called));
    }

    @Test
    void without_credentials_everything_is_sandboxed_and_check_exits_0() {
        Run run = check(Map.of());

        assertEquals(0, run.exit(), run.output());
        assertTrue(run.of("pai").contains("sandbox"), run.of("pai"));
    }
}
