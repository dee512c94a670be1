package io.mediagate.vendor;

/**
 * A file a vendor produced, to download and deliver beside the envelope.
 *
 * @param location {@code oss://bucket/key}, an OSS object URL, or any http(s) URL
 * @param name     the file name to deliver it under
 */
public record RemoteFile(String location, String name) {
}
