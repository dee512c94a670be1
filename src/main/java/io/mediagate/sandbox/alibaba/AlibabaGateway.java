package io.mediagate.sandbox.alibaba;

import io.mediagate.auth.Acs3Signer;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Alibaba Cloud API gateway in front of a product of the sandbox: it checks the V3 signature
 * ({@code Authorization: ACS3-HMAC-SHA256 …}) and, for RPC-style products, the legacy V2 signature
 * ({@code Signature} parameter, HMAC-SHA1) that older SDK builds send. ROA-style products know no V2 RPC signature:
 * there a request without V3's header is {@code IncompleteSignature}.
 */
public final class AlibabaGateway {

    private final Acs3Verifier v3;
    private final RpcV2Verifier v2;

    private AlibabaGateway(Acs3Verifier v3, RpcV2Verifier v2) {
        this.v3 = v3;
        this.v2 = v2;
    }

    /** The gateway of an RPC-style product (ICE): V3 or V2 signatures. */
    public static AlibabaGateway rpc(Map<String, Acs3Verifier.Key> keys, Clock clock) {
        return new AlibabaGateway(new Acs3Verifier(keys, clock), new RpcV2Verifier(keys, clock));
    }

    /** The gateway of a ROA-style product (Bailian): V3 signatures only. */
    public static AlibabaGateway roa(Map<String, Acs3Verifier.Key> keys, Clock clock) {
        return new AlibabaGateway(new Acs3Verifier(keys, clock), null);
    }

    /** @return null when the request is signed correctly, else the gateway's error answer */
    public SandboxResponse verify(SandboxRequest request) {
        String authorization = request.header("Authorization");
        boolean v3Signed = authorization != null && authorization.trim().startsWith(Acs3Signer.ALGORITHM);
        if (!v3Signed && v2 != null && RpcV2Verifier.isV2(request)) {
            return v2.verify(request);
        }
        return v3.verify(request, request.clientPath());
    }

    /**
     * An RPC request's parameters as the gateway reads them: the query's, and a form body's (a client may send the
     * API's parameters either way; both are signed in V2). Decoded as forms are, {@code +} being a space: the Java
     * SDK's query string is URL-encoded that way.
     */
    public static Map<String, String> rpcParameters(SandboxRequest request) {
        Map<String, String> params = new LinkedHashMap<>(SandboxRequest.decodeParams(request.rawQuery()));
        String type = request.header("Content-Type");
        if (type != null && type.startsWith("application/x-www-form-urlencoded")) {
            params.putAll(SandboxRequest.decodeParams(request.bodyText()));
        }
        return params;
    }
}
