package io.mediagate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.config.Settings;
import io.mediagate.json.Json;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.baidu.BaiduEmulator;
import io.mediagate.status.StatusCommand;
import io.mediagate.testsupport.BrokerLogin;
import io.mediagate.testsupport.MovableClock;
import io.mediagate.testsupport.Ports;
import io.mediagate.testsupport.RunningGateway;
import io.mediagate.testsupport.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.await;
import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Intake windows and daily budgets through the folders, against the sandbox: files dropped outside their window, or
 * beyond the day's budget, are taken in and wait, held on the broker (status says so); when the window opens or the
 * budget resets they are submitted and delivered, none lost or failed. The schedules run on a movable clock.
 */
class SchedulesFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);
    /**
     * The schedules' clock, moved by the tests; it starts at the real time, so that {@code status} (which reads the
     * schedules on the real clock, from the gateway's state file) sees the same closed window and unreset budget.
     */
    private static final MovableClock CLOCK = new MovableClock(Instant.now());
    /** The window opens two hours from the start, for an hour, every day (UTC). */
    private static final Instant OPENS = CLOCK.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final String WINDOW = HH_MM.format(OPENS) + "-" + HH_MM.format(OPENS.plus(Duration.ofHours(1)));
    private static final String LISTEN = "tcp://127.0.0.1:" + Ports.free();

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        Map<String, String> settings = BrokerLogin.listening(LISTEN);
        settings.put("mediagate.opensearch.object-detect.window", WINDOW);
        settings.put("mediagate.opensearch.object-detect.window.time-zone", "UTC");
        settings.put("mediagate.baidu.budget.daily", "2");
        // the sandbox's Baidu answers error 17 (daily request limit) from its fourth call on
        settings.put("mediagate.sandbox.baidu.daily-limit", "3");
        return settings;
    }, Map.of("schedulesClock", CLOCK));

    private static SandboxControl sandbox() {
        return gateway.sandbox().control();
    }

    @Test
    void files_dropped_outside_their_window_wait_and_go_when_it_opens() throws Exception {
        long detectCalls = sandbox().calls("opensearch", "ops-object-detect-001");
        for (int i = 0; i < 3; i++) {
            TestMedia.drop(gateway.inbox("opensearch/object-detect"), "night" + i + ".jpg", TestMedia.image("jpg", 40 + i, 30));
        }
        await("the three jobs held by the closed window", LIMIT, () -> operation(status(), "object-detect").path("held").asInt() == 3);
        assertEquals(detectCalls, sandbox().calls("opensearch", "ops-object-detect-001"), "nothing submitted outside the window");
        JsonNode detect = operation(status(), "object-detect");
        assertEquals(OPENS, Instant.parse(detect.path("resumesAt").asText()), "when the window opens: " + detect);
        JsonNode window = status().path("intakeWindows").get(0);
        assertEquals("opensearch.object-detect", window.path("scope").asText(), window.toString());
        assertEquals(WINDOW, window.path("window").asText(), window.toString());
        assertFalse(window.path("open").asBoolean(), window.toString());

        CLOCK.advance(Duration.ofHours(2)); // the window opens
        for (int i = 0; i < 3; i++) {
            JsonNode envelope = awaitJson(gateway.outbox("opensearch/object-detect/night" + i + ".jpg.json"), LIMIT);
            assertEquals("succeeded", envelope.path("status").asText(), envelope.toString());
        }
        assertEquals(0, operation(status(), "object-detect").path("held").asInt());
        assertFalse(Files.exists(gateway.failed("opensearch/object-detect")), "none failed");
    }

    @Test
    void files_beyond_the_days_budget_wait_for_its_reset_and_the_vendors_daily_limit_holds_them_too() throws Exception {
        for (int i = 0; i < 3; i++) {
            TestMedia.drop(gateway.inbox("baidu/image-classify"), "day1-" + i + ".png", TestMedia.image("png", 40 + i, 30));
        }
        await("two delivered, the third held by the spent budget", LIMIT,
                () -> delivered("day1-", 3) == 2 && operation(status(), "image-classify").path("held").asInt() == 1);
        assertEquals(2, classifyCalls(), "two calls: the day's budget");
        JsonNode budget = status().path("dailyBudgets").get(0);
        assertEquals("baidu", budget.path("scope").asText(), budget.toString());
        assertEquals(2, budget.path("spent").asInt(), budget.toString());
        assertTrue(budget.path("used").asBoolean(), budget.toString());
        // the same on /observe/metrics: the vendor-wide budget and what is spent of it
        PrometheusText metrics = PrometheusText.scrape(gateway);
        Map<String, String> baidu = Map.of("vendor", "baidu", "quota", "all");
        assertEquals(2, metrics.value("mediagate_quota_used", baidu));
        assertEquals(2, metrics.value("mediagate_quota_daily_budget", baidu));

        CLOCK.advance(Duration.ofDays(1)); // past midnight in Beijing: the budget resets
        await("the held file delivered after the reset", LIMIT, () -> delivered("day1-", 3) == 3);
        assertEquals(3, classifyCalls());

        // Baidu's own daily limit (its fourth call answers error 17) holds the files instead of failing them
        CLOCK.advance(Duration.ofDays(1));
        TestMedia.drop(gateway.inbox("baidu/image-classify"), "day3-0.png", TestMedia.image("png", 50, 30));
        TestMedia.drop(gateway.inbox("baidu/image-classify"), "day3-1.png", TestMedia.image("png", 51, 30));
        await("both held by Baidu's daily limit", LIMIT, () -> operation(status(), "image-classify").path("held").asInt() == 2);
        JsonNode spent = status().path("dailyBudgets").get(0);
        assertTrue(spent.path("spentByVendor").asBoolean(), spent.toString());
        assertFalse(Files.exists(gateway.failed("baidu/image-classify")), "none failed");
    }

    private static long classifyCalls() {
        return sandbox().calls(BaiduEmulator.VENDOR, "classification");
    }

    private static long delivered(String prefix, int files) {
        return java.util.stream.IntStream.range(0, files)
                .filter(i -> Files.exists(gateway.outbox("baidu/image-classify/" + prefix + i + ".png.json"))).count();
    }

    private static JsonNode status() {
        Map<String, String> settings = BrokerLogin.listening(LISTEN);
        settings.put("mediagate.data-dir", gateway.data().toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = StatusCommand.run(List.of("--json"), Settings.of(settings), new PrintStream(out, true, StandardCharsets.UTF_8));
        JsonNode json = Json.readOrNull(out.toString(StandardCharsets.UTF_8));
        assertEquals(0, code, String.valueOf(json));
        return json;
    }

    private static JsonNode operation(JsonNode report, String operation) {
        for (JsonNode line : report.path("operations")) {
            if (operation.equals(line.path("operation").asText())) {
                return line;
            }
        }
        return Json.object();
    }
}
