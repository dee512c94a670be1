package io.mediagate.auth;

import com.aliyun.credentials.exception.CredentialException;
import com.aliyun.credentials.models.CredentialModel;
import com.aliyun.credentials.provider.AlibabaCloudCredentialsProvider;
import com.aliyun.credentials.provider.CLIProfileCredentialsProvider;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Credentials come from where Alibaba users already keep them, through Alibaba's own credentials-java. */
class AlibabaCredentialChainTest {

    @TempDir
    Path home;

    @Test
    void the_standard_chain_reads_the_jvm_properties_alibaba_sdks_read_including_an_sts_token() {
        assumeTrue(System.getenv("ALIBABA_CLOUD_ACCESS_KEY_ID") == null, "the environment would win over the properties");
        System.setProperty("alibabacloud.accessKeyId", "STS.prop-id");
        System.setProperty("alibabacloud.accessKeySecret", "prop-secret");
        System.setProperty("alibabacloud.sessionToken", "prop-token");
        try {
            AlibabaCredentials credentials = AlibabaCredentialChain.standard().get();
            assertEquals("STS.prop-id", credentials.accessKeyId());
            assertEquals("prop-secret", credentials.accessKeySecret());
            assertEquals("prop-token", credentials.securityToken());
        } finally {
            System.clearProperty("alibabacloud.accessKeyId");
            System.clearProperty("alibabacloud.accessKeySecret");
            System.clearProperty("alibabacloud.sessionToken");
        }
    }

    @Test
    void an_aliyun_cli_profile_is_used_as_the_cli_writes_it() throws Exception {
        Files.createDirectories(home.resolve(".aliyun"));
        Files.writeString(home.resolve(".aliyun/config.json"), """
                {"current": "work", "profiles": [
                  {"name": "default", "mode": "AK", "access_key_id": "other", "access_key_secret": "other-secret"},
                  {"name": "work", "mode": "AK", "access_key_id": "cli-id", "access_key_secret": "cli-secret", "region_id": "cn-shanghai"}
                ]}""");
        String realHome = System.getProperty("user.home");
        System.setProperty("user.home", home.toString());
        try {
            AlibabaCredentials credentials = new AlibabaCredentialChain(CLIProfileCredentialsProvider.builder().build()).get();
            assertEquals("cli-id", credentials.accessKeyId());
            assertEquals("cli-secret", credentials.accessKeySecret());
            assertNull(credentials.securityToken());
        } finally {
            System.setProperty("user.home", realHome);
        }
    }

    @Test
    void missing_credentials_fail_the_job_as_auth_saying_which_settings_to_set() {
        AlibabaCloudCredentialsProvider nothingFound = new AlibabaCloudCredentialsProvider() {
            @Override
            public CredentialModel getCredentials() {
                throw new CredentialException("Unable to load credentials from any of the providers in the chain:\n[env: not set]");
            }

            @Override
            public String getProviderName() {
                return "nothing";
            }

            @Override
            public void close() {
            }
        };
        JobFailure failure = assertThrows(JobFailure.class, () -> new AlibabaCredentialChain(nothingFound).get());
        assertEquals(JobError.Kind.auth, failure.error().kind());
        String message = failure.error().message();
        assertTrue(message.contains("ALIBABA_CLOUD_ACCESS_KEY_ID") && message.contains("~/.aliyun/config.json"), message);
        assertFalse(message.contains("\n"), message);
    }
}
