package io.mediagate.vendors.baidu;

import io.mediagate.modules.VendorModules;

import io.mediagate.config.Settings;
import io.mediagate.auth.BaiduTokens;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.LocalMedia;
import io.mediagate.media.MediaDownload;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.sandbox.baidu.BaiduEmulator;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code baidu/image-classify}: Baidu's documented input rules before any call, its error codes as job outcomes, models. */
class BaiduOperationTest {

    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private BaiduOperation operation;

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of()), Map.of("baidu", "ak-1:sk-1")).start();
        BaiduTokens.Credentials key = new BaiduTokens.Credentials("ak-1", "sk-1", "BAIDU_API_KEY / BAIDU_SECRET_KEY");
        Map<String, BaiduModel> models = new LinkedHashMap<>();
        String base = sandbox.baseUrl("baidu") + "/rpc/2.0/ai_custom/v1/classification/";
        models.put("flowers", new BaiduModel("flowers", base + "flowers", 3, key));
        models.put("cars", new BaiduModel("cars", base + "cars", null, key));
        operation = operationWith(models);
    }

    private BaiduOperation operationWith(Map<String, BaiduModel> models) {
        BaiduTokens tokens = new BaiduTokens(URI.create(sandbox.baseUrl("baidu") + "/oauth/2.0/token"), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Clock.systemUTC());
        return new BaiduOperation(new OperationSpec("baidu", "image-classify", false, BaiduImageRules.FORMATS, "api", null),
                models, tokens, new QuotaBreaker(Clock.systemUTC(), Duration.ofHours(1)), 60_000,
                new MediaDownload(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private Job job(String relativePath, String params) {
        Job job = new Job();
        job.setId("j1");
        job.setRelativePath(relativePath);
        job.getSource().name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        job.setParams((com.fasterxml.jackson.databind.node.ObjectNode) Json.readOrNull(params));
        return job;
    }

    private LocalMedia media(String name, byte[] content) throws Exception {
        Path file = Files.write(dir.resolve(name), content);
        return LocalMedia.of(file, name);
    }

    private long tokenFetches() {
        return sandbox.control().events(BaiduEmulator.VENDOR, "tokens-issued");
    }

    @Test
    void the_request_carries_the_token_in_the_query_and_the_image_as_base64_without_header() throws Exception {
        VendorRequest request = operation.submit(job("flowers/rose.png", "{}"), media("rose.png", TestMedia.image("png", 40, 30)));
        assertTrue(request.url().endsWith("/classification/flowers"), request.url());
        assertTrue(request.query().startsWith("access_token=24."), "token only in the query");
        assertEquals("application/json", request.headers().get("Content-Type"));
        var body = Json.readOrNull(request.body());
        assertFalse(body.path("image").asText().startsWith("data:"));
        assertEquals(3, body.path("top_num").asInt(), "the model's top-num");
        var cars = Json.readOrNull(operation.submit(job("cars/a.png", "{\"top_num\": \"4\"}"), media("a.png", TestMedia.image("png", 40, 30))).body());
        assertEquals(4, cars.path("top_num").asInt(), "a job's top_num, also as a string");
        assertEquals(1, tokenFetches(), "one token for both calls");
    }

    @Test
    void each_image_rule_fails_as_input_with_the_actual_value_before_any_call() throws Exception {
        assertRule("a.gif", TestMedia.image("gif", 40, 40), "takes jpg, png or bmp");
        assertRule("tiny.png", TestMedia.image("png", 10, 200), "shortest side must be at least 15 px; the image is 10×200 px");
        assertRule("wide.png", TestMedia.image("png", 5000, 20), "longest side must be at most 4096 px; the image is 5000×20 px");
        assertRule("broken.jpg", "not an image at all".getBytes(), "cannot be decoded");
        assertRule("renamed.png", TestMedia.image("gif", 40, 40), "is a gif image (named .png)");
        BufferedImage noise = new BufferedImage(1100, 1100, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 1100; y++) {
            for (int x = 0; x < 1100; x++) {
                noise.setRGB(x, y, random.nextInt());
            }
        }
        java.io.ByteArrayOutputStream big = new java.io.ByteArrayOutputStream();
        ImageIO.write(noise, "png", big);
        assertRule("noise.png", big.toByteArray(), "at most 4 MB once base64-encoded");
        assertEquals(0, tokenFetches(), "nothing was sent, not even for a token");
    }

    private void assertRule(String name, byte[] content, String expected) throws Exception {
        JobFailure failure = assertThrows(JobFailure.class, () -> operation.submit(job("flowers/" + name, "{}"), media(name, content)));
        assertEquals(JobError.Kind.input, failure.error().kind());
        assertTrue(failure.getMessage().contains(expected) && failure.getMessage().contains(name), failure.getMessage());
    }

    @Test
    void the_model_comes_from_params_then_the_folder_and_api_url_may_only_name_another_model_on_the_same_host() throws Exception {
        byte[] png = TestMedia.image("png", 40, 30);
        assertTrue(operation.submit(job("cars/x.png", "{\"model\": \"flowers\"}"), media("x.png", png)).url().endsWith("/flowers"));
        JobFailure nowhere = assertThrows(JobFailure.class, () -> operation.submit(job("x.png", "{}"), media("x.png", png)));
        assertTrue(nowhere.getMessage().contains("[flowers, cars]"), nowhere.getMessage());
        JobFailure unknown = assertThrows(JobFailure.class, () -> operation.submit(job("x.png", "{\"model\": \"boats\"}"), media("x.png", png)));
        assertTrue(unknown.getMessage().contains("'boats' is not configured"), unknown.getMessage());
        String other = sandbox.baseUrl("baidu") + "/rpc/2.0/ai_custom/v1/classification/trees";
        assertTrue(operation.submit(job("cars/x.png", "{\"api_url\": \"" + other + "\"}"), media("x.png", png)).url().endsWith("/trees"));
        JobFailure elsewhere = assertThrows(JobFailure.class, () -> operation.submit(
                job("cars/x.png", "{\"api_url\": \"https://collector.example.com/rpc/2.0/ai_custom/v1/classification/x\"}"), media("x.png", png)));
        assertTrue(elsewhere.getMessage().contains("where the access token may be sent"), elsewhere.getMessage());
    }

    @Test
    void a_file_in_a_folder_that_is_no_configured_model_fails_as_input_naming_the_models_even_with_one_model() throws Exception {
        byte[] png = TestMedia.image("png", 40, 30);
        BaiduTokens.Credentials key = new BaiduTokens.Credentials("ak-1", "sk-1", "BAIDU_API_KEY / BAIDU_SECRET_KEY");
        Map<String, BaiduModel> one = Map.of("flowers", new BaiduModel("flowers",
                sandbox.baseUrl("baidu") + "/rpc/2.0/ai_custom/v1/classification/flowers", 3, key));
        BaiduOperation single = operationWith(one);
        long callsBefore = tokenFetches();

        JobFailure typo = assertThrows(JobFailure.class, () -> single.submit(job("flowerz/rose.png", "{}"), media("rose.png", png)));
        assertEquals(JobError.Kind.input, typo.error().kind());
        assertTrue(typo.getMessage().contains("flowerz") && typo.getMessage().contains("[flowers]"), typo.getMessage());
        JobFailure twoModels = assertThrows(JobFailure.class, () -> operation.submit(job("carz/sub/x.png", "{}"), media("x.png", png)));
        assertTrue(twoModels.getMessage().contains("carz") && twoModels.getMessage().contains("[flowers, cars]"), twoModels.getMessage());
        assertEquals(callsBefore, tokenFetches(), "nothing was sent");

        // directly in image-classify/: the only model; a model's own subfolders, or params.model, still work
        assertTrue(single.submit(job("rose.png", "{}"), media("rose.png", png)).url().endsWith("/flowers"));
        assertTrue(single.submit(job("flowers/2024/rose.png", "{}"), media("rose.png", png)).url().endsWith("/flowers"));
        assertTrue(single.submit(job("misc/rose.png", "{\"model\": \"flowers\"}"), media("rose.png", png)).url().endsWith("/flowers"));
        // a queue request is filed under requests/, which is no model folder: it goes to the only model (README)
        Job request = job("requests/order-1.png", "{}");
        request.setReply(new Job.Reply("answers", "c1", "order-1"));
        assertTrue(single.submit(request, media("order-1.png", png)).url().endsWith("/flowers"));
    }

    private VendorOutcome answer(String body) {
        return operation.readSubmit(job("flowers/a.png", "{}"), VendorResponse.of(200, body));
    }

    private VendorOutcome.Failed error(int code) {
        return (VendorOutcome.Failed) answer("{\"error_code\":" + code + ",\"error_msg\":\"m\",\"log_id\":7}");
    }

    @Test
    void error_codes_map_to_what_the_gateway_does_about_them() {
        for (int code : new int[]{1, 2, 336000, 4}) {
            assertTrue(error(code).error().retryable(), "retried: " + code);
            assertEquals(JobError.Kind.vendor, error(code).error().kind());
        }
        VendorOutcome.Failed qps = error(18);
        assertTrue(qps.error().retryable() && qps.overRate(), "18 slows down and retries");
        assertEquals(JobError.Kind.quota, qps.error().kind(), "over the app's QPS quota: quota when the retries run out");
        VendorOutcome.Failed unavailable = error(336100);
        assertTrue(unavailable.error().retryable());
        assertEquals(60_000, unavailable.retryAfterMillis(), "about a minute");
        for (int code : new int[]{336001, 336002, 336003, 336004, 336005, 336006}) {
            assertEquals(JobError.Kind.input, error(code).error().kind(), "input: " + code);
            assertFalse(error(code).error().retryable());
        }
        for (int code : new int[]{6, 13, 14, 15}) {
            assertEquals(JobError.Kind.auth, error(code).error().kind(), "auth: " + code);
        }
        assertEquals("336005", error(336005).error().code());
        assertEquals(200, error(336005).error().httpStatus());
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class, answer("{\"log_id\":9,\"results\":[{\"name\":\"rose\",\"score\":0.9}]}"));
        assertEquals("rose", done.result().path("results").get(0).path("name").asText());
        assertEquals("9", done.requestId());
    }

    @Test
    void a_rejected_token_is_replaced_once_and_a_second_rejection_is_an_auth_failure() {
        VendorOutcome.Failed first = error(110);
        assertTrue(first.error().retryable(), "retried once with a new token");
        Job afterTimeout = job("flowers/a.png", "{}");
        afterTimeout.setAttempt(1); // retried after a network error
        afterTimeout.setRetries(1);
        assertTrue(((VendorOutcome.Failed) operation.readSubmit(afterTimeout,
                VendorResponse.of(200, "{\"error_code\":110,\"error_msg\":\"m\"}"))).error().retryable(), "a 110 after a timeout is a first 110");
        assertAuthFailureWithANewToken("{\"error_code\":111,\"error_msg\":\"Access token expired\"}");
    }

    /** The answer to a call that already carried a newly fetched token is a final auth failure naming the settings. */
    private void assertAuthFailureWithANewToken(String body) {
        Job retried = job("flowers/a.png", "{}");
        retried.setCredentialRenewed(true);
        VendorOutcome.Failed second = (VendorOutcome.Failed) operation.readSubmit(retried, VendorResponse.of(200, body));
        assertEquals(JobError.Kind.auth, second.error().kind());
        assertFalse(second.error().retryable());
        assertTrue(second.error().message().contains("BAIDU_API_KEY"), second.error().message());
    }

    @Test
    void error_100_an_invalid_access_token_parameter_is_a_rejected_token_not_a_wrong_model_url() {
        // Baidu's error table: 100 "Invalid parameter", the access_token parameter is invalid
        VendorOutcome.Failed first = error(100);
        assertTrue(first.error().retryable(), "retried once with a new token: " + first.error().message());
        assertFalse(first.error().message().contains(".url"), first.error().message());
        assertAuthFailureWithANewToken("{\"error_code\":100,\"error_msg\":\"Invalid parameter\"}");
    }

    @Test
    void an_error_body_is_read_by_its_error_code_whatever_the_http_status() {
        // Baidu's doc: an erring request is answered with JSON holding error_code and error_msg; it names no HTTP status
        VendorOutcome.Failed token = (VendorOutcome.Failed) operation.readSubmit(job("flowers/a.png", "{}"),
                VendorResponse.of(401, "{\"error_code\":110,\"error_msg\":\"Access token invalid or no longer valid\"}"));
        assertEquals("110", token.error().code());
        assertTrue(token.error().retryable(), "a new token and one more try: " + token.error().message());
        VendorOutcome.Failed image = (VendorOutcome.Failed) operation.readSubmit(job("flowers/a.png", "{}"),
                VendorResponse.of(400, "{\"error_code\":336005,\"error_msg\":\"图片解码失败\"}"));
        assertEquals("336005", image.error().code());
        assertEquals(JobError.Kind.input, image.error().kind());
    }

    @Test
    void a_used_up_daily_quota_stops_the_apps_calls_with_a_clear_message() throws Exception {
        VendorOutcome.Failed daily = error(17);
        assertFalse(daily.error().retryable());
        assertEquals(JobError.Kind.quota, daily.error().kind());
        assertTrue(daily.error().message().contains("daily request limit") && daily.error().message().contains("midnight Beijing time"),
                daily.error().message());
        JobFailure next = assertThrows(JobFailure.class, () -> operation.submit(job("cars/b.png", "{}"), media("b.png", TestMedia.image("png", 40, 30))));
        assertEquals("17", next.error().code(), "the next job fails without a call");
        assertEquals(JobError.Kind.quota, next.error().kind());
        assertEquals(0, tokenFetches());
    }
    @Test
    void seed_001s_examples_read_by_the_client() {
        VendorOutcome.Done done = assertInstanceOf(VendorOutcome.Done.class,
                answer(io.mediagate.testsupport.JsonShape.fixtureText("baidu/classify.response--contracts-2.2.json")));
        assertEquals("cat", done.result().path("results").get(0).path("name").asText());
        assertEquals("3314762887390913259", done.requestId(), "log_id, as a number too large for an int");
        VendorOutcome.Failed expired = (VendorOutcome.Failed) answer(
                io.mediagate.testsupport.JsonShape.fixtureText("baidu/error.response--001-error-codes.json"));
        assertEquals("110", expired.error().code());
        assertTrue(expired.error().retryable(), "110: a fresh token is fetched and the call tried again (Baidu's API doc)");
    }
}
