package io.mediagate.sandbox.oss;

import com.aliyun.oss.common.utils.CRC64;
import io.mediagate.auth.Digests;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sandbox's OSS storage, in memory: buckets of objects and unfinished multipart uploads. The OSS emulator
 * serves it over HTTP; the ICE and Bailian emulators read inputs from it and ICE writes its outputs into it,
 * as the real services do with the user's buckets.
 */
public final class OssBuckets {

    /** One stored object with the metadata OSS reports for it. */
    public record StoredObject(byte[] content, String contentType, String etag, Instant lastModified) {
        public String crc64() {
            CRC64 crc = new CRC64();
            crc.update(content, content.length);
            return Long.toUnsignedString(crc.getValue());
        }
    }

    record Upload(String bucket, String key, String contentType, Map<Integer, byte[]> parts) {
    }

    private final Map<String, ConcurrentSkipListMap<String, StoredObject>> buckets = new ConcurrentHashMap<>();
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private final java.time.Clock clock;

    public OssBuckets(String... bucketNames) {
        this(java.time.Clock.systemUTC(), bucketNames);
    }

    /** @param clock when objects are stored (their LastModified), the sandbox's own clock */
    public OssBuckets(java.time.Clock clock, String... bucketNames) {
        this.clock = clock;
        for (String bucket : bucketNames) {
            buckets.put(bucket, new ConcurrentSkipListMap<>());
        }
    }

    public boolean hasBucket(String bucket) {
        return buckets.containsKey(bucket);
    }

    public StoredObject put(String bucket, String key, byte[] content, String contentType) {
        StoredObject object = new StoredObject(content, contentType == null ? "application/octet-stream" : contentType,
                '"' + HexFormat.of().withUpperCase().formatHex(Digests.md5(content)) + '"', clock.instant());
        buckets.get(bucket).put(key, object);
        return object;
    }

    public Optional<StoredObject> get(String bucket, String key) {
        Map<String, StoredObject> objects = buckets.get(bucket);
        return Optional.ofNullable(objects == null ? null : objects.get(key));
    }

    public void delete(String bucket, String key) {
        Map<String, StoredObject> objects = buckets.get(bucket);
        if (objects != null) {
            objects.remove(key);
        }
    }

    /** The keys below {@code prefix}, sorted (what a test checks after cleanup). */
    public List<String> keys(String bucket, String prefix) {
        ConcurrentSkipListMap<String, StoredObject> objects = buckets.get(bucket);
        return objects == null ? List.of() : objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    /** The objects below {@code prefix} after {@code marker}, in key order (a bucket listing's page). */
    public List<Map.Entry<String, StoredObject>> list(String bucket, String prefix, String marker) {
        ConcurrentSkipListMap<String, StoredObject> objects = buckets.get(bucket);
        return objects == null ? List.of() : objects.tailMap(marker == null ? "" : marker, false).entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix)).toList();
    }

    /** Multipart uploads not completed nor aborted yet. */
    public int openUploads() {
        return uploads.size();
    }

    String initiate(String bucket, String key, String contentType) {
        String id = UUID.randomUUID().toString().replace("-", "").toUpperCase();
        uploads.put(id, new Upload(bucket, key, contentType, new ConcurrentHashMap<>()));
        return id;
    }

    Optional<Upload> upload(String uploadId, String bucket, String key) {
        Upload upload = uploads.get(uploadId);
        return upload != null && upload.bucket().equals(bucket) && upload.key().equals(key) ? Optional.of(upload) : Optional.empty();
    }

    static String partEtag(byte[] content) {
        return '"' + HexFormat.of().withUpperCase().formatHex(Digests.md5(content)) + '"';
    }

    /** Joins the listed parts (number → ETag) into the object; the ETag is OSS's {@code "<md5 of md5s>-<count>"}. */
    StoredObject complete(String uploadId, TreeMap<Integer, String> listed) {
        Upload upload = uploads.remove(uploadId);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        for (Map.Entry<Integer, String> part : listed.entrySet()) {
            byte[] content = upload.parts().get(part.getKey());
            joined.writeBytes(content);
            digests.writeBytes(Digests.md5(content));
        }
        StoredObject object = new StoredObject(joined.toByteArray(), upload.contentType(),
                '"' + HexFormat.of().withUpperCase().formatHex(Digests.md5(digests.toByteArray())) + "-" + listed.size() + '"', Instant.now());
        buckets.get(upload.bucket()).put(upload.key(), object);
        return object;
    }

    void abort(String uploadId) {
        uploads.remove(uploadId);
    }

}
