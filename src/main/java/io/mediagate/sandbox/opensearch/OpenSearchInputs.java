package io.mediagate.sandbox.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.media.MediaFacts;
import io.mediagate.media.MediaProbe;
import io.mediagate.sandbox.LoopbackFetch;
import io.mediagate.sandbox.opensearch.OpenSearchResults.InvalidParameter;
import io.mediagate.sandbox.opensearch.OpenSearchResults.Media;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What an OpenSearch request sends, read and checked as the service does: its media (inline content, a URL the
 * sandbox downloads, or an OSS path), its output choice, and the facts of the media (image size, duration) the
 * results are computed from.
 */
final class OpenSearchInputs {

    private static final LoopbackFetch DOWNLOADS = new LoopbackFetch();

    private OpenSearchInputs() {
    }

    /** Reads {@code content} (base64 or data URI) or {@code url}/{@code oss} from a media node; one is required. */
    static Media media(JsonNode node, String name, boolean contentAllowed) throws InvalidParameter {
        if (!node.isObject()) {
            throw new InvalidParameter(name + " is required");
        }
        String content = node.path("content").asText("");
        String url = node.path("url").asText("");
        String oss = node.path("oss").asText("");
        if (!content.isEmpty()) {
            if (name.equals("input") && !contentAllowed) {
                throw new InvalidParameter("input.content is not supported by this API; use input.oss or input.url");
            }
            byte[] bytes = OpenSearchEmulator.decodeBase64(content);
            if (bytes.length == 0) {
                throw new InvalidParameter(name + ".content is empty");
            }
            return new Media(bytes, null);
        }
        if (!url.isEmpty()) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new InvalidParameter(name + ".url must be an HTTP or HTTPS URL");
            }
            // the service downloads the URL; the sandbox can for loopback ones (its own OSS, presigned)
            LoopbackFetch.Fetched fetched = DOWNLOADS.fetch(url);
            if (fetched.error() != null) {
                throw new InvalidParameter(name + ".url could not be downloaded: " + fetched.error());
            }
            return new Media(fetched.bytes(), url);
        }
        if (!oss.isEmpty() && !name.equals("image") && !name.equals("document")) {
            if (!oss.startsWith("oss://")) {
                throw new InvalidParameter(name + ".oss must look like oss://bucket/key");
            }
            return new Media(null, oss);
        }
        throw new InvalidParameter(name + ".content or " + name + ".url is required");
    }

    /** Checks {@code output.type} against the allowed values; {@code oss} requires {@code output.oss}. */
    static String output(JsonNode body, Set<String> types, boolean ossIsDefault) throws InvalidParameter {
        JsonNode output = body.path("output");
        String type = output.path("type").asText(ossIsDefault ? "oss" : "text");
        if (!types.contains(type)) {
            throw new InvalidParameter("output.type must be one of " + String.join(", ", types));
        }
        if (type.equals("oss") && !output.path("oss").asText("").startsWith("oss://")) {
            throw new InvalidParameter("output.oss (oss://bucket/path) is required when output.type is oss");
        }
        return type;
    }

    static MediaFacts probeImage(byte[] bytes) throws InvalidParameter {
        try {
            MediaFacts facts = MediaProbe.probe(bytes, sniffImageExtension(bytes));
            if (facts.width() == null) {
                throw new InvalidParameter("the image format is not supported");
            }
            return facts;
        } catch (MediaProbe.UnreadableMediaException | IOException e) {
            throw new InvalidParameter("the image content cannot be decoded: " + e.getMessage());
        }
    }

    private static String sniffImageExtension(byte[] b) {
        if (b.length > 3 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length > 1 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        if (b.length > 3 && ((b[0] == 'I' && b[1] == 'I') || (b[0] == 'M' && b[1] == 'M'))) {
            return "tiff";
        }
        return "jpg";
    }

    static double duration(Media media, String assumedExtension, double fallback) {
        if (media.bytes() == null) {
            return fallback;
        }
        String ext = media.bytes().length > 8 && new String(media.bytes(), 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")
                ? "mp4" : media.bytes().length > 4 && new String(media.bytes(), 0, 4, StandardCharsets.ISO_8859_1).equals("RIFF")
                ? "wav" : assumedExtension;
        try {
            MediaFacts facts = MediaProbe.probe(media.bytes(), ext);
            return facts.durationSeconds() != null && facts.durationSeconds() > 0 ? facts.durationSeconds() : fallback;
        } catch (MediaProbe.UnreadableMediaException | IOException e) {
            return fallback;
        }
    }
}
