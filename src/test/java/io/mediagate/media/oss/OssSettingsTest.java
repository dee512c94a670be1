package io.mediagate.media.oss;

import io.mediagate.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How users name OSS objects and configure staging. */
class OssSettingsTest {

    @Test
    void oss_paths_and_oss_urls_name_the_same_object() {
        assertEquals(Optional.of(new OssLocation("b", "dir/a b.mp4")), OssLocation.parse("oss://b/dir/a b.mp4"));
        assertEquals(Optional.of(new OssLocation("b", "dir/a b+c.mp4")),
                OssLocation.parse("https://b.oss-cn-shanghai.aliyuncs.com/dir/a%20b+c.mp4?x-oss-signature=1"));
        assertEquals(Optional.empty(), OssLocation.parse("https://example.com/a.mp4"));
        assertEquals(Optional.empty(), OssLocation.parse("oss://bucket-only/"));
        assertEquals("oss://b/p/x.jpg", new OssLocation("b", "p/").child("x.jpg").toString());
        assertTrue(new OssLocation("b", "mediagate/staging/j/a.mp4").isUnder(new OssLocation("b", "mediagate/")));
        assertFalse(new OssLocation("c", "mediagate/a").isUnder(new OssLocation("b", "mediagate/")));
    }

    @Test
    void staging_is_off_without_a_bucket_and_needs_a_region_with_one() {
        assertTrue(OssSettings.live(Settings.of(Map.of())).isEmpty());
        IllegalStateException noRegion = assertThrows(IllegalStateException.class,
                () -> OssSettings.live(Settings.of(Map.of("mediagate.oss.bucket", "media"))));
        assertTrue(noRegion.getMessage().contains("mediagate.oss.region"), noRegion.getMessage());
    }

    @Test
    void defaults_follow_the_region_and_address_oss_hosts_by_sub_domain() {
        OssStore.Config config = OssSettings.live(Settings.of(Map.of("mediagate.oss.bucket", "media",
                "mediagate.ice.region", "cn-shanghai", "mediagate.oss.prefix", "team-a"))).orElseThrow();
        assertEquals("https://oss-cn-shanghai.aliyuncs.com", config.endpoint());
        assertEquals("team-a/", config.prefix(), "the prefix is a folder");
        assertFalse(config.pathStyle());
        assertEquals(Duration.ofHours(3), config.urlExpiry());
        assertEquals(64L << 20, config.multipartThreshold());

        OssStore.Config proxied = OssSettings.live(Settings.of(Map.of("mediagate.oss.bucket", "media",
                "mediagate.oss.region", "cn-sandbox", "mediagate.oss.endpoint", "http://sandbox:8089/oss"))).orElseThrow();
        assertTrue(proxied.pathStyle(), "a host that is not OSS's own is addressed by path");
    }

    @Test
    void expiry_and_part_size_are_bounded_by_what_oss_accepts() {
        Map<String, String> base = Map.of("mediagate.oss.bucket", "media", "mediagate.oss.region", "cn-beijing");
        assertThrows(IllegalStateException.class, () -> OssSettings.live(with(base, "mediagate.oss.url-expiry", "8d")));
        assertThrows(IllegalStateException.class, () -> OssSettings.live(with(base, "mediagate.oss.part-size", "50KB")));
        assertEquals(5L << 20, OssSettings.live(with(base, "mediagate.oss.part-size", "5MB")).orElseThrow().partSize());
        assertEquals(1234, OssSettings.parseBytes("1234"));
    }

    @Test
    void the_sandbox_never_gets_a_single_request_larger_than_it_reads() {
        OssStore.Config sandbox = OssSettings.sandbox(Settings.of(Map.of("mediagate.oss.part-size", "32MB")),
                "http://127.0.0.1:1/oss", "cn-sandbox", "b");
        assertEquals(16L << 20, sandbox.multipartThreshold(), "the default 64MB threshold is capped");
        assertEquals(16L << 20, sandbox.partSize());
        assertTrue(sandbox.pathStyle());
    }

    private static Settings with(Map<String, String> base, String key, String value) {
        java.util.HashMap<String, String> all = new java.util.HashMap<>(base);
        all.put(key, value);
        return Settings.of(all);
    }
}
