package io.mediagate.preflight;

import io.mediagate.auth.AlibabaCredentialChain;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.JobFailure;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Whether Alibaba's credential chain (the one ICE, Bailian and OSS are signed with) finds an AccessKey id and secret.
 * Asked once, and only when one of them is live: the chain may ask the ECS metadata service.
 */
final class AlibabaCredentialsCheck {

    private final Supplier<AlibabaCredentials> chain;
    private Optional<String> problem;

    AlibabaCredentialsCheck(Supplier<AlibabaCredentials> chain) {
        this.chain = chain;
    }

    static AlibabaCredentialsCheck standard() {
        return new AlibabaCredentialsCheck(AlibabaCredentialChain.standard());
    }

    /** The problem, naming where credentials are looked for, or empty when an id and a secret were found. */
    Optional<String> problem() {
        if (problem == null) {
            try {
                chain.get();
                problem = Optional.empty();
            } catch (JobFailure | IllegalArgumentException e) {
                problem = Optional.of(e.getMessage());
            }
        }
        return problem;
    }
}
