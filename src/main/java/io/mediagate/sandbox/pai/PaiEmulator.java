package io.mediagate.sandbox.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.PaiSigner;
import io.mediagate.auth.Acs3Signer;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.LoopbackFetch;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.VendorEmulator;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PAI multimedia analysis as the sandbox plays it (https://www.alibabacloud.com/help/en/pai/multimedia-analysis-sdk-for-python): the AppId/token signature
 * recomputed over the received bytes ({@code 400 PARAMETER_ERROR "not found appid"}, {@code 401 "sign error"}),
 * {@code 404 "model not found"}, sync image answers computed from the image it really downloads (size, a quality
 * score from its pixels, tags; a re-encoded JPEG in base64 for body reshaping and watermark removal), async video
 * jobs with integer ids moving through states 0 → 1 → 2 (3 when the video cannot be downloaded or decoded) and a
 * capital-R {@code Result} JSON string. Faults: throttling answers 429, errors 422 {@code SEVER_ERROR} (sic).
 */
public final class PaiEmulator implements VendorEmulator {

    public static final String VENDOR = "pai";
    private static final Map<String, Set<String>> MODELS = Map.of(
            "ImageQA", Set.of(""),
            "FaceAttrImage", Set.of("", "fairface"),
            "MultiLabelImageV2", Set.of("", "tagger", "body_reshaping", "watermark_remover"),
            "VideoQA", Set.of(""),
            "ClassifyLabelVideo", Set.of(""),
            "MultiModalClassify", Set.of("multi_modal_tag"));
    private static final String[] TAGS = {"person", "outdoor", "smile", "animal", "food", "city", "night", "text"};

    /** A batch: the ids of its video jobs, in the order the videos were listed. */
    private record Batch(int id, java.util.List<Integer> jobIds) {
    }

    private final AtomicInteger nextBatchId = new AtomicInteger(1);
    private final Map<Integer, Batch> batches = new ConcurrentHashMap<>();

    private final Map<String, String> tokens;
    private final SandboxControl control;
    private final Clock clock;
    private final PaiVideoJobs jobs;
    private final LoopbackFetch downloads = new LoopbackFetch();

    /** @param tokens the token of each AppId the sandbox knows */
    public PaiEmulator(Map<String, String> tokens, Duration taskDuration, SandboxControl control, Clock clock) {
        this.tokens = Map.copyOf(tokens);
        this.jobs = new PaiVideoJobs(taskDuration, clock);
        this.control = control;
        this.clock = clock;
    }

    @Override
    public String vendor() {
        return VENDOR;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String target = request.path().startsWith("/api/v1/async_jobs/") ? "async_jobs"
                : request.path().startsWith("/api/v1/batch_jobs/") ? "batch_jobs" : request.path().replace("/api/v1/", "");
        SandboxResponse response = answer(request, target);
        return control.answered(VENDOR, target, response);
    }

    private SandboxResponse answer(SandboxRequest request, String target) {
        String authorization = request.header("Authorization");
        int colon = authorization == null ? -1 : authorization.indexOf(':');
        if (colon < 0) {
            return error(401, "PARAMETER_ERROR", "sign error");
        }
        String appId = authorization.substring(0, colon).trim();
        String token = tokens.get(appId);
        if (token == null) {
            return error(400, "PARAMETER_ERROR", "not found appid");
        }
        String expected = PaiSigner.signature(token, request.method(), request.body(), request.clientPath(),
                Acs3Signer.queryParameters(request.rawQuery()));
        if (!MessageDigest.isEqual(expected.getBytes(), authorization.substring(colon + 1).trim().getBytes())) {
            return error(401, "PARAMETER_ERROR", "sign error");
        }
        switch (control.beforeCall(VENDOR, target)) {
            case THROTTLE -> {
                return error(429, "TOO_MANY_REQUESTS", "too many requests");
            }
            case SERVER_ERROR -> {
                return error(422, "SEVER_ERROR", "server error");
            }
            default -> { }
        }
        if (request.method().equals("POST") && request.path().equals("/api/v1/images")) {
            return image(request);
        }
        if (request.method().equals("POST") && request.path().equals("/api/v1/videos")) {
            return video(request, appId);
        }
        if (request.method().equals("POST") && request.path().equals("/api/v1/batch_videos")) {
            return batchVideos(request, appId);
        }
        if (request.method().equals("GET") && request.path().startsWith("/api/v1/batch_jobs/")) {
            return batchJob(request.path().substring("/api/v1/batch_jobs/".length()));
        }
        if (request.method().equals("POST") && target.equals("async_jobs")) {
            return asyncJob(request.path().substring("/api/v1/async_jobs/".length()));
        }
        return error(404, "NOT_FOUND", "no API at " + request.method() + " " + request.path());
    }

    private SandboxResponse image(SandboxRequest request) {
        JsonNode body = Json.readOrNull(request.bodyText());
        if (body == null || !body.path("image").isTextual() || !body.path("action").isTextual()) {
            return error(400, "PARAMETER_ERROR", "action and image are required");
        }
        String action = body.path("action").asText();
        String model = body.path("model_name").asText("");
        if (!MODELS.containsKey(action) || !MODELS.get(action).contains(model)) {
            return error(404, "PARAMETER_ERROR", "model not found");
        }
        LoopbackFetch.Fetched fetched = downloads.fetch(body.path("image").asText());
        if (fetched.error() != null) {
            return error(400, "PARAMETER_ERROR", "failed to download image, err=" + fetched.error());
        }
        BufferedImage image = decode(fetched.bytes());
        if (fetched.bytes() != null && image == null) {
            return error(400, "PARAMETER_ERROR", "failed to decode image");
        }
        control.countEvent(VENDOR, "images-analysed");
        ObjectNode configure = body.path("configure").isObject() ? (ObjectNode) body.get("configure") : Json.object();
        return ok(PaiImageResults.of(action, model, image, configure, fetched.bytes()));
    }

    private SandboxResponse video(SandboxRequest request, String appId) {
        JsonNode body = Json.readOrNull(request.bodyText());
        if (body == null || !body.path("video_url").isTextual() || !body.path("action").isTextual()) {
            return error(400, "PARAMETER_ERROR", "action and video_url are required");
        }
        if (body.path("action").asText().equals("MultiModalClassify")
                && (!body.path("images").isArray() || !body.path("text").isTextual()
                || (body.path("video_url").asText().isEmpty() && body.path("images").isEmpty()))) {
            return error(400, "PARAMETER_ERROR", "video_url, images and text are required (video_url \"\" or images [] when absent, not both)");
        }
        String action = body.path("action").asText();
        if (!MODELS.containsKey(action) || !MODELS.get(action).contains(body.path("model_name").asText(""))) {
            return error(404, "PARAMETER_ERROR", "model not found");
        }
        String forced = control.plan(VENDOR, "videos").map(FaultPlan::forceStatus).orElse(null);
        int id = jobs.create(appId, action, body.path("video_url").asText(),
                body.path("configure").isObject() ? (ObjectNode) body.get("configure") : Json.object(), forced);
        control.countEvent(VENDOR, "jobs-created");
        ObjectNode data = Json.object();
        // integers only: the official Java SDK parses submit data as Map<String, Integer>
        data.put("job_id", id);
        return ok(data);
    }

    /** {@code {"action","videos":[{"url","title"}],"model_name","configure"}}: one video job per entry, one batch id. */
    private SandboxResponse batchVideos(SandboxRequest request, String appId) {
        JsonNode body = Json.readOrNull(request.bodyText());
        if (body == null || !body.path("videos").isArray() || body.path("videos").isEmpty() || !body.path("action").isTextual()) {
            return error(400, "PARAMETER_ERROR", "action and videos are required");
        }
        String action = body.path("action").asText();
        if (!MODELS.containsKey(action) || !MODELS.get(action).contains(body.path("model_name").asText(""))) {
            return error(404, "PARAMETER_ERROR", "model not found");
        }
        ObjectNode configure = body.path("configure").isObject() ? (ObjectNode) body.get("configure") : Json.object();
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        for (JsonNode video : body.path("videos")) {
            if (!video.path("url").isTextual()) {
                return error(400, "PARAMETER_ERROR", "every video needs a url");
            }
        }
        for (JsonNode video : body.path("videos")) {
            ids.add(jobs.create(appId, action, video.path("url").asText(), configure, null));
        }
        int batchId = nextBatchId.getAndIncrement();
        batches.put(batchId, new Batch(batchId, ids));
        control.countEvent(VENDOR, "batches-created");
        ObjectNode data = Json.object();
        data.put("batch_id", batchId);
        return ok(data);
    }

    private SandboxResponse batchJob(String idText) {
        Batch batch = batches.get(id(idText));
        if (batch == null) {
            return error(404, "PARAMETER_ERROR", "batch not found");
        }
        ObjectNode data = Json.object();
        com.fasterxml.jackson.databind.node.ArrayNode list = data.putArray("jobs");
        for (int jobId : batch.jobIds()) {
            ObjectNode record = jobs.record(jobId);
            record.put("batch_id", batch.id());
            record.put("object", jobs.videoUrl(jobId));
            list.add(record);
        }
        return ok(data);
    }

    private SandboxResponse asyncJob(String idText) {
        ObjectNode record = jobs.record(id(idText));
        if (record == null) {
            return error(404, "PARAMETER_ERROR", "job not found");
        }
        ObjectNode data = Json.object();
        data.set("job", record);
        return ok(data);
    }

    /** A job or batch id from the path; -1 (never an id) for anything that is not a number. */
    private static int id(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static BufferedImage decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static String jpegBase64(BufferedImage image) {
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(rgb, "jpg", out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String[] tags() {
        return TAGS.clone();
    }

    private static SandboxResponse ok(JsonNode data) {
        ObjectNode body = Json.object();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("code", "OK");
        body.put("message", "success");
        body.set("data", data);
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse error(int status, String code, String message) {
        ObjectNode body = Json.object();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("code", code);
        body.put("message", message);
        return SandboxResponse.json(status, body);
    }
}
