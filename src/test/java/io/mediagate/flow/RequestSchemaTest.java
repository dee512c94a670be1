package io.mediagate.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The published JSON Schema of a queue request names exactly the fields the gateway reads. */
class RequestSchemaTest {

    @Test
    void the_schema_and_the_intake_agree_on_the_fields() throws Exception {
        JsonNode schema = Json.readOrNull(Files.readString(Path.of("schemas/job-request.schema.json")));
        assertEquals(new TreeSet<>(RequestIntake.FIELDS), names(schema.path("properties")));
        assertEquals(new TreeSet<>(RequestIntake.MEDIA_FIELDS), names(schema.path("properties").path("media").path("properties")));
        assertEquals(false, schema.path("additionalProperties").asBoolean(true), "unknown fields are refused, as the intake does");
    }

    private static Set<String> names(JsonNode properties) {
        Set<String> names = new TreeSet<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
