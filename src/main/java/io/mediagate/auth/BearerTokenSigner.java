package io.mediagate.auth;

import io.mediagate.http.VendorRequest;

/** {@code Authorization: Bearer <api key>}: how OpenSearch's multimodal content processing API authenticates. */
public final class BearerTokenSigner implements RequestSigner {

    private final String apiKey;

    public BearerTokenSigner(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("a bearer API key is required");
        }
        this.apiKey = apiKey.trim();
    }

    @Override
    public void sign(VendorRequest request) {
        request.withHeader("Authorization", "Bearer " + apiKey);
    }

    @Override
    public String toString() {
        return "BearerTokenSigner[key=****]";
    }
}
