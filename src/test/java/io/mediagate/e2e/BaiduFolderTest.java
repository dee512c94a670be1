package io.mediagate.e2e;

import io.mediagate.testsupport.RunningGateway;
import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.testsupport.LoopbackMedia;
import io.mediagate.sandbox.baidu.BaiduEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.mediagate.testsupport.RunningGateway.awaitJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Baidu image classification through the folders, against the sandbox's Baidu: two models side by side, the token
 * fetched once and replaced when Baidu rejects it, every class of error code, and the image rules before any call.
 */
class BaiduFolderTest {

    private static final Duration LIMIT = Duration.ofSeconds(40);

    /** Serves url job files' images; the gateway downloads from loopback only what mediagate.download.allow names. */
    static LoopbackMedia media;

    @RegisterExtension
    static final RunningGateway gateway = RunningGateway.perClass(() -> {
        media = new LoopbackMedia();
        return Map.of(
                "mediagate.download.allow", media.authority(),
                "mediagate.baidu.models.flowers.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/flowers",
                "mediagate.baidu.models.flowers.top-num", "2",
                "mediagate.baidu.models.cars.url", "https://aip.baidubce.com/rpc/2.0/ai_custom/v1/classification/cars",
                "mediagate.baidu.rate.api", "20",
                "mediagate.baidu.model-unavailable-wait", "1s",
                "mediagate.retry.initial-delay", "200ms");
    });

    @AfterAll
    static void stop() throws Exception {
        media.close();
    }

    @AfterEach
    void clearFaults() {
        control().clearFaults();
    }

    private static SandboxControl control() {
        return gateway.sandbox().control();
    }

    private static long classified(String model) {
        return control().events(BaiduEmulator.VENDOR, "classified:" + model);
    }

    private static long classifyCalls() {
        return control().calls(BaiduEmulator.VENDOR, "classification");
    }

    private static byte[] solid(Color color, String format) throws Exception {
        BufferedImage image = new BufferedImage(60, 40, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, 60, 40);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static void drop(String folder, String name, byte[] content) throws Exception {
        Path dir = Files.createDirectories(gateway.inbox("baidu/image-classify/" + folder));
        Path temp = dir.resolve("." + name);
        Files.write(temp, content);
        Files.move(temp, dir.resolve(name));
    }

    @Test
    void each_model_folder_goes_to_its_own_model_with_its_own_top_num() throws Exception {
        long flowers = classified("flowers");
        long cars = classified("cars");
        drop("flowers", "rose.png", solid(Color.RED, "png"));
        drop("cars", "sky.jpg", solid(Color.BLUE, "jpg"));
        JsonNode rose = awaitJson(gateway.outbox("baidu/image-classify/flowers/rose.png.json"), LIMIT);
        JsonNode sky = awaitJson(gateway.outbox("baidu/image-classify/cars/sky.jpg.json"), LIMIT);
        assertEquals("red", rose.path("result").path("results").get(0).path("name").asText(), rose.toString());
        assertEquals(2, rose.path("result").path("results").size(), "flowers' top-num");
        assertEquals("blue", sky.path("result").path("results").get(0).path("name").asText(), sky.toString());
        assertEquals(6, sky.path("result").path("results").size(), "Baidu's default for cars");
        assertTrue(rose.path("vendor").path("requestId").asText().matches("\\d+"), "Baidu's log_id: " + rose);
        assertEquals(flowers + 1, classified("flowers"));
        assertEquals(cars + 1, classified("cars"));
        assertFalse(Files.readString(gateway.outbox("baidu/image-classify/flowers/rose.png.json")).contains("access_token"),
                "no token in the envelope");
    }

    @Test
    void a_job_file_names_its_image_by_url_and_overrides_top_num() throws Exception {
        byte[] png = solid(Color.GREEN, "png");
        drop("flowers", "leaf.job.json", ("{\"url\": \"" + media.serve("leaf.png", png)
                + "\", \"params\": {\"top_num\": 4}}").getBytes());
        JsonNode leaf = awaitJson(gateway.outbox("baidu/image-classify/flowers/leaf.json"), LIMIT);
        assertEquals("green", leaf.path("result").path("results").get(0).path("name").asText(), leaf.toString());
        assertEquals(4, leaf.path("result").path("results").size());
    }

    @Test
    void a_revoked_token_is_replaced_and_the_call_tried_once_more() throws Exception {
        drop("cars", "first.png", solid(Color.RED, "png"));
        awaitJson(gateway.outbox("baidu/image-classify/cars/first.png.json"), LIMIT);
        long fetched = control().events(BaiduEmulator.VENDOR, "tokens-issued");
        gateway.sandbox().emulator(BaiduEmulator.VENDOR, BaiduEmulator.class).revokeTokens();
        drop("cars", "after-revoke.png", solid(Color.BLUE, "png"));
        JsonNode json = awaitJson(gateway.outbox("baidu/image-classify/cars/after-revoke.png.json"), LIMIT);
        assertEquals("succeeded", json.path("status").asText(), json.toString());
        assertEquals(2, json.path("job").path("vendorCalls").asInt(), "110, then the call with the new token: " + json);
        assertEquals(fetched + 1, control().events(BaiduEmulator.VENDOR, "tokens-issued"), "one new token");
    }

    @Test
    void transient_errors_and_the_qps_limit_are_retried_until_the_image_is_classified() throws Exception {
        control().setFault(new FaultPlan("baidu", "*", 0.5, null, null, null, null, null));
        drop("cars", "flaky.png", solid(Color.RED, "png"));
        JsonNode flaky = awaitJson(gateway.outbox("baidu/image-classify/cars/flaky.png.json"), LIMIT);
        assertEquals("succeeded", flaky.path("status").asText());
        control().setFault(new FaultPlan("baidu", "*", null, null, null, 2, null, null));
        drop("cars", "busy.png", solid(Color.RED, "png"));
        JsonNode busy = awaitJson(gateway.outbox("baidu/image-classify/cars/busy.png.json"), LIMIT);
        assertEquals(2, busy.path("job").path("retries").asInt(), "two answers 18, then success: " + busy);
        long unavailable = control().events(BaiduEmulator.VENDOR, "error:336100");
        control().setFault(new FaultPlan("baidu", "*", null, null, "336100", 0, null, null));
        drop("cars", "later.png", solid(Color.RED, "png"));
        // the model is back only once the gateway was told it is not: the file's call got 336100 first
        RunningGateway.await("the file's call answered 336100", LIMIT,
                () -> control().events(BaiduEmulator.VENDOR, "error:336100") > unavailable);
        control().clearFaults();
        JsonNode later = awaitJson(gateway.outbox("baidu/image-classify/cars/later.png.json"), LIMIT);
        assertEquals("succeeded", later.path("status").asText(), "model back after the wait: " + later);
        assertTrue(later.path("job").path("retries").asInt() >= 1, "tried again after 336100: " + later);
    }

    @Test
    void input_and_permission_errors_fail_the_file_with_the_vendors_code() throws Exception {
        control().setFault(new FaultPlan("baidu", "*", null, null, "336005", null, null, null));
        drop("cars", "odd.png", solid(Color.RED, "png"));
        JsonNode odd = awaitJson(gateway.failed("baidu/image-classify/cars/odd.png.error.json"), LIMIT);
        assertEquals("input", odd.path("kind").asText(), odd.toString());
        assertEquals("336005", odd.path("code").asText());
        assertEquals(1, odd.path("attempts").asInt(), "not retried");
        control().setFault(new FaultPlan("baidu", "*", null, null, "6", null, null, null));
        drop("cars", "denied.png", solid(Color.RED, "png"));
        JsonNode denied = awaitJson(gateway.failed("baidu/image-classify/cars/denied.png.error.json"), LIMIT);
        assertEquals("auth", denied.path("kind").asText(), denied.toString());
        assertTrue(denied.path("message").asText().contains("BML console"), denied.toString());
    }

    @Test
    void an_image_that_breaks_a_rule_fails_before_any_call() throws Exception {
        long calls = classifyCalls();
        BufferedImage thin = new BufferedImage(10, 300, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(thin, "png", out);
        drop("flowers", "thin.png", out.toByteArray());
        JsonNode record = awaitJson(gateway.failed("baidu/image-classify/flowers/thin.png.error.json"), LIMIT);
        assertEquals("input", record.path("kind").asText());
        assertTrue(record.path("message").asText().contains("10×300 px"), record.toString());
        assertEquals(calls, classifyCalls(), "Baidu was not called");
    }

    @Test
    void a_file_in_a_mistyped_model_folder_fails_as_input_naming_the_configured_models() throws Exception {
        long calls = classifyCalls();
        drop("flowerz", "rose.png", TestMedia.image("png", 40, 30));
        JsonNode record = awaitJson(gateway.failed("baidu/image-classify/flowerz/rose.png.error.json"), LIMIT);
        assertEquals("input", record.path("kind").asText(), record.toString());
        assertTrue(record.path("message").asText().contains("flowerz") && record.path("message").asText().contains("flowers")
                && record.path("message").asText().contains("cars"),
                record.toString());
        assertEquals(calls, classifyCalls(), "Baidu was not called");
    }
}
