package io.mediagate.auth;

/**
 * An Alibaba Cloud AccessKey pair, with the STS security token when the pair is temporary.
 * {@link #toString()} never shows the secret or the token.
 */
public record AlibabaCredentials(String accessKeyId, String accessKeySecret, String securityToken) {

    public AlibabaCredentials {
        if (accessKeyId == null || accessKeyId.isBlank() || accessKeySecret == null || accessKeySecret.isBlank()) {
            throw new IllegalArgumentException("an AccessKey id and secret are required");
        }
        if (securityToken != null && securityToken.isBlank()) {
            securityToken = null;
        }
    }

    @Override
    public String toString() {
        return "AlibabaCredentials[accessKeyId=" + accessKeyId + ", secret=****" + (securityToken == null ? "" : ", sts") + "]";
    }
}
