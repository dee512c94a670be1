package io.mediagate.sandbox.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.media.MediaFacts;
import io.mediagate.media.MediaProbe;
import io.mediagate.sandbox.LoopbackFetch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;

/**
 * Checks an OpenSearch request body the way the service does (InvalidParameter otherwise) and computes the
 * result from the media sent: real image size for detections and image analysis, real durations for audio
 * and video where the container tells them, and values derived from a hash of the input everywhere else,
 * so that the same input always gives the same answer.
 */
final class OpenSearchResults {

    private static final Set<String> DOCUMENT_TYPES = Set.of("jpg", "jpeg", "png", "bmp", "tiff");
    private static final LoopbackFetch DOWNLOADS = new LoopbackFetch();

    static final class InvalidParameter extends Exception {
        InvalidParameter(String message) {
            super(message);
        }
    }

    /** @param media what the result was computed from (the crash tests tell jobs apart by it) */
    record Computed(JsonNode data, JsonNode usage, Media media) {
    }

    /** What was sent: bytes (inline content) or a remote reference. */
    record Media(byte[] bytes, String reference) {
        byte[] seed() {
            return bytes != null ? bytes : reference.getBytes(StandardCharsets.UTF_8);
        }

        /** SHA-256 (hex) of the bytes sent, or of the reference: the same for every submit of one input. */
        String digest() {
            return java.util.HexFormat.of().formatHex(io.mediagate.auth.Digests.sha256(seed()));
        }
    }

    private OpenSearchResults() {
    }

    static Computed compute(String segment, String serviceId, JsonNode body) throws InvalidParameter {
        return switch (segment) {
            case "image-object-detection" -> detection(serviceId, body);
            case "image-analyze" -> imageAnalysis(serviceId, body);
            case "video-snapshot" -> snapshot(body);
            case "video-segmentation" -> segmentation(body);
            case "video-summarization" -> summarization(body);
            case "audio-asr" -> asr(body);
            default -> throw new InvalidParameter("unknown API " + segment);
        };
    }

    private static Computed detection(String serviceId, JsonNode body) throws InvalidParameter {
        JsonNode image = body.path("image");
        Media media = media(image, "image", false);
        int width = 1000;
        int height = 1400;
        if (media.bytes() != null) {
            MediaFacts facts = probeImage(media.bytes());
            width = facts.width();
            height = facts.height();
        }
        long h = hash(media.seed());
        boolean faces = serviceId.contains("face");
        int count = 1 + (int) (h % 3);
        ArrayNode objects = Json.MAPPER.createArrayNode();
        for (int i = 0; i < count; i++) {
            long k = Long.rotateLeft(h, 13 * (i + 1));
            int w = Math.max(1, (int) (width * (0.2 + (Math.floorMod(k, 40)) / 100.0)));
            int ht = Math.max(1, (int) (height * (0.2 + (Math.floorMod(k >> 8, 40)) / 100.0)));
            int x = Math.floorMod(k >> 16, Math.max(1, width - w + 1));
            int y = Math.floorMod(k >> 24, Math.max(1, height - ht + 1));
            ObjectNode object = objects.addObject();
            object.put("confidence", 50 + Math.floorMod(k >> 32, 5000) / 100.0);
            if (faces) {
                object.put("label", "face");
            }
            ObjectNode location = object.putObject("location");
            // upper-case X/Y, lower-case width/height, as the service spells them (vendor-contracts §5.4)
            location.put("X", x);
            location.put("Y", y);
            location.put("width", w);
            location.put("height", ht);
        }
        ObjectNode result = Json.object();
        result.set("objects", objects);
        return new Computed(result, Json.object().put("image", 1), media);
    }

    private static Computed imageAnalysis(String serviceId, JsonNode body) throws InvalidParameter {
        JsonNode document = body.path("document");
        String fileType = document.path("file_type").asText("");
        if (!fileType.isEmpty() && !DOCUMENT_TYPES.contains(fileType)) {
            throw new InvalidParameter("document.file_type must be one of jpg, jpeg, png, bmp, tiff");
        }
        Media media = media(document, "document", false);
        if (media.bytes() != null && document.path("file_name").asText("").isEmpty() && document.path("url").isMissingNode()) {
            throw new InvalidParameter("document.file_name is required when document.url is blank");
        }
        String description;
        if (media.bytes() != null) {
            MediaFacts facts = probeImage(media.bytes());
            description = String.format("a %dx%d %s image of %d bytes", facts.width(), facts.height(), facts.format(),
                    media.bytes().length);
        } else {
            description = "the image at " + media.reference();
        }
        boolean ocr = serviceId.contains("ocr");
        String content = ocr
                ? "Sandbox OCR text " + Long.toHexString(hash(media.seed())) + " read from " + description + "."
                : "# Image analysis\n\nThe sandbox looked at " + description + ". Fingerprint "
                + Long.toHexString(hash(media.seed())) + ".";
        ObjectNode data = Json.object();
        data.put("content", content);
        data.put("content_type", ocr ? "text" : "markdown");
        data.put("page_num", 1);
        ObjectNode usage = Json.object().put("pv_count", 1).put("token_count", content.length() / 4 + 1);
        return new Computed(data, usage, media);
    }

    private static Computed snapshot(JsonNode body) throws InvalidParameter {
        JsonNode input = body.path("input");
        Media media = media(input, "input", true);
        String outputType = output(body, Set.of("oss", "base64"), true);
        JsonNode parameters = body.path("parameters");
        int interval = parameters.path("interval").asInt(1);
        if (interval < 1) {
            throw new InvalidParameter("parameters.interval must be a positive number of seconds");
        }
        String format = parameters.path("format").asText("jpg");
        if (!format.equals("jpg") && !format.equals("png")) {
            throw new InvalidParameter("parameters.format must be jpg or png");
        }
        double duration = duration(media, "mp4", 10.0);
        ArrayNode frames = Json.MAPPER.createArrayNode();
        String base = outputType.equals("oss") ? body.path("output").path("oss").asText().replaceAll("/+$", "") : "base64";
        int index = 0;
        for (double t = 0; t < duration && index < 1000; t += interval, index++) {
            ObjectNode frame = frames.addObject();
            frame.put("frame_index", index);
            frame.put("frame_time", Math.round(t * 1000));
            frame.put("path", base + "/frame_" + String.format("%05d", index) + "." + format);
        }
        return new Computed(frames, Json.object().put("image_count", frames.size()), media);
    }

    private static Computed segmentation(JsonNode body) throws InvalidParameter {
        Media media = media(body.path("input"), "input", false);
        output(body, Set.of("oss"), true);
        double duration = duration(media, "mp4", 60.0);
        ArrayNode chunks = Json.MAPPER.createArrayNode();
        int i = 0;
        for (double start = 0; start < duration; start += 15, i++) {
            ObjectNode chunk = chunks.addObject();
            chunk.put("chunk_index", i);
            chunk.put("start_time", Math.round(start * 1000));
            chunk.put("end_time", Math.round(Math.min(duration, start + 15) * 1000));
            chunk.put("transcript", "sandbox transcript of segment " + i);
            chunk.putArray("snapshots").addObject().put("frame_index", i).put("frame_time", Math.round(start * 1000))
                    .put("path", body.path("output").path("oss").asText() + "/chunk_" + i + ".jpg");
        }
        return new Computed(chunks, Json.object().put("audio_token", (int) duration * 10).put("image_token", chunks.size() * 100), media);
    }

    private static Computed summarization(JsonNode body) throws InvalidParameter {
        Media media = media(body.path("input"), "input", false);
        output(body, Set.of("oss"), true);
        JsonNode parameters = body.path("parameters");
        boolean tags = parameters.path("generate_tags").asBoolean(false);
        long h = hash(media.seed());
        ObjectNode data = Json.object();
        ObjectNode meta = data.putObject("video_metadata");
        meta.put("title", "Sandbox video " + Long.toHexString(h).substring(0, 6));
        meta.put("summary", "A summary the sandbox derived from " + media.reference() + ".");
        if (tags) {
            meta.putArray("tags").add("sandbox").add("video");
        }
        ArrayNode chunks = data.putArray("chunks");
        for (int i = 0; i < 2; i++) {
            ObjectNode chunk = chunks.addObject();
            chunk.put("index", i);
            chunk.put("enhanced_transcript", "Enhanced transcript of part " + i + ".");
            ObjectNode chunkMeta = chunk.putObject("metadata");
            chunkMeta.put("title", "Part " + (i + 1));
            chunkMeta.put("summary", "Summary of part " + (i + 1) + ".");
            if (tags) {
                chunkMeta.putArray("tags").add("part-" + (i + 1));
            }
        }
        ObjectNode usage = Json.object().put("audio_token", 200).put("image_token", 100).put("input_token", 300).put("output_token", 300);
        return new Computed(data, usage, media);
    }

    private static Computed asr(JsonNode body) throws InvalidParameter {
        JsonNode input = body.path("input");
        if (input.hasNonNull("content") && input.hasNonNull("oss")) {
            throw new InvalidParameter("input.content and input.oss are mutually exclusive");
        }
        Media media = media(input, "input", true);
        output(body, Set.of("text", "oss"), true); // seed 004: output.type defaults to oss
        double duration = duration(media, "wav", 12.0);
        ArrayNode sentences = Json.MAPPER.createArrayNode();
        int i = 0;
        for (double start = 0; start < duration; start += 4, i++) {
            ObjectNode s = sentences.addObject();
            s.put("start", Math.round(start * 1000));
            s.put("end", Math.round(Math.min(duration, start + 4) * 1000));
            s.put("text", "Sandbox sentence " + (i + 1) + ".");
        }
        return new Computed(sentences, Json.object().put("duration", Math.max(1, (long) Math.ceil(duration))), media);
    }

    /** Reads {@code content} (base64 or data URI) or {@code url}/{@code oss} from a media node; one is required. */
    private static Media media(JsonNode node, String name, boolean contentAllowed) throws InvalidParameter {
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
    private static String output(JsonNode body, Set<String> types, boolean ossIsDefault) throws InvalidParameter {
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

    private static MediaFacts probeImage(byte[] bytes) throws InvalidParameter {
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

    private static double duration(Media media, String assumedExtension, double fallback) {
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

    static long hash(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xFF);
            }
            return h & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
