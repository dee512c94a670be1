package io.mediagate.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.job.PollPolicy;
import io.mediagate.json.Json;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Calls one vendor operation per exchange: {@code mediagate:opensearch/object-detect}. Synchronous operations answer
 * with the vendor's result; asynchronous ones are submitted, then polled on the gateway's schedule until their task
 * ends, without a thread waiting in between.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "mediagate", title = "mediagate", syntax = "mediagate:vendor/operation",
        producerOnly = true, category = {Category.AI, Category.CLOUD}, headersClass = MediagateConstants.class)
public class MediagateEndpoint extends DefaultEndpoint {

    @UriPath(description = "The vendor: opensearch, pai, baidu, ice or bailian")
    @Metadata(required = true)
    private String vendor;
    @UriPath(description = "The vendor's operation, named as the gateway's inbox folder of it, e.g. object-detect,"
            + " image-analyze, image-classify")
    @Metadata(required = true)
    private String operation;
    @UriParam(description = "Params of every call as a JSON object, merged over the operation's configured defaults"
            + " (mediagate.<vendor>.<operation>.params.*); a job request's own params and the CamelMediagateParams header"
            + " go over these")
    private String params;
    @UriParam(defaultValue = "media", description = "The media's file name when the body is bytes or a stream and no"
            + " CamelMediagateFileName or CamelFileName header names it; its extension tells the media's type")
    private String fileName = "media";
    @UriParam(description = "A folder the files an operation produces (ICE's covers, clips, cleaned audio) are"
            + " downloaded into, one folder per job below it, as the gateway downloads them (OSS objects with the vendor's"
            + " OSS credentials, other URLs only where mediagate.download.allow permits); listed in the envelope's"
            + " artifacts and the CamelMediagateArtifacts header. Unset: no files are downloaded, the result names"
            + " where the vendor wrote them")
    private String artifactsDir;
    @UriParam(label = "poll", description = "How long after the submit the task is first asked for its status, e.g."
            + " 500ms, 5s, PT5S (default: the operation's mediagate.<vendor>.<operation>.poll.first-delay). Setting any"
            + " poll option turns adaptive polling off for this endpoint", javaType = "java.time.Duration")
    private String pollFirstDelay;
    @UriParam(label = "poll", description = "How much each wait between two status calls grows (>= 1; default: the"
            + " operation's poll.backoff-factor)")
    private Double pollBackoffFactor;
    @UriParam(label = "poll", description = "The longest wait between two status calls (default: the operation's"
            + " poll.max-interval)", javaType = "java.time.Duration")
    private String pollMaxInterval;
    @UriParam(label = "poll", description = "How long after the submit a task that has not ended fails the exchange"
            + " with kind timeout (default: the operation's poll.deadline)", javaType = "java.time.Duration")
    private String pollDeadline;

    @UriParam(label = "security", prefix = "setting.", multiValue = true, description = "The vendor's own settings"
            + " for this endpoint, over the application's mediagate.<vendor>.* properties: setting.apiKey=…"
            + " (OpenSearch, Baidu), setting.secretKey (Baidu), setting.appId and setting.token (PAI), setting.endpoint,"
            + " setting.region, … (camelCase: Camel masks apiKey, secretKey and token in the URIs it logs)."
            + " A vendor given credentials here calls its real service")
    private Map<String, Object> settings = Map.of();

    /** URI options that start with this are the vendor's own settings ({@code setting.apiKey=…}). */
    static final String SETTING_PREFIX = "setting.";

    private final MediagateComponent component;
    private VendorServices services;

    public MediagateEndpoint(String uri, MediagateComponent component) {
        super(uri, component);
        this.component = component;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (settings.isEmpty()) {
            services = component.services();
        } else {
            Map<String, String> own = new HashMap<>();
            // the YAML DSL hands option names over in camelCase (setting.apiKey); the settings are named in kebab-case
            settings.forEach((key, value) -> own.put("mediagate." + vendor + "." + kebabCase(key), String.valueOf(value)));
            services = component.services().with(component.settings(own));
        }
    }

    private static String kebabCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** The vendors this endpoint calls: the component's, or wired again with this endpoint's settings. */
    VendorServices services() {
        return services;
    }

    @Override
    public Producer createProducer() throws Exception {
        return new MediagateProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("mediagate endpoints only call vendors (to: mediagate:…)");
    }

    @Override
    public MediagateComponent getComponent() {
        return component;
    }

    /** The operation this endpoint calls; fails for a vendor or operation the wired vendors do not have. */
    VendorOperation vendorOperation() {
        return services.registry().operation(vendor, operation).orElseThrow(() -> new IllegalArgumentException(
                "mediagate:" + vendor + "/" + operation + " names no operation of the wired vendors ("
                        + services.registry().vendorNames() + "); " + vendor + " operations are: "
                        + services.registry().operationNames(vendor)));
    }

    /** The operation's configured default params with this endpoint's {@code params} over them. */
    ObjectNode defaultParams(OperationSpec spec) {
        ObjectNode defaults = Json.fromDottedKeys(services.settings().withPrefix("mediagate." + spec.vendor() + "." + spec.name() + ".params."));
        if (params != null && !params.isBlank()) {
            JsonNode own = JobRequests.parse(params);
            if (!own.isObject()) {
                throw new IllegalArgumentException("params of " + getEndpointUri() + " must be a JSON object");
            }
            Json.deepMerge(defaults, own);
        }
        return defaults;
    }

    /** The operation's polling schedule, with this endpoint's poll options over it (a fixed schedule then). */
    PollPolicy pollPolicy(OperationSpec spec) {
        PollPolicy base = spec.poll();
        if (pollFirstDelay == null && pollBackoffFactor == null && pollMaxInterval == null && pollDeadline == null) {
            return base;
        }
        return new PollPolicy(duration(pollFirstDelay, base.firstDelay()),
                pollBackoffFactor == null ? base.backoffFactor() : pollBackoffFactor,
                duration(pollMaxInterval, base.maxInterval()), duration(pollDeadline, base.deadline()), false);
    }

    private static Duration duration(String text, Duration otherwise) {
        return text == null ? otherwise : Settings.parseDuration(text);
    }

    public Map<String, Object> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, Object> settings) {
        this.settings = settings;
    }

    public String getVendor() {
        return vendor;
    }

    public void setVendor(String vendor) {
        this.vendor = vendor;
    }

    public String getOperation() {
        return operation;
    }

    public void setOperation(String operation) {
        this.operation = operation;
    }

    public String getParams() {
        return params;
    }

    public void setParams(String params) {
        this.params = params;
    }

    public String getFileName() {
        return fileName;
    }

    public void setFileName(String fileName) {
        this.fileName = fileName;
    }

    public String getArtifactsDir() {
        return artifactsDir;
    }

    public void setArtifactsDir(String artifactsDir) {
        this.artifactsDir = artifactsDir;
    }

    public String getPollFirstDelay() {
        return pollFirstDelay;
    }

    public void setPollFirstDelay(String pollFirstDelay) {
        this.pollFirstDelay = pollFirstDelay;
    }

    public Double getPollBackoffFactor() {
        return pollBackoffFactor;
    }

    public void setPollBackoffFactor(Double pollBackoffFactor) {
        this.pollBackoffFactor = pollBackoffFactor;
    }

    public String getPollMaxInterval() {
        return pollMaxInterval;
    }

    public void setPollMaxInterval(String pollMaxInterval) {
        this.pollMaxInterval = pollMaxInterval;
    }

    public String getPollDeadline() {
        return pollDeadline;
    }

    public void setPollDeadline(String pollDeadline) {
        this.pollDeadline = pollDeadline;
    }
}
