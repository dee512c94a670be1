package io.mediagate.vendors.baidu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.auth.BaiduTokens;
import io.mediagate.job.Job;
import io.mediagate.job.JobSource;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.json.Json;
import io.mediagate.media.LocalMedia;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.MediaTypes;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;

import java.net.URI;
import java.util.Base64;
import java.util.Map;

/**
 * {@code baidu/image-classify} (https://ai.baidu.com/ai-doc/EASYDL/Sk38n3baq): {@code POST <model URL>?access_token=<token>} with
 * {@code {"image": "<base64, no header>", "top_num": n}}, answered synchronously with {@code {"log_id", "results"}}.
 *
 * <p>The model is the folder below {@code image-classify/} (or {@code params.model}, or the only model configured);
 * its URL and {@code top_num} come from {@code mediagate.baidu.models.<name>.*}. A job file may give {@code top_num},
 * {@code model} and {@code api_url} (another model URL on the same Baidu host, since the token goes there), and names
 * its image by {@code url}: the gateway downloads it, as Baidu takes images only inline.
 */
public final class BaiduOperation implements VendorOperation {

    /** The largest image whose base64 form stays within Baidu's 4 MB. */
    private static final long MAX_IMAGE_BYTES = BaiduImageRules.MAX_BASE64_BYTES / 4 * 3;

    private final OperationSpec spec;
    private final Map<String, BaiduModel> models;
    private final BaiduTokens tokens;
    private final QuotaBreaker quota;
    private final long modelUnavailableWaitMillis;
    private final MediaDownload downloads;

    BaiduOperation(OperationSpec spec, Map<String, BaiduModel> models, BaiduTokens tokens, QuotaBreaker quota,
                   long modelUnavailableWaitMillis, MediaDownload downloads) {
        this.spec = spec;
        this.models = models;
        this.tokens = tokens;
        this.quota = quota;
        this.modelUnavailableWaitMillis = modelUnavailableWaitMillis;
        this.downloads = downloads;
    }

    @Override
    public OperationSpec spec() {
        return spec;
    }

    @Override
    public OssPaths ossPaths() {
        return OssPaths.REFUSED; // images go inline; only a dropped file or a url (downloaded here) gives one
    }

    /** Baidu counts calls per model API (each has its own QPS quota): one rate group per model. */
    @Override
    public String rateGroup(Job job) {
        try {
            return rateGroupOf(model(job));
        } catch (JobFailure noModel) {
            return spec.rateGroup(); // fails at submit with the message saying why
        }
    }

    /** The model (from params.model or the model folder): the same image sent to two models is two jobs. */
    @Override
    public String requestTarget(Job job) {
        try {
            BaiduModel model = model(job);
            return "model:" + model.name() + " " + model.url();
        } catch (JobFailure noModel) {
            return null; // fails at submit with the message saying why
        }
    }

    static String rateGroupOf(BaiduModel model) {
        return "model:" + model.name();
    }

    @Override
    public VendorRequest submit(Job job, LocalMedia media) {
        BaiduModel model = model(job);
        quota.check(model.credentials().apiKey());
        ObjectNode body = Json.object();
        body.put("image", Base64.getEncoder().encodeToString(image(job, media)));
        Integer topNum = topNum(job, model);
        if (topNum != null) {
            body.put("top_num", topNum);
        }
        String token = tokens.token(model.credentials());
        // which token this call carries, so a 110/111 answer drops exactly that one (a digest: no secret in the job)
        job.setCredentialTag(BaiduTokens.fingerprint(token));
        return new VendorRequest("POST", apiUrl(job, model), "access_token=" + token,
                Map.of("Content-Type", "application/json"), Json.write(body));
    }

    /** The image bytes, checked against Baidu's documented image rules before anything is sent. */
    private byte[] image(Job job, LocalMedia media) {
        JobSource source = job.getSource();
        byte[] image;
        String extension;
        if (media != null) {
            image = media.content();
            extension = media.extension();
        } else if (source.url != null) {
            MediaDownload.Fetched fetched = downloads.fetch(source.url, MAX_IMAGE_BYTES, source.name);
            image = fetched.bytes();
            extension = extensionOf(source.url, fetched.contentType());
        } else {
            throw JobFailure.input(source.name + ": Baidu image classification takes an image dropped into the folder, or a"
                    + " job file with \"url\" (the gateway downloads it); not \"oss\" or \"urls\"");
        }
        BaiduImageRules.check(image, source.name, extension);
        return image;
    }

    private static String extensionOf(String url, String contentType) {
        String path = URI.create(url).getPath();
        String fromPath = MediaTypes.extension(path == null ? "" : path);
        if (BaiduImageRules.FORMATS.contains(fromPath) || contentType == null) {
            return fromPath;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.contains("jpeg") ? "jpg" : type.contains("png") ? "png" : type.contains("bmp") ? "bmp" : fromPath;
    }

    /**
     * {@code params.model}, else the model folder the file is in, else (for a file directly in {@code image-classify/})
     * the only model there is. A file in a folder that names no configured model fails: a typo must not send the
     * image to some other model.
     */
    BaiduModel model(Job job) {
        JsonNode named = job.getParams() == null ? null : job.getParams().get("model");
        if (named != null && named.isTextual()) {
            BaiduModel model = models.get(named.asText());
            if (model == null) {
                throw JobFailure.input(job.getSource().name + ": params.model '" + named.asText() + "' is not configured; models: "
                        + models.keySet() + " (mediagate.baidu.models.<name>.url)");
            }
            return model;
        }
        String path = job.getRelativePath() == null ? "" : job.getRelativePath();
        int slash = path.indexOf('/');
        // a queue request has no model folder (it is filed under requests/): params.model or the only model
        if (slash > 0 && job.getReply() == null) {
            String folder = path.substring(0, slash);
            if (!models.containsKey(folder)) {
                throw JobFailure.input(job.getSource().name + " is in baidu/image-classify/" + folder + "/, which is not a configured"
                        + " model; models: " + models.keySet() + " (mediagate.baidu.models.<name>.url): move it to its model's"
                        + " folder, or name the model in a job file's params.model");
            }
            return models.get(folder);
        }
        if (models.size() == 1) {
            return models.values().iterator().next();
        }
        throw JobFailure.input(job.getSource().name + ": put the file in the folder of its model, baidu/image-classify/<model>/"
                + " (models: " + models.keySet() + "), or name it in a job file's params.model");
    }

    private static Integer topNum(Job job, BaiduModel model) {
        JsonNode given = job.getParams() == null ? null : job.getParams().get("top_num");
        if (given == null || given.isNull()) {
            return model.topNum();
        }
        // Baidu's own samples send it as a number or as a string ("5")
        String text = given.asText().trim();
        if (!text.matches("\\d{1,4}") || Integer.parseInt(text) < 1) {
            throw JobFailure.input(job.getSource().name + ": params.top_num must be a whole number of classes from 1, not " + given);
        }
        return Integer.parseInt(text);
    }

    /** The model's URL, or a job file's {@code api_url} on the same Baidu host (the access token is sent there). */
    private static String apiUrl(Job job, BaiduModel model) {
        JsonNode given = job.getParams() == null ? null : job.getParams().get("api_url");
        if (given == null || !given.isTextual()) {
            return model.url();
        }
        URI configured = URI.create(model.url());
        URI asked;
        try {
            asked = URI.create(given.asText());
        } catch (IllegalArgumentException e) {
            throw JobFailure.input(job.getSource().name + ": params.api_url is not a URL");
        }
        boolean sameHost = configured.getScheme().equals(asked.getScheme()) && configured.getHost().equals(asked.getHost())
                && configured.getPort() == asked.getPort();
        if (!sameHost || asked.getPath() == null || !asked.getPath().contains("/rpc/2.0/ai_custom/") || asked.getRawQuery() != null) {
            throw JobFailure.input(job.getSource().name + ": params.api_url must be a model URL (…/rpc/2.0/ai_custom/…) on "
                    + configured.getScheme() + "://" + configured.getAuthority() + ", where the access token may be sent");
        }
        return asked.toString();
    }

    @Override
    public VendorOutcome readSubmit(Job job, VendorResponse response) {
        BaiduModel model = model(job);
        if (response.isNetworkError()) {
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, "NetworkError", null,
                    "could not reach Baidu: " + response.networkError(), true), null, -1);
        }
        JsonNode answer = Json.readOrNull(response.body());
        // Baidu's doc gives its errors as a JSON body with error_code, without naming an HTTP status: read the code whatever the status
        if (answer == null || (response.status() != 200 && !answer.has("error_code"))) {
            boolean transientFailure = response.status() >= 500 || response.status() == 429 || response.status() == 200;
            return new VendorOutcome.Failed(new JobError(JobError.Kind.vendor, null, response.status(), "Baidu answered HTTP "
                    + response.status() + " without a readable result" + (transientFailure ? "; retried" : ""), transientFailure),
                    null, response.retryAfterMillis(System.currentTimeMillis()));
        }
        if (!answer.has("error_code")) {
            return new VendorOutcome.Done(answer, null, answer.path("log_id").asText(null));
        }
        int code = answer.path("error_code").asInt();
        String message = answer.path("error_msg").asText("");
        String requestId = answer.path("log_id").asText(null);
        if (BaiduErrors.TOKEN.contains(code)) {
            if (job.isCredentialRenewed()) {
                return BaiduErrors.failed(JobError.Kind.auth, code, "Baidu rejected a newly fetched access token too (error " + code
                        + ": " + message + "). Check " + model.credentials().settings(), false, requestId, -1);
            }
            // the token was revoked or expired early: fetch a new one and try once more (once per job)
            job.setCredentialRenewed(true);
            tokens.invalidate(model.credentials(), job.getCredentialTag());
            return BaiduErrors.failed(JobError.Kind.vendor, code, "Baidu rejected the access token (error " + code + ": " + message
                    + "); a new token is fetched and the call tried once more", true, requestId, 0);
        }
        if (code == BaiduErrors.DAILY_LIMIT || code == BaiduErrors.TOTAL_LIMIT) {
            return new VendorOutcome.Failed(quota.stop(model.credentials().apiKey(), code, message, model.credentials().settings()),
                    requestId, -1, false, code == BaiduErrors.DAILY_LIMIT);
        }
        return BaiduErrors.outcomeOf(answer, model, modelUnavailableWaitMillis);
    }
}
