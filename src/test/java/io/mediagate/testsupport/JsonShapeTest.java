package io.mediagate.testsupport;

import io.mediagate.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The shape comparator reports each difference with its path, and ignores values. */
class JsonShapeTest {

    private static List<String> diff(String example, String answer, String... jsonIn) {
        return JsonShape.of(Json.readOrNull(example)).jsonIn(jsonIn).differences(Json.readOrNull(answer));
    }

    @Test
    void values_differ_freely_shapes_do_not() {
        assertEquals(List.of(), diff("{\"a\":1,\"b\":[{\"c\":\"x\"}]}", "{\"a\":2.5,\"b\":[{\"c\":\"y\"},{\"c\":\"z\"}]}"));
        assertEquals(List.of("$.a: string where the example has number"), diff("{\"a\":1}", "{\"a\":\"1\"}"));
        assertEquals(List.of("$.b[1].c: missing", "$.b[1].d: not in the example"),
                diff("{\"b\":[{\"c\":1}]}", "{\"b\":[{\"c\":2},{\"d\":3}]}"));
    }

    @Test
    void json_in_strings_is_parsed_and_compared() {
        assertEquals(List.of("$.job.Result(json).video_size: not in the example", "$.job.Result(json).width: missing"),
                diff("{\"job\":{\"Result\":\"{\\\"width\\\":720}\"}}", "{\"job\":{\"Result\":\"{\\\"video_size\\\":1}\"}}", "Result"));
        assertEquals(List.of(), diff("{\"Result\":\"\"}", "{\"Result\":\"\"}", "Result"), "a running job's empty Result");
    }

    @Test
    void optional_paths_may_be_absent_but_are_compared_when_present() {
        JsonShape shape = JsonShape.of(Json.readOrNull("{\"result\":{\"error\":\"e\"}}")).optional("$.result.error");
        assertEquals(List.of(), shape.differences(Json.readOrNull("{\"result\":{}}")));
        assertEquals(List.of("$.result.error: number where the example has string"), shape.differences(Json.readOrNull("{\"result\":{\"error\":1}}")));
    }

    @Test
    void documented_fields_beside_the_example_may_be_present_with_their_type_or_absent() {
        JsonShape shape = JsonShape.of(Json.readOrNull("{\"input\":{\"oss\":\"o\"},\"list\":[{\"a\":1}]}"))
                .alsoDocumented("{\"input\":{\"file_name\":\"f\"},\"list\":[{\"b\":true}]}");
        assertEquals(List.of(), shape.differences(Json.readOrNull("{\"input\":{\"oss\":\"x\"},\"list\":[{\"a\":2}]}")));
        assertEquals(List.of(), shape.differences(Json.readOrNull("{\"input\":{\"oss\":\"x\",\"file_name\":\"y\"},\"list\":[{\"a\":2,\"b\":false}]}")));
        assertEquals(List.of("$.input.file_name: number where the example has string", "$.input.other: not in the example",
                        "$.list[0].a: missing"),
                shape.differences(Json.readOrNull("{\"input\":{\"oss\":\"x\",\"file_name\":1,\"other\":1},\"list\":[{\"b\":false}]}")));
    }
}
