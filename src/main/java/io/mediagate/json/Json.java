package io.mediagate.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** The one Jackson mapper of the gateway, and the few JSON helpers the stages share. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * How deep JSON from outside (a queue request, a job file) may nest: far more than any vendor's parameters need,
     * far less than would strain the gateway's own recursive handling of it (merging, canonical text, the job record).
     */
    public static final int MAX_INPUT_NESTING = 100;
    private static final ObjectMapper INPUT = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxNestingDepth(MAX_INPUT_NESTING).build())
            .build());
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] writePretty(Object value) {
        try {
            return PRETTY.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses JSON that someone else wrote (a queue request, a job file), within {@link #MAX_INPUT_NESTING} and Jackson's
     * other limits (a string of at most 20 million characters); what is wrong is told by {@link #problem}.
     */
    public static JsonNode readInput(String json) throws JsonProcessingException {
        return INPUT.readTree(json);
    }

    /**
     * What is wrong with a JSON text, for whoever sent it: the parser's reason, and where when it knows (a broken
     * limit such as the nesting depth has no location).
     */
    public static String problem(JsonProcessingException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return e.getOriginalMessage() + (at == null || at.getLineNr() < 0 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /** Parses JSON, or returns null when the text is empty or not JSON. */
    public static JsonNode readOrNull(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The JSON text with object keys sorted at every level: equal content gives equal text, whatever the key order. */
    public static String canonical(JsonNode node) {
        return write(sorted(node));
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new java.util.TreeMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), sorted(e.getValue())));
            return map;
        }
        return node;
    }

    /** Copies {@code overrides} into {@code target}, merging nested objects key by key. */
    public static ObjectNode deepMerge(ObjectNode target, JsonNode overrides) {
        if (overrides == null || !overrides.isObject()) {
            return target;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                deepMerge(existingObject, field.getValue());
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return target;
    }

    /**
     * Turns dotted settings ({@code parameters.interval=5}, {@code output.type=base64}) into a JSON object,
     * reading numbers and booleans as such so the vendor gets the types it documents.
     */
    public static ObjectNode fromDottedKeys(Map<String, String> values) {
        ObjectNode root = object();
        values.forEach((key, value) -> {
            String[] parts = key.split("\\.");
            ObjectNode node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = node.get(parts[i]);
                node = child instanceof ObjectNode o ? o : node.putObject(parts[i]);
            }
            node.set(parts[parts.length - 1], typed(value));
        });
        return root;
    }

    private static JsonNode typed(String value) {
        String v = value.trim();
        if (v.equals("true") || v.equals("false")) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(v));
        }
        if (v.matches("-?(0|[1-9]\\d{0,17})")) {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(v));
        }
        if (v.matches("-?(0|[1-9]\\d*)\\.\\d+")) {
            return JsonNodeFactory.instance.numberNode(Double.parseDouble(v));
        }
        if (v.startsWith("[") || v.startsWith("{")) {
            JsonNode parsed = readOrNull(v);
            if (parsed != null) {
                return parsed;
            }
        }
        return JsonNodeFactory.instance.textNode(v);
    }
}
