package io.mediagate.flow;

import io.mediagate.json.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queue requests are checked against the published JSON Schema, and a rejection names the field that is wrong. */
class RequestSchemaTest {

    @Test
    void the_gateway_checks_with_the_published_schema_file() throws Exception {
        try (InputStream shipped = RequestSchema.class.getClassLoader().getResourceAsStream(RequestSchema.RESOURCE)) {
            assertArrayEquals(Files.readAllBytes(Path.of("schemas/job-request.schema.json")), shipped.readAllBytes());
        }
    }

    @Test
    void a_valid_request_fits() {
        assertNull(problem("{\"requestId\": \"r1\", \"vendor\": \"opensearch\", \"operation\": \"object-detect\","
                + " \"media\": {\"name\": \"cat.jpg\", \"base64\": \"AAAA\"}, \"params\": {}}"));
        assertNull(problem("{\"vendor\": \"pai\", \"operation\": \"video-qa\", \"media\": {\"urls\": [\"https://a.example/v.mp4\"]}}"));
    }

    @Test
    void each_rejection_names_the_field() {
        assertMentions(problem("[1]"), "the request", "object");
        assertMentions(problem("{\"vendor\": \"opensearch\", \"operation\": \"object-detect\"}"), "'media'", "missing");
        assertMentions(problem("{\"vendor\": \"opensearch\", \"operation\": \"object-detect\", \"media\": {\"oss\": \"oss://b/k\"},"
                + " \"colour\": 1}"), "unknown field 'colour'", "vendor");
        assertMentions(problem("{\"vendor\": \"Open Search\", \"operation\": \"object-detect\", \"media\": {\"oss\": \"oss://b/k\"}}"),
                "'vendor'");
        assertMentions(problem("{\"vendor\": \"opensearch\", \"operation\": \"object-detect\", \"media\": {\"oss\": \"oss://b/k\","
                + " \"url\": \"https://a.example/cat.jpg\"}}"), "'media'", "exactly one");
        assertMentions(problem("{\"vendor\": \"opensearch\", \"operation\": \"object-detect\", \"media\": {\"base64\": \"AAAA\"}}"),
                "'media'", "name");
        assertMentions(problem("{\"vendor\": \"opensearch\", \"operation\": \"object-detect\", \"media\": {\"url\": \"ftp://a/cat.jpg\"}}"),
                "'media.url'");
        assertMentions(problem("{\"vendor\": \"opensearch\", \"operation\": \"object-detect\", \"media\": {\"oss\": \"oss://b/k\"},"
                + " \"params\": [1]}"), "'params'", "object");
        assertMentions(problem("{\"requestId\": \"\", \"vendor\": \"opensearch\", \"operation\": \"object-detect\","
                + " \"media\": {\"oss\": \"oss://b/k\"}}"), "'requestId'");
    }

    private static String problem(String json) {
        return RequestSchema.problemOf(Json.readOrNull(json));
    }

    private static void assertMentions(String reason, String... parts) {
        for (String part : parts) {
            assertTrue(reason != null && reason.contains(part), "'" + part + "' in: " + reason);
        }
    }
}
