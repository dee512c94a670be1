package io.mediagate.auth;

import io.mediagate.http.VendorRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** An ACS3 signer with a fixed clock and nonce, for tests outside this package. */
public final class TestSigner implements RequestSigner {

    private final Acs3Signer signer;

    public TestSigner(AlibabaCredentials credentials, Instant at, String nonce) {
        signer = new Acs3Signer(() -> credentials, Clock.fixed(at, ZoneOffset.UTC), () -> nonce);
    }

    @Override
    public void sign(VendorRequest request) {
        signer.sign(request);
    }
}
