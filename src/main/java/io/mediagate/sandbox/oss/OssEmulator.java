package io.mediagate.sandbox.oss;

import io.mediagate.auth.Acs3Signer;
import io.mediagate.auth.Digests;
import io.mediagate.sandbox.SandboxControl;
import io.mediagate.sandbox.SandboxRequest;
import io.mediagate.sandbox.SandboxResponse;
import io.mediagate.sandbox.VendorEmulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OSS as the sandbox plays it, path-style ({@code /oss/<bucket>/<key>}, or {@code /<bucket>/<key>} at the root, or
 * {@code /<key>} with {@code Host: <bucket>.<endpoint>}: the emulator always sees {@code /<bucket>/<key>}): PutObject, GetObject, HeadObject,
 * DeleteObject and the multipart calls (InitiateMultipartUpload, UploadPart, CompleteMultipartUpload,
 * AbortMultipartUpload), each behind the V4 signature check ({@link OssV4Verifier}) or a presigned URL, with
 * OSS's XML error bodies ({@code NoSuchBucket}, {@code NoSuchKey}, {@code NoSuchUpload}, {@code EntityTooSmall},
 * {@code InvalidPart}, {@code InvalidDigest}, …), ETags and CRC64 headers the SDK checks, and the sandbox's
 * fault injection and call counts.
 */
public final class OssEmulator implements VendorEmulator {

    public static final String VENDOR = "oss";
    /** The region the sandbox's OSS signs for and names in its object URLs. */
    public static final String REGION = "cn-sandbox";
    /** OSS refuses parts below 100 KB, except the last. */
    static final int MIN_PART_BYTES = 100 * 1024;
    private static final Pattern PART = Pattern.compile(
            "<Part>\\s*<PartNumber>(\\d+)</PartNumber>\\s*<ETag>([^<]*)</ETag>\\s*</Part>");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final OssV4Verifier verifier;
    private final OssBuckets buckets;
    private final SandboxControl control;

    public OssEmulator(OssV4Verifier verifier, OssBuckets buckets, SandboxControl control) {
        this.verifier = verifier;
        this.buckets = buckets;
        this.control = control;
    }

    @Override
    public String vendor() {
        return VENDOR;
    }

    public OssBuckets buckets() {
        return buckets;
    }

    @Override
    public SandboxResponse handle(SandboxRequest request) {
        String resourcePath = URLDecoder.decode(request.path().replace("+", "%2B"), StandardCharsets.UTF_8);
        Map<String, String> query = Acs3Signer.queryParameters(request.rawQuery());
        String action = action(request.method(), query);
        SandboxResponse response = answer(request, resourcePath, query, action);
        control.record(VENDOR, action, response.status());
        return response;
    }

    private SandboxResponse answer(SandboxRequest request, String resourcePath, Map<String, String> query, String action) {
        SandboxResponse refused = verifier.verify(request, resourcePath);
        if (refused != null) {
            return refused;
        }
        switch (control.beforeCall(VENDOR, action)) {
            case THROTTLE -> {
                return OssErrors.error(503, "ServiceUnavailable", "Please reduce your request rate.");
            }
            case SERVER_ERROR -> {
                return OssErrors.error(500, "InternalError", "We encountered an internal error. Please try again.");
            }
            default -> { }
        }
        int slash = resourcePath.indexOf('/', 1);
        String bucket = slash < 0 ? resourcePath.substring(1) : resourcePath.substring(1, slash);
        String key = slash < 0 ? "" : resourcePath.substring(slash + 1);
        if (!buckets.hasBucket(bucket)) {
            return OssErrors.error(404, "NoSuchBucket", "The specified bucket does not exist.");
        }
        if (key.isEmpty()) {
            return action.equals("GetObject") ? listObjects(bucket, query)
                    : OssErrors.error(400, "InvalidArgument", "The sandbox's OSS serves object requests and listings only.");
        }
        if (request.bodyTooLarge()) {
            return OssErrors.error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size"
                    + " (the sandbox reads at most 16 MB per request: upload larger files in parts).");
        }
        return switch (action) {
            case "PutObject" -> putObject(request, bucket, key);
            case "GetObject", "HeadObject" -> getObject(bucket, key, action.equals("HeadObject"));
            case "DeleteObject" -> {
                buckets.delete(bucket, key);
                yield OssErrors.empty(204);
            }
            case "InitiateMultipartUpload" -> OssErrors.xml(200, "<InitiateMultipartUploadResult>\n  <Bucket>" + OssErrors.escape(bucket)
                    + "</Bucket>\n  <Key>" + OssErrors.escape(key) + "</Key>\n  <UploadId>"
                    + buckets.initiate(bucket, key, request.header("Content-Type")) + "</UploadId>\n</InitiateMultipartUploadResult>\n");
            case "UploadPart" -> uploadPart(request, bucket, key, query);
            case "CompleteMultipartUpload" -> complete(request, bucket, key, query.get("uploadId"));
            case "AbortMultipartUpload" -> buckets.upload(query.get("uploadId"), bucket, key).map(u -> {
                buckets.abort(query.get("uploadId"));
                return OssErrors.empty(204);
            }).orElseGet(OssEmulator::noSuchUpload);
            default -> OssErrors.error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        };
    }

    private static String action(String method, Map<String, String> query) {
        return switch (method) {
            case "PUT" -> query.containsKey("partNumber") ? "UploadPart" : "PutObject";
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> query.containsKey("uploadId") ? "AbortMultipartUpload" : "DeleteObject";
            case "POST" -> query.containsKey("uploads") ? "InitiateMultipartUpload"
                    : query.containsKey("uploadId") ? "CompleteMultipartUpload" : "PostObject";
            default -> method;
        };
    }

    /**
     * ListObjects (https://help.aliyun.com/zh/oss/developer-reference/listobjects): {@code GET /<bucket>/?prefix=&marker=
     * &max-keys=}, a page of keys in order with their LastModified, {@code IsTruncated} and {@code NextMarker}.
     */
    /** OSS writes times in listings with milliseconds, always three digits (its SDK reads no other form). */
    private static final java.time.format.DateTimeFormatter LAST_MODIFIED =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private SandboxResponse listObjects(String bucket, Map<String, String> query) {
        String prefix = query.getOrDefault("prefix", "");
        int maxKeys = Integer.parseInt(query.getOrDefault("max-keys", "100"));
        List<Map.Entry<String, OssBuckets.StoredObject>> found = buckets.list(bucket, prefix, query.get("marker"));
        List<Map.Entry<String, OssBuckets.StoredObject>> page = found.subList(0, Math.min(maxKeys, found.size()));
        boolean truncated = found.size() > page.size();
        StringBuilder xml = new StringBuilder("<ListBucketResult>\n  <Name>").append(OssErrors.escape(bucket))
                .append("</Name>\n  <Prefix>").append(OssErrors.escape(prefix)).append("</Prefix>\n  <Marker>")
                .append(OssErrors.escape(query.getOrDefault("marker", ""))).append("</Marker>\n  <MaxKeys>").append(maxKeys)
                .append("</MaxKeys>\n  <Delimiter></Delimiter>\n  <IsTruncated>").append(truncated).append("</IsTruncated>\n");
        if (truncated) {
            xml.append("  <NextMarker>").append(OssErrors.escape(page.get(page.size() - 1).getKey())).append("</NextMarker>\n");
        }
        for (Map.Entry<String, OssBuckets.StoredObject> object : page) {
            xml.append("  <Contents>\n    <Key>").append(OssErrors.escape(object.getKey())).append("</Key>\n    <LastModified>")
                    .append(LAST_MODIFIED.format(object.getValue().lastModified()))
                    .append("</LastModified>\n    <ETag>").append(OssErrors.escape(object.getValue().etag()))
                    .append("</ETag>\n    <Type>Normal</Type>\n    <Size>").append(object.getValue().content().length)
                    .append("</Size>\n    <StorageClass>Standard</StorageClass>\n"
                            + "    <Owner>\n      <ID>sandbox</ID>\n      <DisplayName>sandbox</DisplayName>\n    </Owner>\n  </Contents>\n");
        }
        return OssErrors.xml(200, xml.append("</ListBucketResult>\n").toString());
    }

    private SandboxResponse putObject(SandboxRequest request, String bucket, String key) {
        SandboxResponse badDigest = checkDigest(request);
        if (badDigest != null) {
            return badDigest;
        }
        OssBuckets.StoredObject stored = buckets.put(bucket, key, request.body(), request.header("Content-Type"));
        return OssErrors.empty(200).withHeader("ETag", stored.etag()).withHeader("x-oss-hash-crc64ecma", stored.crc64());
    }

    private SandboxResponse getObject(String bucket, String key, boolean headOnly) {
        Optional<OssBuckets.StoredObject> found = buckets.get(bucket, key);
        if (found.isEmpty()) {
            return headOnly ? OssErrors.empty(404) : OssErrors.error(404, "NoSuchKey", "The specified key does not exist.");
        }
        OssBuckets.StoredObject object = found.get();
        SandboxResponse response = new SandboxResponse(200, Map.of(), headOnly ? new byte[0] : object.content())
                .withHeader("Content-Type", object.contentType())
                .withHeader("ETag", object.etag())
                .withHeader("Last-Modified", HTTP_DATE.format(object.lastModified()))
                .withHeader("x-oss-hash-crc64ecma", object.crc64())
                .withHeader("x-oss-object-type", object.etag().contains("-") ? "Multipart" : "Normal");
        return headOnly ? response.withHeader("x-oss-meta-length", String.valueOf(object.content().length)) : response;
    }

    private SandboxResponse uploadPart(SandboxRequest request, String bucket, String key, Map<String, String> query) {
        if (buckets.upload(query.get("uploadId"), bucket, key).isEmpty()) {
            return noSuchUpload();
        }
        int number;
        try {
            number = Integer.parseInt(query.get("partNumber"));
        } catch (NumberFormatException e) {
            number = 0;
        }
        if (number < 1 || number > 10_000) {
            return OssErrors.error(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive.");
        }
        SandboxResponse badDigest = checkDigest(request);
        if (badDigest != null) {
            return badDigest;
        }
        buckets.upload(query.get("uploadId"), bucket, key).orElseThrow().parts().put(number, request.body());
        OssBuckets.StoredObject asObject = new OssBuckets.StoredObject(request.body(), null, OssBuckets.partEtag(request.body()), null);
        return OssErrors.empty(200).withHeader("ETag", asObject.etag()).withHeader("x-oss-hash-crc64ecma", asObject.crc64());
    }

    private SandboxResponse complete(SandboxRequest request, String bucket, String key, String uploadId) {
        Optional<OssBuckets.Upload> found = buckets.upload(uploadId, bucket, key);
        if (found.isEmpty()) {
            return noSuchUpload();
        }
        TreeMap<Integer, String> listed = new TreeMap<>();
        Matcher m = PART.matcher(request.bodyText());
        int previous = 0;
        while (m.find()) {
            int number = Integer.parseInt(m.group(1));
            if (number <= previous) {
                return OssErrors.error(400, "InvalidPartOrder", "The list of parts was not in ascending order. Parts must be ordered by part number.");
            }
            previous = number;
            listed.put(number, m.group(2).replace("&quot;", "\""));
        }
        if (listed.isEmpty()) {
            return OssErrors.error(400, "MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");
        }
        Map<Integer, byte[]> parts = found.get().parts();
        for (Map.Entry<Integer, String> part : listed.entrySet()) {
            byte[] content = parts.get(part.getKey());
            if (content == null || !OssBuckets.partEtag(content).equalsIgnoreCase(quoted(part.getValue()))) {
                return OssErrors.error(400, "InvalidPart", "One or more of the specified parts could not be found or the specified"
                        + " entity tag might not have matched the part's entity tag.");
            }
            if (content.length < MIN_PART_BYTES && !part.getKey().equals(listed.lastKey())) {
                return OssErrors.error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.");
            }
        }
        OssBuckets.StoredObject stored = buckets.complete(uploadId, listed);
        control.countEvent(VENDOR, "multipart-uploads-completed");
        return OssErrors.xml(200, "<CompleteMultipartUploadResult>\n  <Location>http://" + OssErrors.escape(bucket)
                        + ".oss-sandbox.aliyuncs.com/" + OssErrors.escape(key) + "</Location>\n  <Bucket>" + OssErrors.escape(bucket)
                        + "</Bucket>\n  <Key>" + OssErrors.escape(key) + "</Key>\n  <ETag>" + OssErrors.escape(stored.etag())
                        + "</ETag>\n</CompleteMultipartUploadResult>\n")
                .withHeader("x-oss-hash-crc64ecma", stored.crc64());
    }

    private static String quoted(String etag) {
        return etag.startsWith("\"") ? etag : '"' + etag + '"';
    }

    private static SandboxResponse checkDigest(SandboxRequest request) {
        String md5 = request.header("Content-MD5");
        if (md5 == null) {
            return null;
        }
        try {
            byte[] actual = Digests.md5(request.body());
            if (!MessageDigest.isEqual(actual, Base64.getDecoder().decode(md5.trim()))) {
                return OssErrors.error(400, "InvalidDigest", "The Content-MD5 you specified did not match what we received.");
            }
            return null;
        } catch (IllegalArgumentException e) {
            return OssErrors.error(400, "InvalidDigest", "The Content-MD5 you specified is not valid.");
        }
    }

    private static SandboxResponse noSuchUpload() {
        return OssErrors.error(404, "NoSuchUpload", "The specified upload does not exist. The upload ID may be invalid,"
                + " or the upload may have been aborted or completed.");
    }
}
