package io.mediagate.sandbox.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;
import io.mediagate.media.MediaFacts;

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
        Media media = OpenSearchInputs.media(image, "image", false);
        int width = 1000;
        int height = 1400;
        if (media.bytes() != null) {
            MediaFacts facts = OpenSearchInputs.probeImage(media.bytes());
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
            // upper-case X/Y, lower-case width/height, as the service spells them (https://help.aliyun.com/zh/open-search/search-platform/developer-reference/object-detection)
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
        Media media = OpenSearchInputs.media(document, "document", false);
        if (media.bytes() != null && document.path("file_name").asText("").isEmpty() && document.path("url").isMissingNode()) {
            throw new InvalidParameter("document.file_name is required when document.url is blank");
        }
        String description;
        if (media.bytes() != null) {
            MediaFacts facts = OpenSearchInputs.probeImage(media.bytes());
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
        Media media = OpenSearchInputs.media(input, "input", true);
        String outputType = OpenSearchInputs.output(body, Set.of("oss", "base64"), true);
        JsonNode parameters = body.path("parameters");
        int interval = parameters.path("interval").asInt(1);
        if (interval < 1) {
            throw new InvalidParameter("parameters.interval must be a positive number of seconds");
        }
        String format = parameters.path("format").asText("jpg");
        if (!format.equals("jpg") && !format.equals("png")) {
            throw new InvalidParameter("parameters.format must be jpg or png");
        }
        double duration = OpenSearchInputs.duration(media, "mp4", 10.0);
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
        Media media = OpenSearchInputs.media(body.path("input"), "input", false);
        OpenSearchInputs.output(body, Set.of("oss"), true);
        double duration = OpenSearchInputs.duration(media, "mp4", 60.0);
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
        Media media = OpenSearchInputs.media(body.path("input"), "input", false);
        OpenSearchInputs.output(body, Set.of("oss"), true);
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
        Media media = OpenSearchInputs.media(input, "input", true);
        OpenSearchInputs.output(body, Set.of("text", "oss"), true); // OpenSearch's doc: output.type defaults to oss
        double duration = OpenSearchInputs.duration(media, "wav", 12.0);
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
