package io.mediagate.auth;

import com.aliyun.tea.TeaRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our ACS3 Authorization equals the one of Alibaba's own Java library ({@code com.aliyun:openapiutil}) on random requests. */
class Acs3SignerCrossCheckTest {

    private static final String[] VALUE_PIECES = {"a", "Z", "0", "-", "_", ".", "~", " ", "*", "+", "/", "=", "&", ":", "{\"k\":1}",
            "oss://bucket/key.mp4", "中文", "%", "é"};

    @Test
    void five_hundred_random_rpc_and_roa_requests_sign_the_same_as_alibabas_library() throws Exception {
        long seed = Long.getLong("mediagate.signer-seed", System.nanoTime());
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            String method = random.nextBoolean() ? "GET" : "POST";
            String path = random.nextBoolean() ? "/" : "/" + word(random) + "/" + word(random);
            Map<String, String> query = new HashMap<>();
            for (int q = random.nextInt(5); q > 0; q--) {
                query.put(word(random) + q, value(random));
            }
            Map<String, String> headers = new HashMap<>();
            headers.put("host", "ice.cn-" + word(random) + ".aliyuncs.com");
            headers.put("x-acs-action", word(random));
            headers.put("x-acs-version", "2020-11-09");
            headers.put("x-acs-date", "2024-0" + (1 + random.nextInt(9)) + "-01T00:00:00Z");
            headers.put("x-acs-signature-nonce", Acs3Signer.randomNonce());
            if (random.nextBoolean()) {
                headers.put("content-type", "application/json; charset=utf-8");
            }
            if (random.nextBoolean()) {
                headers.put("user-agent", "not signed " + word(random));
            }
            String body = random.nextBoolean() ? "" : "{\"v\":\"" + value(random).replace("\"", "") + "\"}";
            String payloadHash = Acs3Signer.hex(io.mediagate.auth.Digests.sha256(body.getBytes(StandardCharsets.UTF_8)));
            headers.put("x-acs-content-sha256", payloadHash);
            String id = "LTAI" + word(random);
            String secret = word(random) + value(random);

            TeaRequest theirs = TeaRequest.create();
            theirs.method = method;
            theirs.pathname = path;
            theirs.query = new HashMap<>(query);
            theirs.headers = new HashMap<>(headers);
            String expected = com.aliyun.openapiutil.Client.getAuthorization(theirs, "ACS3-HMAC-SHA256", payloadHash, id, secret);
            String ours = Acs3Signer.authorization(method, path, query, headers, payloadHash, id, secret);
            assertEquals(expected, ours, "seed " + seed + ", request " + i + ": " + method + " " + path + " " + query + " " + headers);
        }
    }

    private static String word(Random random) {
        StringBuilder out = new StringBuilder();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private static String value(Random random) {
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(5); n > 0; n--) {
            out.append(VALUE_PIECES[random.nextInt(VALUE_PIECES.length)]);
        }
        return out.toString();
    }
}
