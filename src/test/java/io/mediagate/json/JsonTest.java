package io.mediagate.json;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void dotted_keys_become_nested_objects() {
        ObjectNode json = Json.fromDottedKeys(Map.of("output.type", "oss", "output.oss", "oss://bucket/out"));

        assertEquals("oss", json.path("output").path("type").asText());
        assertEquals("oss://bucket/out", json.path("output").path("oss").asText());
        assertEquals(1, json.size());
    }

    @Test
    void integers_become_json_numbers() {
        ObjectNode json = Json.fromDottedKeys(Map.of("parameters.interval", "5", "offset", "-3"));

        JsonNode interval = json.path("parameters").path("interval");
        assertTrue(interval.isIntegralNumber(), interval.getNodeType().toString());
        assertEquals(5, interval.asLong());
        assertTrue(json.path("offset").isIntegralNumber());
        assertEquals(-3, json.path("offset").asLong());
    }

    @Test
    void decimals_become_json_floating_point_numbers() {
        JsonNode threshold = Json.fromDottedKeys(Map.of("options.threshold", "0.75")).path("options").path("threshold");

        assertTrue(threshold.isFloatingPointNumber(), threshold.getNodeType().toString());
        assertEquals(0.75, threshold.asDouble(), 0);
    }

    @Test
    void true_and_false_become_json_booleans() {
        ObjectNode json = Json.fromDottedKeys(Map.of("parameters.generate_tags", "true", "parameters.rewrite_transcript", "false"));

        assertTrue(json.path("parameters").path("generate_tags").isBoolean());
        assertTrue(json.path("parameters").path("generate_tags").booleanValue());
        assertTrue(json.path("parameters").path("rewrite_transcript").isBoolean());
        assertFalse(json.path("parameters").path("rewrite_transcript").booleanValue());
    }

    @Test
    void other_values_stay_text() {
        ObjectNode json = Json.fromDottedKeys(Map.of("parameters.format", "png", "version", "1.2.3", "flag", "True"));

        assertTrue(json.path("parameters").path("format").isTextual());
        assertEquals("1.2.3", json.path("version").textValue());
        assertEquals("True", json.path("flag").textValue());
    }

    @Test
    void digits_with_leading_zeros_stay_text_so_codes_and_names_are_not_mangled() {
        ObjectNode json = Json.fromDottedKeys(Map.of("input.file_name", "007", "code", "0012.5", "zero", "0"));

        assertEquals("007", json.path("input").path("file_name").textValue());
        assertEquals("0012.5", json.path("code").textValue());
        assertEquals(0, json.path("zero").intValue());
        assertTrue(json.path("zero").isNumber());
    }

    @Test
    void json_arrays_and_objects_in_values_are_parsed() {
        ObjectNode json = Json.fromDottedKeys(Map.of("input.chunks", "[{\"start_time\":0,\"end_time\":1000}]"));

        JsonNode chunks = json.path("input").path("chunks");
        assertTrue(chunks.isArray());
        assertEquals(1000, chunks.get(0).path("end_time").asInt());
    }

    @Test
    void three_levels_of_dots_nest_three_levels_deep() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("a.b.c", "1");
        values.put("a.b.d", "2");
        values.put("a.e", "3");

        ObjectNode json = Json.fromDottedKeys(values);

        assertEquals(1, json.path("a").path("b").path("c").asInt());
        assertEquals(2, json.path("a").path("b").path("d").asInt());
        assertEquals(3, json.path("a").path("e").asInt());
    }

    @Test
    void deep_merge_keeps_siblings_of_merged_objects() {
        ObjectNode target = (ObjectNode) Json.readOrNull("{\"input\":{\"content\":\"AAAA\",\"file_name\":\"a.mp4\"},\"output\":{\"type\":\"oss\"}}");
        JsonNode overrides = Json.readOrNull("{\"input\":{\"file_name\":\"b.mp4\"},\"output\":{\"oss\":\"oss://b/o\"},\"parameters\":{\"interval\":2}}");

        Json.deepMerge(target, overrides);

        assertEquals("AAAA", target.path("input").path("content").asText());
        assertEquals("b.mp4", target.path("input").path("file_name").asText());
        assertEquals("oss", target.path("output").path("type").asText());
        assertEquals("oss://b/o", target.path("output").path("oss").asText());
        assertEquals(2, target.path("parameters").path("interval").asInt());
    }

    @Test
    void deep_merge_replaces_arrays_and_scalars_instead_of_merging_them() {
        ObjectNode target = (ObjectNode) Json.readOrNull("{\"tags\":[1,2,3],\"options\":{\"x\":1}}");

        Json.deepMerge(target, Json.readOrNull("{\"tags\":[9],\"options\":\"none\"}"));

        assertEquals(1, target.path("tags").size());
        assertEquals(9, target.path("tags").get(0).asInt());
        assertEquals("none", target.path("options").asText());
    }

    @Test
    void deep_merge_copies_the_overrides_so_later_changes_do_not_leak_in() {
        ObjectNode target = Json.object();
        ObjectNode overrides = (ObjectNode) Json.readOrNull("{\"parameters\":{\"interval\":1}}");

        Json.deepMerge(target, overrides);
        ((ObjectNode) overrides.get("parameters")).put("interval", 99);

        assertEquals(1, target.path("parameters").path("interval").asInt());
    }

    @Test
    void deep_merge_ignores_missing_or_non_object_overrides() {
        ObjectNode target = (ObjectNode) Json.readOrNull("{\"a\":1}");

        assertSame(target, Json.deepMerge(target, null));
        Json.deepMerge(target, Json.readOrNull("[1,2]"));

        assertEquals("{\"a\":1}", Json.write(target));
    }

    @Test
    void read_or_null_returns_null_for_text_that_is_not_json() {
        assertNull(Json.readOrNull("<html>502 Bad Gateway</html>"));
        assertNull(Json.readOrNull(""));
        assertNull(Json.readOrNull(null));
    }
}
