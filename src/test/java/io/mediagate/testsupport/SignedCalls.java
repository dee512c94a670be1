package io.mediagate.testsupport;

import io.mediagate.auth.RequestSigner;
import io.mediagate.http.VendorRequest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Signs a request as the gateway does and sends it with the JDK's client: how contract tests talk to the sandbox. */
public final class SignedCalls {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedCalls() {
    }

    public static HttpResponse<String> send(RequestSigner signer, VendorRequest request) throws IOException, InterruptedException {
        signer.sign(request);
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.url() + (request.query() == null ? "" : "?" + request.query())))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host")) { // the client sets Host itself
                http.header(k, v);
            }
        });
        return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }
}
