package io.mediagate.vendors.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.config.Settings;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.media.LocalMedia;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.VendorOperation;

import java.nio.file.Path;
import java.util.Map;

/** Builds OpenSearch vendors, operations and jobs the way the gateway does, for the OpenSearch tests. */
final class OpenSearchTestJobs {

    static final String SANDBOX_ENDPOINT = "http://127.0.0.1:8089/opensearch";
    static final String SANDBOX_KEY = "sandbox-key";

    private OpenSearchTestJobs() {
    }

    static OpenSearchVendor sandboxVendor() {
        return new OpenSearchVendor(Settings.of(Map.of()), SANDBOX_ENDPOINT, SANDBOX_KEY);
    }

    static final String OSS_ENDPOINT = "http://127.0.0.1:8089/oss";

    /** An OSS client for presigning only (no call is made): the sandbox's OSS settings. */
    static OssStore oss() {
        return new OssStore(OssSettings.sandbox(Settings.of(Map.of()), OSS_ENDPOINT, "cn-sandbox", "mediagate-sandbox"),
                () -> new AlibabaCredentials("id", "secret", null));
    }

    /** A sandbox vendor whose media can be presigned with {@code oss}. */
    static OpenSearchVendor vendorWith(OssStore oss) {
        return new OpenSearchVendor(Settings.of(Map.of()), SANDBOX_ENDPOINT, SANDBOX_KEY, new OssStores(null, oss));
    }

    static OpenSearchOperation operation(OpenSearchVendor vendor, String name) {
        for (VendorOperation operation : vendor.operations()) {
            if (operation.spec().name().equals(name)) {
                return (OpenSearchOperation) operation;
            }
        }
        throw new IllegalArgumentException("no operation " + name);
    }

    static OpenSearchOperation operation(String name) {
        return operation(sandboxVendor(), name);
    }

    /** A job for a local file dropped into {@code inbox/opensearch/<operation>/}. */
    static Job localJob(String operation, Path file) {
        Job job = new Job();
        job.setId("job-" + operation);
        job.setVendor(OpenSearchVendor.NAME);
        job.setOperation(operation);
        job.getSource().name = file.getFileName().toString();
        job.getSource().workFile = file.toString();
        return job;
    }

    static LocalMedia media(Path file) {
        return LocalMedia.of(file, file.getFileName().toString());
    }

    /** A job from a {@code .job.json} that names remote media. */
    static Job remoteJob(String operation, String url, String oss) {
        Job job = new Job();
        job.setId("job-" + operation);
        job.setVendor(OpenSearchVendor.NAME);
        job.setOperation(operation);
        job.getSource().name = "clip.job.json";
        job.getSource().jobFile = true;
        job.getSource().url = url;
        job.getSource().oss = oss;
        return job;
    }

    static Job polledJob(String operation, String taskId) {
        Job job = remoteJob(operation, null, "oss://bucket/in.mp4");
        job.setTaskId(taskId);
        job.setStage(Job.Stage.poll);
        return job;
    }

    static ObjectNode json(String text) {
        JsonNode node = Json.readOrNull(text);
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("not a JSON object: " + text);
        }
        return object;
    }
}
