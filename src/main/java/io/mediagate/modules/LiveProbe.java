package io.mediagate.modules;

import io.mediagate.config.Settings;

import java.util.function.Function;

/**
 * The one call {@code check --probe} makes to a live vendor: free, and answered only when the vendor accepts the
 * credentials and the signature.
 */
public sealed interface LiveProbe {

    /** The task id asked for when the vendor takes any string: no vendor has such a task. */
    String NO_SUCH_TASK = "mediagate-preflight-probe";

    /**
     * A status query for a task that does not exist, built and read by the vendor's own operation and signed by its
     * signer, exactly as the gateway's poll stage would send it: "not found" means the credentials were accepted.
     *
     * @param operation an async operation of the vendor
     * @param taskId    an id the vendor can never have given
     */
    record StatusOfMissingTask(String operation, String taskId) implements LiveProbe {
    }

    /**
     * A call of the vendor's own.
     *
     * @param call makes the call against the live vendor the settings describe and returns its answer for the check
     *             line; throws {@link io.mediagate.job.JobFailure} when the vendor refuses
     */
    record Custom(Function<Settings, String> call) implements LiveProbe {
    }

    static LiveProbe statusOfMissingTask(String operation) {
        return new StatusOfMissingTask(operation, NO_SUCH_TASK);
    }

    static LiveProbe statusOfMissingTask(String operation, String taskId) {
        return new StatusOfMissingTask(operation, taskId);
    }

    static LiveProbe custom(Function<Settings, String> call) {
        return new Custom(call);
    }
}
