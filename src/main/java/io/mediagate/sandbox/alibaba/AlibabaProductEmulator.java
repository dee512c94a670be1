package io.mediagate.sandbox.alibaba;

import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.VendorEmulator;

import java.time.Clock;
import java.time.Duration;

/**
 * What every Alibaba Cloud product of the sandbox shares: the API gateway's signature check in front (V3, and V2
 * for RPC products), the action from {@code x-acs-action} (or the legacy {@code Action} parameter), call counts per
 * action, and the time tasks take. Subclasses answer the product's own APIs.
 */
public abstract class AlibabaProductEmulator implements VendorEmulator {

    private final String vendor;
    private final AlibabaGateway gateway;
    protected final SandboxControl control;
    protected final Duration taskDuration;
    protected final Clock clock;

    protected AlibabaProductEmulator(String vendor, AlibabaGateway gateway, Duration taskDuration, SandboxControl control, Clock clock) {
        this.vendor = vendor;
        this.gateway = gateway;
        this.taskDuration = taskDuration;
        this.control = control;
        this.clock = clock;
    }

    @Override
    public final String vendor() {
        return vendor;
    }

    @Override
    public final SandboxResponse handle(SandboxRequest request) {
        String action = request.header("x-acs-action") != null ? request.header("x-acs-action")
                : AlibabaGateway.rpcParameters(request).get("Action");
        SandboxResponse refused = gateway.verify(request);
        SandboxResponse response = refused != null ? refused : injectedFault(action);
        if (response == null) {
            response = answer(request, action);
        }
        return control.answered(vendor, action == null ? "unknown" : action, response);
    }

    /** The fault plan's answer for this call (Alibaba's throttling or server error), or null to answer normally. */
    private SandboxResponse injectedFault(String action) {
        return switch (control.beforeCall(vendor, action == null ? "unknown" : action)) {
            // Alibaba's gateway answers flow control with 400 Throttling.User (SDKs retry on the code, not the status)
            case THROTTLE -> Acs3Verifier.error(400, "Throttling.User", "Request was denied due to user flow control.");
            case SERVER_ERROR -> Acs3Verifier.error(503, serviceUnavailableCode(), "The request has failed due to a temporary failure of the server.");
            default -> null;
        };
    }

    /** The code of the product's 503: Alibaba's common error spelling unless the product's own error table spells it otherwise. */
    protected String serviceUnavailableCode() {
        return "ServiceUnavailable";
    }

    /** The product's answer to a correctly signed request. */
    protected abstract SandboxResponse answer(SandboxRequest request, String action);

    /** The state of a task {@code age} after it was created: queued for the first fifth, then running, then done. */
    protected String stateAt(Duration age, String queued, String running, String done) {
        return age.compareTo(taskDuration) >= 0 ? done : age.compareTo(taskDuration.dividedBy(5)) >= 0 ? running : queued;
    }
}
