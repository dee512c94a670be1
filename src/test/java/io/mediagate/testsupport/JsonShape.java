package io.mediagate.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Compares the shape of a JSON answer with a vendor's example (src/test/resources/seed-examples): the same field
 * names at every level, the same nesting and the same JSON types; values may differ. Each difference is reported with
 * its path, e.g. {@code $.data.job.Result(json).video_size: not in the example}.
 *
 * <ul>
 *   <li>Types are JSON's own: object, array, string, number, boolean, null. Integers and fractions are both "number":
 *       the vendors' docs write one field both ways (PAI's documented {@code duration} is {@code 14} and {@code 14.633…}).</li>
 *   <li>Array elements are each compared with the example's first element (the examples list alike elements); the
 *       number of elements is a value, not a shape.</li>
 *   <li>Fields named in {@link #jsonIn} hold JSON in a string (PAI's and ICE's {@code Result}): both strings are
 *       parsed and compared as JSON, unless the example's string is not JSON (e.g. {@code ""} while a job runs).</li>
 *   <li>{@link #optional} paths may be absent from the answer (for fields the vendor documents as optional); a
 *       present optional field is still compared. Paths are written with {@code []} for array elements.</li>
 *   <li>{@link #alsoDocumented} adds fields the vendor documents beside the example's (e.g. a request field the vendor doc's
 *       sample does not use): they may be present, with their documented type, or absent.</li>
 * </ul>
 */
public final class JsonShape {

    private JsonNode example;
    private final Set<String> jsonInStrings = new LinkedHashSet<>();
    private final Set<String> optionalPaths = new LinkedHashSet<>();

    private JsonShape(JsonNode example) {
        this.example = example;
    }

    /** The shape of a fixture under {@code seed-examples/}, e.g. {@code pai/video-qa.job-done.response--000-….json}. */
    public static JsonShape ofFixture(String name) {
        return of(fixture(name));
    }

    public static JsonShape of(JsonNode example) {
        return new JsonShape(example);
    }

    /** A fixture's JSON. */
    public static JsonNode fixture(String name) {
        return Json.read(fixtureText(name), JsonNode.class);
    }

    public static String fixtureText(String name) {
        try (InputStream in = JsonShape.class.getResourceAsStream("/seed-examples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture seed-examples/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fields (by name, at any level) whose string value is itself JSON. */
    public JsonShape jsonIn(String... fieldNames) {
        jsonInStrings.addAll(List.of(fieldNames));
        return this;
    }

    /** Paths the answer may leave out, e.g. {@code $.result.error}. */
    public JsonShape optional(String... paths) {
        optionalPaths.addAll(List.of(paths));
        return this;
    }

    /**
     * Fields the vendor's contract documents beside the example's (the vendor's API reference), written as JSON of the same
     * form with example values: the answer may carry each with that type, or leave it out. Fields the example already
     * has are not changed (objects are merged into; an array's first element stands for all).
     */
    public JsonShape alsoDocumented(String json) {
        JsonNode copy = example.deepCopy();
        addDocumented(copy, Json.read(json, JsonNode.class), "$");
        example = copy;
        return this;
    }

    private void addDocumented(JsonNode target, JsonNode documented, String pattern) {
        if (target.isArray() && documented.isArray() && !target.isEmpty() && !documented.isEmpty()) {
            addDocumented(target.get(0), documented.get(0), pattern + "[]");
            return;
        }
        if (!(target instanceof com.fasterxml.jackson.databind.node.ObjectNode object) || !documented.isObject()) {
            return;
        }
        documented.fields().forEachRemaining(field -> {
            String path = pattern + "." + field.getKey();
            if (object.has(field.getKey())) {
                addDocumented(object.get(field.getKey()), field.getValue(), path);
            } else {
                object.set(field.getKey(), field.getValue().deepCopy());
                optionalPaths.add(path);
            }
        });
    }

    /** Every difference between the example's shape and the answer's, with its path; empty when they match. */
    public List<String> differences(JsonNode answer) {
        List<String> out = new ArrayList<>();
        compare(example, answer, "$", "$", out);
        return out;
    }

    public void assertMatches(JsonNode answer, String what) {
        List<String> differences = differences(answer);
        if (!differences.isEmpty()) {
            fail(what + " differs from the vendor doc's example in shape:\n  " + String.join("\n  ", differences)
                    + "\nanswer: " + answer);
        }
    }

    private void compare(JsonNode expected, JsonNode actual, String path, String pattern, List<String> out) {
        String expectedType = type(expected);
        String actualType = type(actual);
        if (!expectedType.equals(actualType)) {
            out.add(path + ": " + actualType + " where the example has " + expectedType);
            return;
        }
        if (expected.isObject()) {
            Set<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String childPath = path + "." + name;
                String childPattern = pattern + "." + name;
                if (!expected.has(name)) {
                    out.add(childPath + ": not in the example");
                } else if (!actual.has(name)) {
                    if (!optionalPaths.contains(childPattern)) {
                        out.add(childPath + ": missing");
                    }
                } else if (jsonInStrings.contains(name) && expected.get(name).isTextual() && actual.get(name).isTextual()) {
                    compareJsonStrings(expected.get(name), actual.get(name), childPath, childPattern, out);
                } else {
                    compare(expected.get(name), actual.get(name), childPath, childPattern, out);
                }
            }
        } else if (expected.isArray() && !expected.isEmpty()) {
            Iterator<JsonNode> elements = actual.elements();
            for (int i = 0; elements.hasNext(); i++) {
                compare(expected.get(0), elements.next(), path + "[" + i + "]", pattern + "[]", out);
            }
        }
    }

    private void compareJsonStrings(JsonNode expected, JsonNode actual, String path, String pattern, List<String> out) {
        JsonNode expectedJson = Json.readOrNull(expected.asText());
        if (expectedJson == null || !(expectedJson.isContainerNode())) {
            if (!actual.asText().isEmpty() && expected.asText().isEmpty()) {
                out.add(path + ": a non-empty string where the example has \"\"");
            }
            return; // e.g. "" while a job runs: a plain string in both
        }
        JsonNode actualJson = Json.readOrNull(actual.asText());
        if (actualJson == null) {
            out.add(path + ": a string that is not JSON where the example carries JSON: " + actual.asText());
            return;
        }
        compare(expectedJson, actualJson, path + "(json)", pattern + "(json)", out);
    }

    private static String type(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }
}
