package io.mediagate.flow;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.Job;
import io.mediagate.job.RetryPolicy;
import io.mediagate.media.oss.OssStore;
import io.mediagate.media.oss.OssStores;
import io.mediagate.vendors.RateLimiter;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.ice.IceVendor;
import io.mediagate.vendors.opensearch.OpenSearchVendor;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vendor stage's auth step (routes/vendor-call.camel.yaml): the request is built without the vendor's authentication,
 * and the auth step adds it to the request on the message, so a header a user's route adds in between is signed with it.
 */
class AuthenticateStepTest {

    private static final DefaultCamelContext camel = new DefaultCamelContext();
    private static final AlibabaCredentials KEY = new AlibabaCredentials("the-id", "secret", null);
    private final VendorRegistry vendors = new VendorRegistry(List.of(
            new OpenSearchVendor(Settings.of(Map.of()), "http://127.0.0.1:9/opensearch", "the-key"),
            new IceVendor(Settings.of(Map.of()), "http://127.0.0.1:9/ice", KEY, new OssStores(null, new OssStore(
                    new OssStore.Config("http://127.0.0.1:9", "cn-shanghai", "stage", "mediagate/", true, 1 << 20, 1 << 20,
                            Duration.ofHours(1), false), () -> KEY)))));
    private final VendorCalls calls = new VendorCalls(vendors, new RateLimiter(),
            new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 5));
    private final VendorAuth auth = new VendorAuth(vendors);

    private static Exchange exchange(String vendor, String operation) {
        Job job = new Job();
        job.setId("0123456789abcdef0123456789abcdef");
        job.setVendor(vendor);
        job.setOperation(operation);
        job.setStage(Job.Stage.submit);
        job.setAcceptedAt(1_700_000_000_000L);
        job.getSource().name = "a.job.json";
        job.getSource().jobFile = true;
        job.getSource().url = "https://example.com/cat.png";
        job.getSource().oss = "ice".equals(vendor) ? "oss://in/a.mp4" : null;
        if (job.getSource().oss != null) {
            job.getSource().url = null;
        }
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(StageMessages.JOB, job);
        return exchange;
    }

    @Test
    void the_built_request_carries_no_key_until_the_auth_step_adds_it_and_counts_the_call() {
        Exchange exchange = exchange("opensearch", "image-analyze");

        calls.prepareSubmit(exchange);
        assertNull(exchange.getMessage().getHeader("Authorization"), "built, not yet authenticated");
        assertEquals(0, StageMessages.jobOf(exchange).getVendorCalls());

        auth.authenticate(exchange);
        assertEquals("Bearer the-key", exchange.getMessage().getHeader("Authorization"));
        assertEquals(1, StageMessages.jobOf(exchange).getVendorCalls(), "the call is counted once it can go out");
    }

    @Test
    void a_header_added_between_building_and_auth_is_signed_with_the_request() {
        Exchange exchange = exchange("ice", "cover");

        calls.prepareSubmit(exchange);
        exchange.getMessage().setHeader("x-acs-my-tag", "added by the route");
        auth.authenticate(exchange);

        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        assertTrue(authorization.startsWith("ACS3-HMAC-SHA256 Credential=the-id,"), authorization);
        assertTrue(authorization.contains("x-acs-my-tag"), "the added header is among the signed ones: " + authorization);
        assertEquals("added by the route", exchange.getMessage().getHeader("x-acs-my-tag"));
    }
}
