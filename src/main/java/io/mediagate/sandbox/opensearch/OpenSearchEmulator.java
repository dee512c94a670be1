package io.mediagate.sandbox.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.sandbox.FaultPlan;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.TokenBucket;
import io.mediagate.sandbox.VendorEmulator;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSearch AI Search Open Platform, multimodal processing, as the sandbox plays it (searchplat 2024-05-29):
 * Bearer key check (401), 8 MB body limit (400), {@code InvalidParameter}, {@code ServiceIdNotExist},
 * {@code BadRequest.TaskNotExist}, 429 {@code Throttling} above the documented QPS per quota, and tasks that stay
 * {@code PENDING} for a configurable time and then end in {@code SUCCESS} (or a forced failure status).
 * Results are computed by {@link OpenSearchResults} from the media actually sent.
 */
public final class OpenSearchEmulator implements VendorEmulator {

    public static final String VENDOR = "opensearch";
    static final int MAX_BODY = 8 * 1024 * 1024;

    private static final Pattern PATH = Pattern.compile(
            "^/v3/openapi/workspaces/([^/]+)/([a-z-]+)/([^/]+)(/async(/task-status)?)?$");

    /** Path segment → the service ids that exist for it, and the quota it draws from. */
    private record Api(Set<String> serviceIds, boolean async, String quota) {
    }

    private static final Map<String, Api> APIS = Map.of(
            "image-object-detection", new Api(Set.of("ops-object-detect-001", "ops-object-detect-face-001"), false, "detection"),
            "image-analyze", new Api(Set.of("ops-image-analyze-vlm-001", "ops-image-analyze-ocr-001"), true, "image-analysis"),
            "video-snapshot", new Api(Set.of("ops-video-snapshot-001"), true, "video-audio"),
            "video-segmentation", new Api(Set.of("ops-video-segment-001"), true, "video-audio"),
            "video-summarization", new Api(Set.of("ops-video-summarize-001"), true, "video-audio"),
            "audio-asr", new Api(Set.of("ops-audio-asr-001"), true, "video-audio"));

    /**
     * @param apiKey       the only key accepted
     * @param qps          requests per second per quota (detection, image-analysis, video-audio)
     * @param taskDuration how long tasks stay PENDING unless a fault plan says otherwise
     */
    public record Config(String apiKey, Map<String, Double> qps, Duration taskDuration, String workspace) {

        /** The workspace of the vendor's own samples. */
        public static final String DEFAULT_WORKSPACE = "default";

        public Config(String apiKey, Map<String, Double> qps, Duration taskDuration) {
            this(apiKey, qps, taskDuration, DEFAULT_WORKSPACE);
        }

        public static Config documented(String apiKey, Duration taskDuration) {
            return new Config(apiKey, Map.of("detection", 20.0, "image-analysis", 10.0, "video-audio", 5.0), taskDuration);
        }
    }

    private record Task(String id, String segment, String serviceId, long readyAt, String finalStatus, JsonNode data,
                        JsonNode usage, String error) {
    }

    /** Served requests (task created, detection made) by the digest of the media they carried: one input, one key. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> servedPerMedia = new ConcurrentHashMap<>();
    private final Config config;
    private final SandboxControl control;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final java.time.Clock clock;

    /** @param clock what tasks' progress is measured by */
    public OpenSearchEmulator(Config config, SandboxControl control, java.time.Clock clock) {
        this.config = config;
        this.control = control;
        this.clock = clock;
        config.qps().forEach((quota, qps) -> buckets.put(quota, new TokenBucket(qps, clock)));
    }

    @Override
    public String vendor() {
        return VENDOR;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        Matcher m = PATH.matcher(request.path());
        if (!m.matches() || !APIS.containsKey(m.group(2))) {
            return error(404, "NotFound", "no such API: " + request.method() + " " + request.path());
        }
        String workspace = java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8);
        String segment = m.group(2);
        String serviceId = m.group(3);
        boolean asyncPath = m.group(4) != null;
        boolean statusPath = m.group(5) != null;
        Api api = APIS.get(segment);
        SandboxResponse response = answer(request, workspace, segment, serviceId, api, asyncPath, statusPath);
        return control.answered(VENDOR, serviceId, response);
    }

    private SandboxResponse answer(SandboxRequest request, String workspace, String segment, String serviceId, Api api,
                                   boolean asyncPath, boolean statusPath) {
        String auth = request.header("Authorization");
        if (auth == null || !auth.equals("Bearer " + config.apiKey())) {
            return error(401, "Unauthorized", "Invalid or missing API key in the Authorization header");
        }
        if (!workspace.equals(config.workspace())) {
            // OpenSearch documents no workspace error; the workspace is a request (path) parameter,
            // so an unknown one is the documented 400 InvalidParameter, as an unknown service id is a 400
            return error(400, "InvalidParameter", "The workspace '" + workspace + "' does not exist.");
        }
        switch (control.beforeCall(VENDOR, serviceId)) {
            case THROTTLE -> {
                FaultPlan plan = control.plan(VENDOR, serviceId).orElseThrow();
                SandboxResponse throttled = error(429, "Throttling", "Request was denied due to request throttling.");
                return plan.retryAfterSeconds() == null ? throttled
                        : throttled.withHeader("Retry-After", String.valueOf(plan.retryAfterSeconds()));
            }
            case SERVER_ERROR -> {
                return error(500, "InternalServerError", "An internal server error occurred.");
            }
            default -> { }
        }
        TokenBucket bucket = buckets.get(api.quota());
        if (bucket != null && !bucket.tryTake()) {
            return error(429, "Throttling.RateQuota", "Request was denied due to user flow control.");
        }
        if (!api.serviceIds().contains(serviceId)) {
            return error(400, "ServiceIdNotExist", "service_id is not exist.");
        }
        if (api.async() != asyncPath) {
            return error(404, "NotFound", "no such API: " + request.method() + " " + request.path());
        }
        if (statusPath) {
            return request.method().equals("GET") ? status(request, segment, serviceId)
                    : error(405, "MethodNotAllowed", "task-status takes GET");
        }
        if (!request.method().equals("POST")) {
            return error(405, "MethodNotAllowed", "this API takes POST");
        }
        if (request.bodyTooLarge() || request.body().length > MAX_BODY) {
            return error(400, "InvalidParameter", "The request body exceeds 8 MB.");
        }
        JsonNode body = Json.readOrNull(request.bodyText());
        if (body == null || !body.isObject()) {
            return error(400, "InvalidParameter", "The request body is not a JSON object.");
        }
        try {
            OpenSearchResults.Computed computed = OpenSearchResults.compute(segment, serviceId, body);
            // the same media served twice is the same job sent twice (what the crash tests compare, job by job)
            servedPerMedia.computeIfAbsent(computed.media().digest(), k -> new java.util.concurrent.atomic.AtomicInteger())
                    .incrementAndGet();
            if (!api.async()) {
                control.countEvent(VENDOR, "detections-served");
                ObjectNode answer = envelope();
                answer.set("usage", computed.usage());
                answer.set("result", computed.data());
                return SandboxResponse.json(200, answer);
            }
            return create(segment, serviceId, computed);
        } catch (OpenSearchResults.InvalidParameter invalid) {
            return error(400, "InvalidParameter", invalid.getMessage());
        }
    }

    /**
     * The media (SHA-256 hex of the bytes sent, or of the URL/OSS reference) that were served (task created, detection
     * made) more than once: the jobs the vendor ran, and would bill, twice.
     */
    public Set<String> mediaServedMoreThanOnce() {
        return servedPerMedia.entrySet().stream().filter(e -> e.getValue().get() > 1).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private SandboxResponse create(String segment, String serviceId, OpenSearchResults.Computed computed) {
        FaultPlan plan = control.plan(VENDOR, serviceId).orElse(null);
        long duration = plan != null && plan.taskDurationMs() != null ? plan.taskDurationMs() : config.taskDuration().toMillis();
        String finalStatus = plan != null && plan.forceStatus() != null ? plan.forceStatus() : "SUCCESS";
        String id = segment + "-" + sequence.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
        String error = finalStatus.equals("SUCCESS") ? null : "task failed in the sandbox (forced status " + finalStatus + ")";
        control.countEvent(VENDOR, "tasks-created");
        tasks.put(id, new Task(id, segment, serviceId, clock.millis() + duration, finalStatus,
                computed.data(), computed.usage(), error));
        ObjectNode answer = envelope();
        answer.putObject("result").put("task_id", id);
        return SandboxResponse.json(200, answer);
    }

    private SandboxResponse status(SandboxRequest request, String segment, String serviceId) {
        String taskId = request.query().get("task_id");
        if (taskId == null || taskId.isBlank()) {
            return error(400, "InvalidParameter", "task_id is required.");
        }
        Task task = tasks.get(taskId);
        if (task == null || !task.segment().equals(segment) || !task.serviceId().equals(serviceId)) {
            return error(400, "BadRequest.TaskNotExist", "The specified task does not exist.");
        }
        ObjectNode answer = envelope();
        ObjectNode result = answer.putObject("result");
        result.put("task_id", task.id());
        if (clock.millis() < task.readyAt()) {
            result.put("status", "PENDING");
            return SandboxResponse.json(200, answer);
        }
        result.put("status", task.finalStatus());
        if (task.error() != null) {
            result.put("error", task.error());
        } else {
            answer.set("usage", task.usage());
            result.set("data", task.data());
        }
        return SandboxResponse.json(200, answer);
    }

    private static ObjectNode envelope() {
        ObjectNode answer = Json.object();
        answer.put("request_id", UUID.randomUUID().toString().toUpperCase());
        answer.put("latency", 0);
        return answer;
    }

    /** The documented error body: {@code {"request_id","latency","code","message"}} (https://help.aliyun.com/zh/open-search/status-code-description). */
    private static SandboxResponse error(int status, String code, String message) {
        ObjectNode body = envelope();
        body.put("code", code);
        body.put("message", message);
        return SandboxResponse.json(status, body);
    }

    static byte[] decodeBase64(String content) throws OpenSearchResults.InvalidParameter {
        String data = content;
        if (data.startsWith("data:")) {
            int comma = data.indexOf(',');
            if (comma < 0 || !data.substring(0, comma).endsWith(";base64")) {
                throw new OpenSearchResults.InvalidParameter("content is a data URI without ;base64,");
            }
            data = data.substring(comma + 1);
        }
        try {
            return Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new OpenSearchResults.InvalidParameter("content is not valid base64: " + e.getMessage());
        }
    }
}
