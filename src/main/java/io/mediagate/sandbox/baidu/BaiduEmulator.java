package io.mediagate.sandbox.baidu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.TokenBucket;
import io.mediagate.sandbox.VendorEmulator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Baidu BML/EasyDL image classification as the sandbox plays it (https://ai.baidu.com/ai-doc/EASYDL/Sk38n3baq, token: https://ai.baidu.com/ai-doc/REFERENCE/Ck3dwjhhu):
 * <ul>
 *   <li>{@code /oauth/2.0/token}, GET or POST, parameters in the query or a form body: {@code invalid_client} for an
 *       unknown API key or a wrong secret; tokens live {@code token-ttl} (30 days unless configured shorter) with a
 *       {@code scope} holding {@code brain_all_scope}, as Baidu's Java SDK requires.</li>
 *   <li>{@code /rpc/2.0/ai_custom/v1/classification/<model>}: every error with HTTP 200 and
 *       {@code {"error_code","error_msg"}} as Baidu does — 100 no token, 110 unknown or revoked token, 111 expired,
 *       18 above the QPS quota, 17 past the daily limit, 336001–336006 for bad requests and images — and labels
 *       derived from the image's own colours.</li>
 *   <li>Fault plans: {@code throttleBurst} answers 18; {@code forceStatus} names an error code answered to every call
 *       (or, with {@code errorRate}, to that share of calls; 336000 when only the rate is set).</li>
 *   <li>Every error code a classification call was answered with is counted as the event {@code error:<code>}.</li>
 * </ul>
 */
public final class BaiduEmulator implements VendorEmulator {

    public static final String VENDOR = "baidu";
    private static final String CLASSIFY = "/rpc/2.0/ai_custom/v1/classification/";
    private static final String[] LABELS = {"red", "green", "blue", "bright", "dark", "grey", "warm", "cool"};
    private static final long MAX_BASE64 = 4L * 1024 * 1024;
    /** Baidu's error table: each code with the error message the table lists for it, sent as {@code error_msg}. */
    private static final Map<Integer, String> ERROR_MESSAGES = Map.ofEntries(
            Map.entry(1, "Unknown error"), Map.entry(2, "Service temporarily unavailable"),
            Map.entry(3, "Unsupported openapi method"), Map.entry(4, "Open api request limit reached"),
            Map.entry(6, "No permission to access data"), Map.entry(13, "Get service token failed"),
            Map.entry(14, "IAM Certification failed"), Map.entry(15, "app not exists or create failed"),
            Map.entry(17, "Open api daily request limit reached"), Map.entry(18, "Open api qps request limit reached"),
            Map.entry(19, "Open api total request limit reached"), Map.entry(100, "Invalid parameter"),
            Map.entry(110, "Access token invalid or no longer valid"), Map.entry(111, "Access token expired"),
            Map.entry(336000, "Internal error"), Map.entry(336001, "Invalid Argument"), Map.entry(336002, "JSON不合法"),
            Map.entry(336003, "Base64解码失败"), Map.entry(336004, "输入文件大小不合法"), Map.entry(336005, "图片解码失败"),
            Map.entry(336006, "缺失必要参数"), Map.entry(336100, "model temporarily unavailable"));

    /**
     * @param apiKey     the only API key the token endpoint knows
     * @param secretKey  its secret
     * @param tokenTtl   how long issued tokens live
     * @param qps        classification calls per second before error 18
     * @param dailyLimit classification calls per day before error 17 (0: none)
     */
    public record Config(String apiKey, String secretKey, Duration tokenTtl, double qps, long dailyLimit) {
    }

    private record Issued(Instant expiresAt, boolean revoked) {
    }

    private final Config config;
    private final SandboxControl control;
    private final Clock clock;
    private final TokenBucket bucket;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();
    private final AtomicLong callsToday = new AtomicLong();

    public BaiduEmulator(Config config, SandboxControl control, Clock clock) {
        this.config = config;
        this.control = control;
        this.clock = clock;
        this.bucket = new TokenBucket(config.qps(), clock);
    }

    @Override
    public String vendor() {
        return VENDOR;
    }

    /** Revokes every token issued so far (the next call with one is answered 110), as a key reset in the console does. */
    public void revokeTokens() {
        tokens.replaceAll((token, issued) -> new Issued(issued.expiresAt(), true));
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        if (request.path().equals("/oauth/2.0/token")) {
            SandboxResponse response = token(request);
            control.record(VENDOR, "token", response.status());
            return response;
        }
        if (request.path().startsWith(CLASSIFY) && request.path().length() > CLASSIFY.length()) {
            SandboxResponse response = classify(request, request.path().substring(CLASSIFY.length()));
            // Baidu's errors come with HTTP 200, so the status counts cannot tell them: counted by code
            JsonNode answer = Json.readOrNull(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            if (answer != null && answer.has("error_code")) {
                control.countEvent(VENDOR, "error:" + answer.path("error_code").asText());
            }
            return control.answered(VENDOR, "classification", response);
        }
        return error(3);
    }

    private SandboxResponse token(SandboxRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            return oauthError(405, "invalid_request", "method not allowed");
        }
        Map<String, String> params = new LinkedHashMap<>(request.query());
        String type = request.header("Content-Type");
        if (request.method().equals("POST") && type != null && type.startsWith("application/x-www-form-urlencoded")) {
            params.putAll(SandboxRequest.decodeParams(request.bodyText()));
        }
        if (!"client_credentials".equals(params.get("grant_type"))) {
            return oauthError(400, "unsupported_grant_type", "The authorization grant type is not supported");
        }
        if (!config.apiKey().equals(params.get("client_id"))) {
            return oauthError(401, "invalid_client", "unknown client id");
        }
        if (!config.secretKey().equals(params.get("client_secret"))) {
            return oauthError(401, "invalid_client", "Client authentication failed");
        }
        long seconds = config.tokenTtl().toSeconds();
        long now = clock.instant().getEpochSecond();
        String token = "24." + hex(16) + "." + seconds + "." + now + ".282335-" + config.apiKey().hashCode();
        tokens.put(token, new Issued(clock.instant().plus(config.tokenTtl()), false));
        control.countEvent(VENDOR, "tokens-issued");
        ObjectNode body = Json.object();
        body.put("refresh_token", "25." + hex(16) + "." + (seconds * 10) + "." + now + ".282335-" + config.apiKey().hashCode());
        body.put("expires_in", seconds);
        body.put("session_key", hex(20));
        body.put("access_token", token);
        body.put("scope", "public brain_all_scope easydl_mgr easydl_retail_mgr ai_custom_retail_image_stitch wise_adapt");
        body.put("session_secret", hex(16));
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse classify(SandboxRequest request, String model) {
        String token = request.query().get("access_token");
        if (token == null || token.isEmpty()) {
            return error(100);
        }
        Issued issued = tokens.get(token);
        if (issued == null || issued.revoked()) {
            return error(110);
        }
        if (!clock.instant().isBefore(issued.expiresAt())) {
            return error(111);
        }
        Integer injected = injected(model);
        if (injected != null) {
            return error(injected);
        }
        if (!bucket.tryTake()) {
            return error(18);
        }
        if (config.dailyLimit() > 0 && callsToday.incrementAndGet() > config.dailyLimit()) {
            return error(17);
        }
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            // Baidu's error table: "336001 is most likely a wrong way of calling: this API takes JSON"
            return error(336001);
        }
        JsonNode body = Json.readOrNull(request.bodyText());
        if (body == null || !body.isObject()) {
            return error(336002);
        }
        if (!body.path("image").isTextual() || body.path("image").asText().isEmpty()) {
            return error(336006);
        }
        String base64 = body.path("image").asText();
        if (base64.length() > MAX_BASE64) {
            return error(336004);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return error(336003); // also what a "data:image/…;base64," header gives
        }
        BufferedImage image;
        try {
            image = acceptedFormat(bytes) ? ImageIO.read(new ByteArrayInputStream(bytes)) : null;
        } catch (IOException | RuntimeException e) {
            image = null;
        }
        if (image == null) {
            return error(336005);
        }
        if (Math.min(image.getWidth(), image.getHeight()) < 15 || Math.max(image.getWidth(), image.getHeight()) > 4096) {
            return error(336001);
        }
        int topNum = 6;
        JsonNode given = body.get("top_num");
        if (given != null && !given.isNull()) {
            String text = given.asText().trim();
            if (!text.matches("\\d{1,4}") || Integer.parseInt(text) < 1) {
                return error(336001);
            }
            topNum = Integer.parseInt(text);
        }
        ObjectNode answer = Json.object();
        answer.put("log_id", logId());
        answer.set("results", BaiduLabels.of(image, LABELS, topNum));
        control.countEvent(VENDOR, "classified:" + model);
        return SandboxResponse.json(200, answer);
    }

    /** Whether the bytes are a JPEG, PNG or BMP (Baidu answers other formats with 336005). */
    private static boolean acceptedFormat(byte[] bytes) {
        boolean jpeg = bytes.length > 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
        boolean png = bytes.length > 8 && bytes[0] == (byte) 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
        boolean bmp = bytes.length > 2 && bytes[0] == 'B' && bytes[1] == 'M';
        return jpeg || png || bmp;
    }

    /** The error code a fault plan answers this call with, or null. */
    private Integer injected(String model) {
        SandboxControl.Injected injected = control.beforeCall(VENDOR, model);
        FaultPlan plan = control.plan(VENDOR, model).orElse(null);
        if (injected == SandboxControl.Injected.THROTTLE) {
            return 18;
        }
        Integer forced = plan == null || plan.forceStatus() == null || !plan.forceStatus().trim().matches("\\d{1,9}")
                ? null : Integer.valueOf(plan.forceStatus().trim());
        if (injected == SandboxControl.Injected.SERVER_ERROR) {
            return forced != null ? forced : 336000;
        }
        boolean everyCall = plan != null && (plan.errorRate() == null || plan.errorRate() <= 0);
        return everyCall ? forced : null;
    }

    private static SandboxResponse error(int code) {
        ObjectNode body = Json.object();
        body.put("error_code", code);
        // a code outside the table (a fault plan may name any) gets Baidu's message for an unknown error
        body.put("error_msg", ERROR_MESSAGES.getOrDefault(code, ERROR_MESSAGES.get(1)));
        // exactly Baidu's documented error example: error_code and error_msg, no log_id (the doc does not say whether errors carry one)
        // Baidu answers errors with HTTP 200 (its Java SDK parses bodies only then)
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse oauthError(int status, String error, String description) {
        ObjectNode body = Json.object();
        body.put("error", error);
        body.put("error_description", description);
        return SandboxResponse.json(status, body);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static long logId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000_000_000L, 9_000_000_000_000_000L);
    }
}
