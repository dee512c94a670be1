package io.mediagate.media.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.ClientException;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.OSSException;
import com.aliyun.oss.common.auth.Credentials;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentials;
import com.aliyun.oss.common.comm.SignVersion;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.UploadPartRequest;
import io.mediagate.auth.AlibabaCredentials;
import io.mediagate.job.JobError;
import io.mediagate.job.JobFailure;
import io.mediagate.media.MediaTypes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;

/**
 * The gateway's use of OSS, through Alibaba's own OSS SDK: upload local media (multipart above a size), presign a
 * GET URL with a bounded expiry, download outputs, delete what the gateway put there. Requests are signed with
 * OSS V4 ({@code OSS4-HMAC-SHA256}), which needs the bucket's region. OSS errors become job errors that say
 * which setting or permission to check.
 */
public final class OssStore implements AutoCloseable {

    /** How the store is set up; see {@link OssSettings}. */
    public record Config(String endpoint, String region, String bucket, String prefix, boolean pathStyle,
                         long multipartThreshold, long partSize, Duration urlExpiry, boolean keepStaged) {
    }

    private final Config config;
    private final OSS client;

    public OssStore(Config config, Supplier<AlibabaCredentials> credentials) {
        this.config = config;
        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setSignatureVersion(SignVersion.V4);
        // path-style addressing (endpoint/bucket/key) for endpoints that are not OSS's own host names (the sandbox)
        conf.setSLDEnabled(config.pathStyle());
        conf.setConnectionTimeout(10_000);
        conf.setSocketTimeout(120_000);
        // the SDK retries network failures and 5xx itself, with backoff
        conf.setMaxErrorRetry(3);
        this.client = OSSClientBuilder.create()
                .endpoint(config.endpoint())
                .region(config.region())
                .credentialsProvider(new ChainProvider(credentials))
                .clientConfiguration(conf)
                .build();
    }

    public Config config() {
        return config;
    }

    /** Where the gateway stages the input of one job: {@code <prefix><jobId>/<name>}. */
    public OssLocation stagingLocation(String jobId, String name) {
        return new OssLocation(config.bucket(), config.prefix() + "staging/" + jobId + "/" + name.replace('\\', '/'));
    }

    /** Where ICE writes a job's outputs when no Output is configured: {@code <prefix>outputs/<jobId>/}. */
    public OssLocation outputFolder(String jobId) {
        return new OssLocation(config.bucket(), config.prefix() + "outputs/" + jobId + "/");
    }

    /** True for objects the gateway itself put in OSS (staged inputs, default output folders). */
    public boolean isGatewayObject(OssLocation location) {
        return location.bucket().equals(config.bucket()) && location.key().startsWith(config.prefix());
    }

    /** Uploads a local file; files above the multipart threshold go up in parts (a failed upload is aborted). */
    public void upload(Path file, OssLocation target) {
        ObjectMetadata metadata = new ObjectMetadata();
        metadata.setContentType(MediaTypes.mimeType(MediaTypes.extension(file.getFileName().toString())));
        try {
            // never through a link: one in the work area could lead out of the data folder (the SDK reopens the file
            // by its path to retry, so a link is refused here; the parts of a large file are opened without following)
            java.nio.file.attribute.BasicFileAttributes attributes =
                    Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                throw new IOException(file.getFileName() + " is not a plain file (a symbolic link?): not read through");
            }
            long size = attributes.size();
            metadata.setContentLength(size);
            if (size <= config.multipartThreshold()) {
                client.putObject(target.bucket(), target.key(), file.toFile(), metadata);
            } else {
                uploadInParts(file, size, target, metadata);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (OSSException | ClientException e) {
            throw failure("upload " + file.getFileName() + " to " + target, e);
        }
    }

    private void uploadInParts(Path file, long size, OssLocation target, ObjectMetadata metadata) throws IOException {
        String uploadId = client.initiateMultipartUpload(
                new InitiateMultipartUploadRequest(target.bucket(), target.key(), metadata)).getUploadId();
        try {
            List<PartETag> parts = new ArrayList<>();
            long offset = 0;
            for (int number = 1; offset < size; number++) {
                long length = Math.min(config.partSize(), size - offset);
                try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                    in.skipNBytes(offset);
                    UploadPartRequest part = new UploadPartRequest(target.bucket(), target.key(), uploadId, number, in, length);
                    parts.add(client.uploadPart(part).getPartETag());
                }
                offset += length;
            }
            client.completeMultipartUpload(new CompleteMultipartUploadRequest(target.bucket(), target.key(), uploadId, parts));
        } catch (IOException | RuntimeException e) {
            try {
                // parts of an unfinished upload are billed storage until aborted
                client.abortMultipartUpload(new AbortMultipartUploadRequest(target.bucket(), target.key(), uploadId));
            } catch (RuntimeException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    /** A GET URL for the object that works without credentials until it expires ({@code mediagate.oss.url-expiry}). */
    public URL presign(OssLocation location) {
        try {
            return client.generatePresignedUrl(location.bucket(), location.key(),
                    new Date(System.currentTimeMillis() + config.urlExpiry().toMillis()));
        } catch (ClientException e) {
            throw failure("sign a download URL for " + location, e);
        }
    }

    /** A presigned GET URL for an {@code oss://bucket/key} path (or OSS object URL); a job input error for anything else. */
    public String presign(String ossPath) {
        OssLocation location = OssLocation.parse(ossPath).orElseThrow(() ->
                JobFailure.input("not an OSS path: " + ossPath + " (write oss://bucket/key)"));
        return presign(location).toString();
    }

    /** Downloads the object to {@code target} (through a temp file beside it, so a partial download is never seen). */
    public long download(OssLocation location, Path target) {
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            client.getObject(new GetObjectRequest(location.bucket(), location.key()), temp.toFile());
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } catch (OSSException | ClientException e) {
            throw failure("download " + location, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // only a leftover temp file in the job's own folder, removed with it
            }
        }
    }

    /** Deletes an object; deleting one that is already gone is not an error (OSS answers 204 either way). */
    public void delete(OssLocation location) {
        try {
            client.deleteObject(location.bucket(), location.key());
        } catch (OSSException | ClientException e) {
            throw failure("delete " + location, e);
        }
    }

    /**
     * Deletes what the gateway put in OSS ({@code <prefix>staging/}, {@code <prefix>outputs/}) longer ago than
     * {@code cutoff}: what a gateway stopped mid-job left behind (a job that ends deletes its own).
     *
     * @return how many objects were deleted
     */
    public int removeGatewayObjectsBefore(java.time.Instant cutoff) {
        int removed = 0;
        for (String folder : List.of("staging/", "outputs/")) {
            String marker = null;
            try {
                com.aliyun.oss.model.ObjectListing page;
                do {
                    page = client.listObjects(new com.aliyun.oss.model.ListObjectsRequest(config.bucket(), config.prefix() + folder,
                            marker, null, 1000));
                    for (com.aliyun.oss.model.OSSObjectSummary object : page.getObjectSummaries()) {
                        if (object.getLastModified().toInstant().isBefore(cutoff)) {
                            client.deleteObject(config.bucket(), object.getKey());
                            removed++;
                        }
                    }
                    marker = page.getNextMarker();
                } while (page.isTruncated());
            } catch (OSSException | ClientException e) {
                throw failure("list or delete the expired objects under " + config.bucket() + "/" + config.prefix() + folder, e);
            }
        }
        return removed;
    }

    /**
     * Reads an object that does not exist ({@code <prefix>.mediagate-probe}): free, nothing is written, and OSS's
     * {@code NoSuchKey} proves that endpoint, bucket, credentials and V4 signature are accepted. A GET rather than a
     * HEAD because a HEAD answer carries no error body, so a wrong secret could not be told from a missing bucket.
     *
     * @return what OSS answered
     * @throws JobFailure when OSS refused (wrong key or secret, no such bucket, no permission, unreachable)
     */
    public String probe() {
        String key = config.prefix() + ".mediagate-probe";
        try (com.aliyun.oss.model.OSSObject found = client.getObject(config.bucket(), key)) {
            return "200: the object " + key + " exists";
        } catch (OSSException e) {
            if ("NoSuchKey".equals(e.getErrorCode())) {
                return "404 NoSuchKey for " + key + " (RequestId " + e.getRequestId() + ")";
            }
            throw failure("read " + config.bucket() + "/" + key, e);
        } catch (ClientException e) {
            throw failure("read " + config.bucket() + "/" + key, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }

    /** An OSS error as the job error a person can act on. */
    JobFailure failure(String what, RuntimeException e) {
        if (e instanceof OSSException oss) {
            String code = oss.getErrorCode();
            String said = "OSS refused to " + what + ": " + code + " — " + oss.getErrorMessage()
                    + (oss.getRequestId() == null ? "" : " (RequestId " + oss.getRequestId() + ")");
            return switch (code == null ? "" : code) {
                case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurityToken", "SecurityTokenExpired" ->
                        new JobFailure(new JobError(JobError.Kind.auth, code, null, said
                                + ". Check the Alibaba Cloud AccessKey (ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET,"
                                + " ALIBABA_CLOUD_SECURITY_TOKEN for STS, or the CLI profile)", false));
                case "AccessDenied" -> new JobFailure(new JobError(JobError.Kind.auth, code, null, said
                        + ". The RAM user or role needs oss:PutObject, oss:GetObject and oss:DeleteObject on acs:oss:*:*:"
                        + config.bucket() + "/" + config.prefix() + "* (and oss:GetObject on ICE's output location)", false));
                case "RequestTimeTooSkewed" -> new JobFailure(new JobError(JobError.Kind.auth, code, null, said
                        + ". This machine's clock is more than 15 minutes off; synchronise it (NTP)", false));
                case "NoSuchBucket" -> new JobFailure(new JobError(JobError.Kind.input, code, null, said
                        + ". Check mediagate.oss.bucket and mediagate.oss.region (" + config.region() + ")", false));
                // OSS's 5xx codes: worth another attempt later
                case "InternalError", "ServiceUnavailable", "RequestTimeout" ->
                        new JobFailure(new JobError(JobError.Kind.vendor, code, null, said, true));
                default -> new JobFailure(new JobError(JobError.Kind.vendor, code, null, said, false));
            };
        }
        return new JobFailure(new JobError(JobError.Kind.vendor, "OssUnreachable", null,
                "could not " + what + " (" + config.endpoint() + "): " + e.getMessage()
                        + " — the SDK retried " + 3 + " times; check the network and mediagate.oss.endpoint", true));
    }

    /** Hands the SDK the current credentials of the gateway's chain (STS tokens are refreshed there). */
    private static final class ChainProvider implements CredentialsProvider {
        private final Supplier<AlibabaCredentials> chain;

        ChainProvider(Supplier<AlibabaCredentials> chain) {
            this.chain = chain;
        }

        @Override
        public void setCredentials(Credentials creds) {
            throw new UnsupportedOperationException("credentials come from the Alibaba credential chain");
        }

        @Override
        public Credentials getCredentials() {
            AlibabaCredentials c = chain.get();
            return new DefaultCredentials(c.accessKeyId(), c.accessKeySecret(), c.securityToken());
        }
    }
}
