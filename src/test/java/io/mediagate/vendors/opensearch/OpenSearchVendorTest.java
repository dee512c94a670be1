package io.mediagate.vendors.opensearch;

import io.mediagate.config.Settings;
import io.mediagate.job.PollPolicy;
import io.mediagate.vendors.OperationSpec;
import io.mediagate.vendors.VendorOperation;
import io.mediagate.http.VendorRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.SANDBOX_ENDPOINT;
import static io.mediagate.vendors.opensearch.OpenSearchTestJobs.operation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenSearchVendorTest {

    @Test
    void without_an_api_key_it_calls_the_sandbox_with_the_sandbox_key() {
        OpenSearchVendor vendor = new OpenSearchVendor(Settings.of(Map.of()), SANDBOX_ENDPOINT, "sandbox-key");
        VendorRequest request = VendorRequest.get(SANDBOX_ENDPOINT + "/x", null);

        vendor.signer().sign(request);

        assertTrue(vendor.sandbox());
        assertEquals(SANDBOX_ENDPOINT, vendor.endpoint());
        assertEquals("Bearer sandbox-key", request.headers().get("Authorization"));
    }

    @Test
    void with_an_api_key_it_calls_the_configured_endpoint_with_that_key() {
        OpenSearchVendor vendor = new OpenSearchVendor(Settings.of(Map.of(
                "mediagate.opensearch.api-key", "OS-live-key",
                "mediagate.opensearch.endpoint", "https://abc.platform-cn-shanghai.opensearch.aliyuncs.com")),
                SANDBOX_ENDPOINT, "sandbox-key");
        VendorRequest request = VendorRequest.get("https://abc/x", null);

        vendor.signer().sign(request);

        assertFalse(vendor.sandbox());
        assertEquals("https://abc.platform-cn-shanghai.opensearch.aliyuncs.com", vendor.endpoint());
        assertEquals("Bearer OS-live-key", request.headers().get("Authorization"));
    }

    @Test
    void an_endpoint_written_as_a_bare_host_as_the_seeds_samples_write_it_is_called_over_https() {
        OpenSearchVendor vendor = new OpenSearchVendor(Settings.of(Map.of(
                "mediagate.opensearch.api-key", "OS-live-key",
                "mediagate.opensearch.endpoint", "xxx.platform-cn-shanghai.opensearch.aliyuncs.com")),
                SANDBOX_ENDPOINT, "sandbox-key");

        assertEquals("https://xxx.platform-cn-shanghai.opensearch.aliyuncs.com", vendor.endpoint());
        assertEquals("https://xxx.platform-cn-shanghai.opensearch.aliyuncs.com/v3/openapi/workspaces/default/image-object-detection/ops-object-detect-001",
                operation(vendor, "object-detect").submit(OpenSearchTestJobs.remoteJob("object-detect", "https://x/y.jpg", null), null).url());
    }

    @Test
    void an_endpoint_that_cannot_be_a_url_is_refused_naming_the_setting() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OpenSearchVendor(Settings.of(Map.of(
                "mediagate.opensearch.api-key", "OS-live-key",
                "mediagate.opensearch.endpoint", "ftp://xxx.platform-cn-shanghai.opensearch.aliyuncs.com")), SANDBOX_ENDPOINT, "k"));

        assertTrue(e.getMessage().contains("mediagate.opensearch.endpoint"), e.getMessage());
    }

    @Test
    void an_api_key_without_an_endpoint_is_a_configuration_error_naming_the_setting() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OpenSearchVendor(
                Settings.of(Map.of("mediagate.opensearch.api-key", "OS-live-key")), SANDBOX_ENDPOINT, "sandbox-key"));

        assertTrue(e.getMessage().contains("mediagate.opensearch.endpoint"), e.getMessage());
    }

    @Test
    void no_api_key_and_no_sandbox_is_a_configuration_error() {
        assertThrows(IllegalStateException.class, () -> new OpenSearchVendor(Settings.of(Map.of()), null, null));
    }

    @Test
    void it_offers_the_eight_operations_and_only_detection_is_synchronous() {
        List<OperationSpec> specs = OpenSearchTestJobs.sandboxVendor().operations().stream().map(VendorOperation::spec).toList();

        assertEquals(List.of("object-detect", "face-detect", "image-analyze", "image-ocr", "video-snapshot", "video-segment",
                "video-summarize", "audio-asr"), specs.stream().map(OperationSpec::name).toList());
        assertEquals(List.of("face-detect", "object-detect"),
                specs.stream().filter(s -> !s.async()).map(OperationSpec::name).sorted().toList());
        assertTrue(specs.stream().allMatch(s -> s.vendor().equals("opensearch")));
    }

    @Test
    void operations_draw_from_the_documented_quotas() {
        Map<String, String> groups = OpenSearchTestJobs.sandboxVendor().operations().stream().map(VendorOperation::spec)
                .collect(Collectors.toMap(OperationSpec::name, OperationSpec::rateGroup));

        assertEquals(Map.of(
                "object-detect", "detection", "face-detect", "detection",
                "image-analyze", "image-analysis", "image-ocr", "image-analysis",
                "video-snapshot", "video-audio", "video-segment", "video-audio",
                "video-summarize", "video-audio", "audio-asr", "video-audio"), groups);
    }

    @Test
    void quotas_default_to_the_documented_qps_and_can_be_lowered() {
        assertEquals(Map.of("detection", 20.0, "image-analysis", 10.0, "video-audio", 5.0),
                OpenSearchTestJobs.sandboxVendor().rateLimits());

        OpenSearchVendor lowered = new OpenSearchVendor(Settings.of(Map.of("mediagate.opensearch.rate.detection", "2.5")),
                SANDBOX_ENDPOINT, "k");
        assertEquals(2.5, lowered.rateLimits().get("detection"));
        assertEquals(10.0, lowered.rateLimits().get("image-analysis"));
    }

    @Test
    void segmentation_and_summarization_take_remote_media_only() {
        OpenSearchVendor vendor = OpenSearchTestJobs.sandboxVendor();

        assertFalse(operation(vendor, "video-segment").spec().acceptsLocalFiles());
        assertFalse(operation(vendor, "video-summarize").spec().acceptsLocalFiles());
        assertTrue(operation(vendor, "video-snapshot").spec().extensions().contains("mp4"));
        assertTrue(operation(vendor, "audio-asr").spec().extensions().containsAll(List.of("wav", "mp3", "mp4")));
        assertTrue(operation(vendor, "image-ocr").spec().extensions().containsAll(List.of("jpg", "png", "tiff")));
    }

    @Test
    void poll_policy_defaults_follow_the_seed_advice_of_five_seconds() {
        PollPolicy poll = operation("image-analyze").spec().poll();

        assertEquals(Duration.ofSeconds(5), poll.firstDelay());
        assertEquals(1.5, poll.backoffFactor());
        assertEquals(Duration.ofSeconds(30), poll.maxInterval());
        assertEquals(Duration.ofHours(2), poll.deadline());
    }

    @Test
    void poll_settings_of_the_operation_beat_the_vendor_ones_which_beat_the_global_ones() {
        OpenSearchVendor vendor = new OpenSearchVendor(Settings.of(Map.of(
                "mediagate.poll.first-delay", "1s",
                "mediagate.poll.deadline", "10m",
                "mediagate.opensearch.poll.first-delay", "2s",
                "mediagate.opensearch.poll.max-interval", "20s",
                "mediagate.opensearch.audio-asr.poll.first-delay", "3s")), SANDBOX_ENDPOINT, "k");

        PollPolicy asr = operation(vendor, "audio-asr").spec().poll();
        PollPolicy ocr = operation(vendor, "image-ocr").spec().poll();

        assertEquals(Duration.ofSeconds(3), asr.firstDelay());
        assertEquals(Duration.ofSeconds(2), ocr.firstDelay());
        assertEquals(Duration.ofSeconds(20), asr.maxInterval());
        assertEquals(Duration.ofMinutes(10), ocr.deadline());
    }
}
