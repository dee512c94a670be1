package io.mediagate.sandbox.oss;

import io.mediagate.modules.VendorModules;

import io.mediagate.config.Settings;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.media.oss.OssLocation;
import io.mediagate.media.oss.OssSettings;
import io.mediagate.media.oss.OssStore;
import io.mediagate.sandbox.Sandbox;
import io.mediagate.sandbox.SandboxServer;
import io.mediagate.testsupport.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox's OSS against Alibaba's own OSS SDK (V4 signatures, path-style), through the gateway's
 * {@link OssStore}: what the SDK sends must pass the emulator's signature check, and the emulator's answers
 * (ETags, CRC64, XML errors) must satisfy the SDK. Refusals are checked for OSS's codes.
 */
class OssSandboxContractTest {

    private static final String KEY = "LTAIcontract:secret-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private SandboxServer sandbox;
    private OssStore store;
    /** The sandbox's time, moved by hand; it starts now, so requests signed with the real time are within its skew. */
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeEach
    void start() {
        sandbox = VendorModules.sandbox(null, 0, Settings.of(Map.of()), Map.of("ice", KEY), clock).start();
        store = store(Map.of("mediagate.oss.multipart-threshold", "300KB", "mediagate.oss.part-size", "100KB"),
                Sandbox.alibabaKey(KEY));
    }

    @AfterEach
    void stop() {
        store.close();
        sandbox.close();
    }

    private OssStore store(Map<String, String> settings, AlibabaCredentials key) {
        return new OssStore(OssSettings.sandbox(Settings.of(settings), sandbox.baseUrl(OssEmulator.VENDOR), Sandbox.OSS_REGION,
                Sandbox.OSS_BUCKET), () -> key);
    }

    private OssBuckets buckets() {
        return sandbox.emulator(OssEmulator.VENDOR, OssEmulator.class).buckets();
    }

    private Path file(String name, int bytes) throws Exception {
        byte[] content = new byte[bytes];
        new Random(bytes).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    @Test
    void smallFileGoesUpInOnePutAndComesBackIdentical() throws Exception {
        Path file = file("clip one+two.mp4", 50_000);
        OssLocation target = store.stagingLocation("job-1", "sub/clip one+two.mp4");
        store.upload(file, target);
        assertArrayEquals(Files.readAllBytes(file), buckets().get(Sandbox.OSS_BUCKET, target.key()).orElseThrow().content());
        assertEquals(1, sandbox.control().calls(OssEmulator.VENDOR, "PutObject"));

        Path back = dir.resolve("back.mp4");
        assertEquals(50_000, store.download(target, back));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back));
    }

    @Test
    void largeFileGoesUpInPartsThatTheEmulatorJoins() throws Exception {
        Path file = file("long.mp4", 350_000);
        OssLocation target = store.stagingLocation("job-2", "long.mp4");
        store.upload(file, target);
        assertEquals(4, sandbox.control().calls(OssEmulator.VENDOR, "UploadPart"), "350 KB in 100 KB parts");
        assertEquals(1, sandbox.control().calls(OssEmulator.VENDOR, "CompleteMultipartUpload"));
        assertEquals(0, sandbox.control().calls(OssEmulator.VENDOR, "PutObject"));
        OssBuckets.StoredObject stored = buckets().get(Sandbox.OSS_BUCKET, target.key()).orElseThrow();
        assertArrayEquals(Files.readAllBytes(file), stored.content());
        assertTrue(stored.etag().endsWith("-4\""), "a multipart ETag names its part count: " + stored.etag());
        assertEquals(0, buckets().openUploads());
    }

    @Test
    void presignedUrlWorksWithoutCredentialsAndOnlyUnaltered() throws Exception {
        Path file = file("v.mp4", 1000);
        OssLocation target = store.stagingLocation("job-3", "v.mp4");
        store.upload(file, target);
        URL url = store.presign(target);
        assertTrue(url.getQuery().contains("x-oss-signature-version=OSS4-HMAC-SHA256"), url.toString());

        HttpResponse<byte[]> ok = HTTP.send(HttpRequest.newBuilder(url.toURI()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, ok.statusCode());
        assertArrayEquals(Files.readAllBytes(file), ok.body());

        String tampered = url.toString().replace("v.mp4", "w.mp4");
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(tampered)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("<Code>SignatureDoesNotMatch</Code>"), refused.body());

        String unsigned = url.toString().substring(0, url.toString().indexOf('?'));
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(unsigned)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, anonymous.statusCode());
        assertTrue(anonymous.body().contains("<Code>AccessDenied</Code>"), anonymous.body());
    }

    @Test
    void expiredPresignedUrlIsRefused() throws Exception {
        OssStore shortLived = store(Map.of("mediagate.oss.url-expiry", "3s"), Sandbox.alibabaKey(KEY));
        try {
            OssLocation target = store.stagingLocation("job-4", "v.mp4");
            store.upload(file("v.mp4", 10), target);
            URL url = shortLived.presign(target);
            // a minute later on the sandbox's clock: long past the URL's 3 s, well within the 15 min allowed for skew
            clock.advance(Duration.ofMinutes(1));
            HttpResponse<String> expired = HTTP.send(HttpRequest.newBuilder(url.toURI()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, expired.statusCode());
            assertTrue(expired.body().contains("Request has expired."), expired.body());
        } finally {
            shortLived.close();
        }
    }

    @Test
    void wrongKeysFailAsAuthWithTheSettingsToCheck() throws Exception {
        Path file = file("a.jpg", 10);
        String id = KEY.substring(0, KEY.indexOf(':'));
        OssStore wrongSecret = store(Map.of(), new AlibabaCredentials(id, "not-the-secret", null));
        OssStore unknownId = store(Map.of(), new AlibabaCredentials("LTAIunknown", "x", null));
        try {
            JobFailure mismatch = assertThrows(JobFailure.class, () -> wrongSecret.upload(file, wrongSecret.stagingLocation("j", "a.jpg")));
            assertEquals(JobError.Kind.auth, mismatch.error().kind());
            assertEquals("SignatureDoesNotMatch", mismatch.error().code());
            assertTrue(mismatch.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), mismatch.getMessage());
            assertTrue(!mismatch.getMessage().contains("not-the-secret"), "the secret never appears in an error");

            JobFailure unknown = assertThrows(JobFailure.class, () -> unknownId.upload(file, unknownId.stagingLocation("j", "a.jpg")));
            assertEquals("InvalidAccessKeyId", unknown.error().code());
            assertTrue(buckets().keys(Sandbox.OSS_BUCKET, "").isEmpty(), "nothing was stored");
        } finally {
            wrongSecret.close();
            unknownId.close();
        }
    }

    @Test
    void missingBucketAndMissingObjectHaveOssCodes() throws Exception {
        JobFailure noBucket = assertThrows(JobFailure.class,
                () -> store.upload(file("a.jpg", 10), new OssLocation("no-such-bucket", "a.jpg")));
        assertEquals("NoSuchBucket", noBucket.error().code());
        assertTrue(noBucket.getMessage().contains("mediagate.oss.bucket"), noBucket.getMessage());

        JobFailure noKey = assertThrows(JobFailure.class,
                () -> store.download(new OssLocation(Sandbox.OSS_BUCKET, "nothing/here.mp4"), dir.resolve("x")));
        assertEquals("NoSuchKey", noKey.error().code());
        assertTrue(!Files.exists(dir.resolve("x")), "no partial file is left behind");
    }

    @Test
    void deleteRemovesTheObjectAndIsQuietWhenItIsGone() throws Exception {
        OssLocation target = store.stagingLocation("job-5", "a.jpg");
        store.upload(file("a.jpg", 10), target);
        store.delete(target);
        assertTrue(buckets().get(Sandbox.OSS_BUCKET, target.key()).isEmpty());
        store.delete(target);
        assertEquals(2, sandbox.control().calls(OssEmulator.VENDOR, "DeleteObject"));
    }

    @Test
    void expiredGatewayObjectsAreListedAndDeletedPageByPageAndNothingElse() throws Exception {
        Path file = file("a.jpg", 10);
        // more than one listing page of old staged inputs, an old output, a user's own object beside the prefix
        for (int i = 0; i < 1003; i++) {
            buckets().put(Sandbox.OSS_BUCKET, store.stagingLocation("old-" + i, "a.jpg").key(), new byte[1], "image/jpeg");
        }
        store.upload(file, new OssLocation(Sandbox.OSS_BUCKET, store.outputFolder("old-job").key() + "cover.jpg"));
        store.upload(file, new OssLocation(Sandbox.OSS_BUCKET, "users-own/a.jpg"));
        clock.advance(java.time.Duration.ofMinutes(1));
        Instant cutoff = clock.instant();
        clock.advance(java.time.Duration.ofMinutes(1));
        OssLocation young = store.stagingLocation("running-job", "a.jpg");
        store.upload(file, young);

        assertEquals(1004, store.removeGatewayObjectsBefore(cutoff));
        assertEquals(java.util.List.of(young.key()), buckets().keys(Sandbox.OSS_BUCKET, store.config().prefix()));
        assertTrue(buckets().get(Sandbox.OSS_BUCKET, "users-own/a.jpg").isPresent(), "not the gateway's: kept");
    }

    @Test
    void aClockMoreThanFifteenMinutesOffIsRefusedAndTheErrorSaysSo() throws Exception {
        AlibabaCredentials key = Sandbox.alibabaKey(KEY);
        // an OSS whose clock runs 20 minutes ahead of this machine's
        OssV4Verifier ahead = new OssV4Verifier(Map.of(key.accessKeyId(), new OssV4Verifier.Key(key.accessKeySecret(), null)),
                Sandbox.OSS_REGION, java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(20)));
        io.mediagate.sandbox.SandboxControl control = new io.mediagate.sandbox.SandboxControl();
        try (SandboxServer skewed = new SandboxServer(null, 0, control,
                java.util.List.of(new OssEmulator(ahead, new OssBuckets(Sandbox.OSS_BUCKET), control)), 4).start();
             OssStore client = new OssStore(OssSettings.sandbox(Settings.of(Map.of()), skewed.baseUrl(OssEmulator.VENDOR),
                     Sandbox.OSS_REGION, Sandbox.OSS_BUCKET), () -> key)) {
            JobFailure failure = assertThrows(JobFailure.class, () -> client.upload(file("a.jpg", 10), client.stagingLocation("j", "a.jpg")));
            assertEquals("RequestTimeTooSkewed", failure.error().code());
            assertTrue(failure.getMessage().contains("clock"), failure.getMessage());
        }
    }

    @Test
    void anStsKeyNeedsItsSecurityToken() throws Exception {
        OssV4Verifier sts = new OssV4Verifier(Map.of("STS.id", new OssV4Verifier.Key("s3cret", "token-1")), Sandbox.OSS_REGION,
                java.time.Clock.systemUTC());
        io.mediagate.sandbox.SandboxControl control = new io.mediagate.sandbox.SandboxControl();
        try (SandboxServer server = new SandboxServer(null, 0, control,
                java.util.List.of(new OssEmulator(sts, new OssBuckets(Sandbox.OSS_BUCKET), control)), 4).start()) {
            OssStore.Config config = OssSettings.sandbox(Settings.of(Map.of()), server.baseUrl(OssEmulator.VENDOR),
                    Sandbox.OSS_REGION, Sandbox.OSS_BUCKET);
            try (OssStore withToken = new OssStore(config, () -> new AlibabaCredentials("STS.id", "s3cret", "token-1"));
                 OssStore withoutToken = new OssStore(config, () -> new AlibabaCredentials("STS.id", "s3cret", null))) {
                Path file = file("a.jpg", 10);
                withToken.upload(file, withToken.stagingLocation("j", "a.jpg"));
                JobFailure refused = assertThrows(JobFailure.class, () -> withoutToken.upload(file, withoutToken.stagingLocation("j", "a.jpg")));
                assertEquals("InvalidSecurityToken", refused.error().code());
                assertEquals(JobError.Kind.auth, refused.error().kind());
            }
        }
    }
}
