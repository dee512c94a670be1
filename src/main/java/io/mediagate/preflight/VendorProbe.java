package io.mediagate.preflight;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.media.oss.OssStore;
import io.mediagate.modules.LiveProbe;
import io.mediagate.modules.VendorContext;
import io.mediagate.modules.VendorModule;
import io.mediagate.modules.VendorModules;
import io.mediagate.vendors.Vendor;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.vendors.VendorOutcome;
import io.mediagate.http.VendorRequest;
import io.mediagate.http.VendorResponse;

import java.time.Duration;
import java.util.List;

/**
 * {@code check --probe}: one call per live vendor that costs nothing and proves that endpoint, credentials and our
 * signature are accepted. Each vendor module names its call ({@link LiveProbe}): mostly a status query for a task
 * that does not exist, built by the vendor's operation and signed by its signer as the gateway's own calls are
 * (Baidu: its token fetch); then a read of an object that does not exist in the OSS bucket. A "not found" answer
 * means the vendor accepted who we are; an authentication or signature error, a 5xx or no answer is a problem.
 */
public final class VendorProbe {

    private final Settings settings;
    private final List<VendorModule> modules;
    private final ProbeHttp http = new ProbeHttp(Duration.ofSeconds(10), Duration.ofSeconds(30));

    public VendorProbe(Settings settings, List<VendorModule> modules) {
        this.settings = settings;
        this.modules = modules;
    }

    public VendorProbe(Settings settings) {
        this(settings, VendorModules.ALL);
    }

    /** Probes the vendor of a live check that found no problem, and records the answer in the check. */
    public void probe(VendorCheck check) {
        if (check.mode() != VendorCheck.Mode.live || !check.ok()) {
            return;
        }
        try {
            if (check.vendor().equals(Preflight.OSS)) {
                oss(check);
                return;
            }
            VendorModule module = modules.stream().filter(m -> m.name().equals(check.vendor())).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("no vendor module " + check.vendor()));
            LiveProbe probe = module.preflight().probe();
            if (probe instanceof LiveProbe.StatusOfMissingTask status) {
                status(check, module.vendor().apply(VendorContext.liveOnly(settings)), status.operation(), status.taskId());
            } else if (probe instanceof LiveProbe.Custom custom) {
                check.probed(custom.call().apply(settings), true);
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
