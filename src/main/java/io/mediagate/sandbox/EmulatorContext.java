package io.mediagate.sandbox;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.sandbox.alibaba.Acs3Verifier;
import io.mediagate.sandbox.oss.OssBuckets;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What every emulator of one sandbox shares: its settings ({@code mediagate.sandbox.*}), the key each vendor's
 * emulator accepts, the fault and call-count control, the clock, how long a task runs, and the OSS buckets.
 *
 * @param apiKeys the key each emulator accepts, by vendor (Alibaba products share {@code ice}'s {@code id:secret})
 */
public record EmulatorContext(Settings settings, Map<String, String> apiKeys, SandboxControl control, Clock clock,
                              Duration taskDuration, OssBuckets buckets, AlibabaCredentials alibaba) {

    /** The vendor's key from {@link #apiKeys}, or the standalone sandbox's default. */
    public String key(String vendor, String fallback) {
        return apiKeys.getOrDefault(vendor, fallback);
    }

    /** The AccessKey the Alibaba API gateway in front of each Alibaba product accepts. */
    public Map<String, Acs3Verifier.Key> alibabaKeys() {
        return Map.of(alibaba.accessKeyId(), new Acs3Verifier.Key(alibaba.accessKeySecret(), null));
    }
}
