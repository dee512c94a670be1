package io.mediagate.testsupport;

import io.mediagate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Query and form fields read as JSON: as strings, or typed like the example so form-encoded values compare by type. */
class WireFieldsTest {

    private static final String EXAMPLE = "{\"n\": 2, \"o\": {\"a\": \"x\"}, \"l\": [\"y\"], \"s\": \"3\"}";

    @Test
    void typed_like_the_example_reads_numbers_and_nested_json_but_keeps_strings() {
        String form = "n=2&o=%7B%22a%22%3A%22b%22%7D&l=%5B%22z%22%5D&s=4";
        assertEquals(Json.readOrNull("{\"l\":[\"z\"],\"n\":2,\"o\":{\"a\":\"b\"},\"s\":\"4\"}"), WireFields.typedLike(form, Json.readOrNull(EXAMPLE)));
        assertEquals(List.of(), JsonShape.of(Json.readOrNull(EXAMPLE)).differences(WireFields.typedLike(form, Json.readOrNull(EXAMPLE))));
    }

    @Test
    void text_that_is_not_the_examples_type_stays_a_string_and_is_reported() {
        String form = "n=two&o=a%3Db&l=%7B%7D&extra=1";
        assertEquals(List.of("$.extra: not in the example", "$.l: string where the example has array",
                        "$.n: string where the example has number", "$.o: string where the example has object", "$.s: missing"),
                JsonShape.of(Json.readOrNull(EXAMPLE)).differences(WireFields.typedLike(form, Json.readOrNull(EXAMPLE))));
        assertEquals("1", WireFields.strings(form).path("extra").asText());
    }
}
