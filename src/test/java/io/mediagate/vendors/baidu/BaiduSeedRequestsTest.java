package io.mediagate.vendors.baidu;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mediagate.auth.BaiduTokens;
import io.mediagate.job.Job;
import io.mediagate.json.Json;
import io.mediagate.media.LocalMedia;
import io.mediagate.media.MediaDownload;
import io.mediagate.testsupport.JsonShape;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.testsupport.WireFields;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The requests our Baidu client builds, held to Baidu's documented examples: the classify body ({@code classify.request--001-body-example})
 * with the token only in the query, and the token request's parameters ({@code token.request--001-code-samples}).
 * The token endpoint here is a local stand-in that records the request and answers Baidu's documented token sample.
 */
class BaiduSeedRequestsTest {

    private record Sent(String method, String path, String query, String contentType, String body) {
    }

    @TempDir
    Path dir;
    private HttpServer tokenEndpoint;
    private final AtomicReference<Sent> tokenRequest = new AtomicReference<>();
    private final BaiduTokens.Credentials key = new BaiduTokens.Credentials("ak-1", "sk-1", "BAIDU_API_KEY / BAIDU_SECRET_KEY");

    @BeforeEach
    void start() throws Exception {
        tokenEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        tokenEndpoint.createContext("/", exchange -> {
            tokenRequest.set(new Sent(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = JsonShape.fixtureText("baidu/token.response--contracts-2.1.json").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        tokenEndpoint.start();
    }

    @AfterEach
    void stop() {
        tokenEndpoint.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + tokenEndpoint.getAddress().getPort();
    }

    private BaiduOperation operation(Integer modelTopNum) {
        BaiduTokens tokens = new BaiduTokens(URI.create(base() + "/oauth/2.0/token"), Duration.ofSeconds(2), Duration.ofSeconds(5),
                Clock.systemUTC());
        BaiduModel model = new BaiduModel("flowers", base() + "/rpc/2.0/ai_custom/v1/classification/flowers", modelTopNum, key);
        return new BaiduOperation(new OperationSpec("baidu", "image-classify", false, BaiduImageRules.FORMATS, "api", null),
                Map.of("flowers", model), tokens, new QuotaBreaker(Clock.systemUTC(), Duration.ofHours(1)), 60_000,
                new MediaDownload(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    private VendorRequest submit(BaiduOperation operation, String params) throws Exception {
        Job job = new Job();
        job.setId("j1");
        job.setRelativePath("flowers/rose.png");
        job.getSource().name = "rose.png";
        job.setParams((ObjectNode) Json.readOrNull(params));
        Path file = Files.write(dir.resolve("rose.png"), TestMedia.image("png", 40, 30));
        return operation.submit(job, LocalMedia.of(file, "rose.png"));
    }

    /**
     * Baidu's API doc: POST to the model's URL, {@code access_token} the only URL parameter, a JSON body. {@code top_num} is a
     * number (the vendor doc's parameter table and body example; its PHP/Python 2/C++ samples quote it as "5", which the
     * table does not document), also when a job file gives it as a string.
     */
    @Test
    void classify_posts_the_seeds_body_with_the_token_only_in_the_query() throws Exception {
        for (String params : new String[]{"{}", "{\"top_num\": \"4\"}"}) {
            VendorRequest request = submit(operation(3), params);
            assertEquals("POST", request.method());
            assertEquals("/rpc/2.0/ai_custom/v1/classification/flowers", URI.create(request.url()).getPath());
            assertEquals("application/json", request.headers().get("Content-Type"));
            JsonShape.of(Json.readOrNull("{\"access_token\": \"24.…\"}")).assertMatches(WireFields.strings(request.query()), "the URL parameters");
            JsonShape.ofFixture("baidu/classify.request--001-body-example.json").assertMatches(Json.readOrNull(request.body()), "the body");
        }
    }

    @Test
    void without_a_top_num_the_body_leaves_it_out_as_the_seed_allows() throws Exception {
        VendorRequest request = submit(operation(null), "{}");
        // top_num: optional, "默认为6个" (Baidu's documented parameter table)
        JsonShape.ofFixture("baidu/classify.request--001-body-example.json").optional("$.top_num")
                .assertMatches(Json.readOrNull(request.body()), "the body");
    }

    /**
     * The token request carries exactly the vendor doc sample's parameters. Method and place differ from that Python sample
     * (GET, in the URL) by the contract: Baidu's doc recommends POST and its Java SDK sends the parameters as a form
     * body (Baidu's API doc), which keeps the secret out of URLs and access logs.
     */
    @Test
    void the_token_request_has_the_seeds_parameters() throws Exception {
        submit(operation(3), "{}");
        Sent sent = tokenRequest.get();
        assertNotNull(sent, "a token was fetched");
        assertEquals("/oauth/2.0/token", sent.path());
        assertEquals("POST", sent.method());
        assertEquals(null, sent.query());
        assertEquals("application/x-www-form-urlencoded", sent.contentType());
        JsonShape.ofFixture("baidu/token.request--001-code-samples.json").assertMatches(WireFields.strings(sent.body()), "the token parameters");
        assertEquals("client_credentials", WireFields.strings(sent.body()).path("grant_type").asText());
    }
}
