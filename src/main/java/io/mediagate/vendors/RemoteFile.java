package io.mediagate.vendors;

/**
 * A file a vendor produced, to fetch and deliver beside the envelope.
 *
 * @param location      {@code oss://bucket/key}, an OSS object URL, any http(s) URL, or a {@code data:;base64,…} URI
 *                      for content the vendor returned inline
 * @param name          the file name to deliver it under
 * @param resultPointer where the content sits in the job's result (a JSON pointer), replaced there by a reference
 *                      to the file once written; null when the result does not hold it
 */
public record RemoteFile(String location, String name, String resultPointer) {

    public RemoteFile(String location, String name) {
        this(location, name, null);
    }
}
