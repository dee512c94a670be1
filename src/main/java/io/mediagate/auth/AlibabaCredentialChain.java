package io.mediagate.auth;

import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import com.aliyun.credentials.provider.DefaultCredentialsProvider;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;

import java.util.function.Supplier;

/**
 * Alibaba Cloud credentials found the way Alibaba's own SDKs find them ({@code credentials-java}'s default chain):
 * the environment ({@code ALIBABA_CLOUD_ACCESS_KEY_ID}, {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET}, optional
 * {@code ALIBABA_CLOUD_SECURITY_TOKEN}), JVM properties, an OIDC role, the {@code aliyun} CLI profile
 * ({@code ~/.aliyun/config.json}, {@code ALIBABA_CLOUD_PROFILE}), {@code ~/.alibabacloud/credentials.ini}, and
 * an ECS RAM role. Temporary (STS) credentials are refreshed by the library before they expire; the signer
 * asks for them on every request.
 */
public final class AlibabaCredentialChain implements Supplier<AlibabaCredentials> {

    static final String WHERE_TO_SET = "set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and"
            + " ALIBABA_CLOUD_SECURITY_TOKEN for STS), or configure an aliyun CLI profile (~/.aliyun/config.json)";

    private final AlibabaCloudCredentialsProvider provider;

    public AlibabaCredentialChain(AlibabaCloudCredentialsProvider provider) {
        this.provider = provider;
    }

    /** The standard chain of Alibaba's SDKs. */
    public static AlibabaCredentialChain standard() {
        return new AlibabaCredentialChain(DefaultCredentialsProvider.builder().build());
    }

    /** @throws JobFailure an {@code auth} failure that says where credentials are looked for */
    @Override
    public AlibabaCredentials get() {
        CredentialModel model;
        try {
            model = provider.getCredentials();
        } catch (RuntimeException e) {
            throw new JobFailure(JobError.auth("no Alibaba Cloud credentials found: " + WHERE_TO_SET
                    + " (" + firstLine(e.getMessage()) + ")"));
        }
        if (model == null || model.getAccessKeyId() == null || model.getAccessKeySecret() == null) {
            throw new JobFailure(JobError.auth("no Alibaba Cloud credentials found: " + WHERE_TO_SET));
        }
        return new AlibabaCredentials(model.getAccessKeyId(), model.getAccessKeySecret(), model.getSecurityToken());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
