package io.mediagate.hostile;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.flow.LiveInstances;
import io.mediagate.flow.OutputDownloads;
import io.mediagate.flow.StageMessages;
import io.mediagate.flow.WorkArea;
import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import io.mediagate.json.Json;
import io.mediagate.media.DownloadPolicy;
import io.mediagate.media.MediaDownload;
import io.mediagate.media.oss.OssStores;
import io.mediagate.testsupport.LoopbackMedia;
import io.mediagate.testsupport.TestMedia;
import io.mediagate.vendors.VendorRegistry;
import io.mediagate.vendors.ice.IceVendor;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vendor's answer names the files it produced by URL (ICE's OutputUrls); the gateway downloads them under the same
 * policy as a user's url: an answer pointing into this machine or network (here: a loopback server outside
 * mediagate.download.allow) is never followed there, and the job fails with the vendor's result kept.
 */
class VendorOutputUrlsTest {

    @TempDir
    Path work;
    private final LoopbackMedia allowed = new LoopbackMedia();
    private final LoopbackMedia forbidden = new LoopbackMedia();
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private OutputDownloads outputs;

    @BeforeEach
    void setUp() {
        IceVendor ice = new IceVendor(Settings.of(Map.of()), "http://127.0.0.1:9/ice", new AlibabaCredentials("id", "secret", null),
                OssStores.none());
        MediaDownload downloads = new MediaDownload(Duration.ofSeconds(5), Duration.ofSeconds(10),
                new DownloadPolicy(allowed.authority(), InetAddress::getAllByName));
        outputs = new OutputDownloads(new VendorRegistry(List.of(ice)), new WorkArea(work, new LiveInstances(work)).jobs(), downloads);
    }

    @AfterEach
    void tearDown() throws Exception {
        allowed.close();
        forbidden.close();
        camel.close();
    }

    /** A finished ICE cover job whose answer lists one output URL, through the output stage as the route calls it. */
    private Job finishedWithOutput(String url) {
        Job job = new Job();
        job.setId("job-1");
        job.setVendor("ice");
        job.setOperation("cover");
        job.getSource().name = "clip.job.json";
        job.succeed(Json.readOrNull("{\"Status\":\"Success\",\"OutputUrls\":[\"" + url + "\"]}"), null, System.currentTimeMillis());
        Exchange exchange = new DefaultExchange(camel);
        StageMessages.write(exchange.getMessage(), job);
        outputs.fetch(exchange);
        return StageMessages.jobOf(exchange);
    }

    @Test
    void an_output_url_into_a_server_outside_the_allow_list_is_not_fetched() {
        Job job = finishedWithOutput(forbidden.serve("cover.jpg", TestMedia.image("jpg", 32, 32)));
        assertEquals(Job.Status.failed, job.getStatus(), Json.write(job));
        assertEquals(JobError.Kind.vendor, job.getError().kind(), "the URL is the vendor's, not the user's: " + Json.write(job));
        assertTrue(job.getError().message().contains("public internet address"), job.getError().message());
        assertEquals("Success", job.getResult().path("Status").asText(), "the vendor's result is kept in the record");
        assertEquals(0, forbidden.hits(), "the server outside the allow list was never asked");
    }

    @Test
    void a_redirect_from_an_allowed_output_url_to_a_server_outside_the_list_is_not_followed() {
        String hop = allowed.redirect("cover.jpg", forbidden.serve("cover.jpg", TestMedia.image("jpg", 32, 32)));
        Job job = finishedWithOutput(hop);
        assertEquals(Job.Status.failed, job.getStatus(), Json.write(job));
        assertTrue(job.getError().message().contains("public internet address"), job.getError().message());
        assertTrue(allowed.hits() > 0);
        assertEquals(0, forbidden.hits(), "the redirect's target outside the allow list was never asked");
    }

    @Test
    void an_output_url_the_allow_list_names_is_downloaded() throws Exception {
        byte[] cover = TestMedia.image("jpg", 32, 32);
        Job job = finishedWithOutput(allowed.serve("cover.jpg", cover));
        assertEquals(Job.Status.succeeded, job.getStatus(), Json.write(job));
        assertEquals(1, job.getArtifacts().size(), Json.write(job));
        assertArrayEquals(cover, Files.readAllBytes(work.resolve("job-1").resolve(OutputDownloads.FOLDER).resolve("cover.jpg")));
    }
}
