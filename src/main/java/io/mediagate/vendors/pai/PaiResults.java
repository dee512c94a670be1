package io.mediagate.vendors.pai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mediagate.json.Json;

import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/** PAI answers as the envelope shows them: JSON-in-string {@code Result} parsed, embeddings as number arrays. */
final class PaiResults {

    /** Result field holding a base64 image until it is written out as a file. */
    static final String BASE64_IMAGE = "image";

    private PaiResults() {
    }

    /** A sync answer's {@code data}: a base64 image string becomes {@code {"image": …}}, objects get their embeddings parsed. */
    static JsonNode normalise(JsonNode data) {
        if (data.isTextual()) {
            ObjectNode wrapped = Json.object();
            wrapped.set(BASE64_IMAGE, data);
            return wrapped;
        }
        JsonNode copy = data.deepCopy();
        parseEmbeddings(copy);
        return copy;
    }

    /** A finished async job: the job record with its capital-R {@code Result} string parsed. */
    static JsonNode finishedJob(JsonNode paiJob) {
        ObjectNode job = paiJob.deepCopy();
        JsonNode raw = job.get("Result");
        if (raw != null && raw.isTextual()) {
            JsonNode parsed = Json.readOrNull(raw.asText());
            if (parsed != null) {
                job.set("Result", parsed);
            }
        }
        parseEmbeddings(job);
        return job;
    }

    /** {@code "embedding_result": "0.1,0.2,…"} anywhere in the tree becomes {@code [0.1, 0.2, …]}. */
    static void parseEmbeddings(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("embedding_result") && field.getValue().isTextual()) {
                    field.setValue(numbers(field.getValue().asText()));
                } else {
                    parseEmbeddings(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(PaiResults::parseEmbeddings);
        }
    }

    private static JsonNode numbers(String text) {
        ArrayNode values = Json.MAPPER.createArrayNode();
        for (String part : text.split(",")) {
            String value = part.trim();
            if (value.isEmpty()) {
                continue;
            }
            try {
                values.add(Double.parseDouble(value));
            } catch (NumberFormatException e) {
                return Json.MAPPER.getNodeFactory().textNode(text);
            }
        }
        return values;
    }

    /** The file extension of a base64-encoded image, from its first bytes. */
    static String imageExtension(String base64) {
        String start = base64.substring(0, Math.min(base64.length(), 24));
        byte[] head;
        try {
            head = Base64.getDecoder().decode(start.substring(0, start.length() / 4 * 4));
        } catch (IllegalArgumentException e) {
            return "img";
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8) {
            return "jpg";
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return "png";
        }
        if (head.length >= 2 && head[0] == 'B' && head[1] == 'M') {
            return "bmp";
        }
        if (head.length >= 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return "webp";
        }
        return "img";
    }
}
