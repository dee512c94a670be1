package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.BaiduTokens;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;
import io.mediagate.vendors.baidu.BaiduModel;
import io.mediagate.vendors.baidu.BaiduVendor;
import io.mediagate.vendors.bailian.BailianVendor;
import io.mediagate.vendors.ice.IceVendor;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import io.mediagate.vendors.pai.PaiVendor;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code check --probe}: one call per live vendor that costs nothing and proves that endpoint, credentials and our
 * signature are accepted. The calls are the gateway's own, built by the vendor's operation and signed by its signer:
 * a status query for a task that does not exist (OpenSearch, PAI, ICE, Bailian), Baidu's token fetch, and a read of an
 * object that does not exist in the OSS bucket. A "not found" answer means the vendor accepted who we are; an
 * authentication or signature error, a 5xx or no answer is a problem.
 */
public final class VendorProbe {

    /** The task id asked for: no vendor has such a task. PAI's ids are integers, and 0 is never one. */
    static final String NO_SUCH_TASK = "mediagate-preflight-probe";
    static final String NO_SUCH_PAI_JOB = "0";

    private final Settings settings;
    private final ProbeHttp http = new ProbeHttp(Duration.ofSeconds(10), Duration.ofSeconds(30));

    public VendorProbe(Settings settings) {
        this.settings = settings;
    }

    /** Probes the vendor of a live check that found no problem, and records the answer in the check. */
    public void probe(VendorCheck check) {
        if (check.mode() != VendorCheck.Mode.live || !check.ok()) {
            return;
        }
        try {
            switch (check.vendor()) {
                case "opensearch" -> status(check, new OpenSearchVendor(settings, null, null), "image-analyze", NO_SUCH_TASK);
                case "pai" -> status(check, new PaiVendor(settings, null, null, OssStores.none(), null), "video-qa", NO_SUCH_PAI_JOB);
                case "ice" -> status(check, new IceVendor(settings, null, null, OssStores.none()), "cover", NO_SUCH_TASK);
                case "bailian" -> status(check, new BailianVendor(settings, null, null, null, OssStores.none()), "video-analysis", NO_SUCH_TASK);
                case "baidu" -> baidu(check, new BaiduVendor(settings, null, null));
                case "oss" -> oss(check);
                default -> throw new IllegalArgumentException(check.vendor());
            }
        } catch (JobFailure failure) {
            check.probed(describe(failure.error()), false);
        }
    }

    /** A status query for a task that does not exist, as the gateway's poll stage would send it. */
    private void status(VendorCheck check, Vendor vendor, String operationName, String taskId) {
        VendorOperation operation = vendor.operations().stream().filter(o -> o.spec().name().equals(operationName)).findFirst()
                .orElseThrow();
        Job job = new Job();
        job.setId("preflight-probe");
        job.setVendor(vendor.name());
        job.setOperation(operationName);
        job.setTaskId(taskId);
        job.setStage(Job.Stage.poll);
        VendorRequest request = operation.poll(job);
        vendor.signer().sign(request);
        VendorResponse response = http.send(request);
        VendorOutcome outcome = operation.readPoll(job, response);
        if (outcome instanceof VendorOutcome.Failed failed) {
            JobError error = failed.error();
            // refused credentials or signature; a server error, throttling or no answer proves nothing either
            boolean accepted = error.kind() != JobError.Kind.auth && !error.retryable() && !response.isNetworkError();
            check.probed((accepted ? "task " + taskId + " not found, credentials accepted: " : "") + answer(response, error), accepted);
        } else {
            check.probed("HTTP " + response.status() + ", a status for task " + taskId + ": credentials accepted", true);
        }
    }

    /** Baidu's token fetch for each app (vendor-wide keys and models published to another app). */
    private void baidu(VendorCheck check, BaiduVendor vendor) {
        Map<String, BaiduTokens.Credentials> apps = new LinkedHashMap<>();
        for (BaiduModel model : vendor.models()) {
            apps.putIfAbsent(model.credentials().apiKey(), model.credentials());
        }
        for (BaiduTokens.Credentials app : apps.values()) {
            vendor.tokens().token(app);
        }
        check.probed("access token issued for " + apps.size() + " app(s)", true);
    }

    private void oss(VendorCheck check) {
        try (OssStore store = new OssStore(OssSettings.live(settings).orElseThrow(), AlibabaCredentialChain.standard())) {
            check.probed(store.probe(), true);
        }
    }

    /** The vendor's own words: HTTP status, code and the message of its error body (the gateway's reading otherwise). */
    private static String answer(VendorResponse response, JobError error) {
        com.fasterxml.jackson.databind.JsonNode body = io.mediagate.json.Json.readOrNull(response.body());
        if (response.isNetworkError() || body == null) {
            return describe(error);
        }
        for (String field : new String[] {"message", "Message", "error_msg", "error_description"}) {
            if (body.path(field).isTextual()) {
                return "HTTP " + response.status() + " " + (error.code() == null ? "" : error.code() + ": ") + body.path(field).asText();
            }
        }
        return describe(error);
    }

    private static String describe(JobError error) {
        return (error.httpStatus() == null ? "" : "HTTP " + error.httpStatus() + " ")
                + (error.code() == null ? "" : error.code() + ": ") + error.message();
    }
}
