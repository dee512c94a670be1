package io.mediagate.component;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component's metadata in the jar is what its annotations say ({@link ComponentMetadata}), and Camel finds it
 * where its tooling looks: every endpoint option with its description.
 */
class ComponentMetadataTest {

    @Test
    void theShippedMetadataIsWhatTheAnnotationsSay() throws Exception {
        Path file = Path.of("src/main/resources").resolve(ComponentMetadata.RESOURCE);
        String expected = new String(Json.writePretty(ComponentMetadata.json(EmbeddingApp.projectVersion())), StandardCharsets.UTF_8) + "\n";
        if (Boolean.getBoolean("metadata.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, expected);
        }
        assertEquals(expected, Files.exists(file) ? Files.readString(file) : "", "run ComponentMetadataTest with"
                + " -Dmetadata.write=true and commit " + file);
    }

    @Test
    void theJarCarriesEveryOptionWithItsDescriptionWhereCamelToolingLooks() throws Exception {
        // beside the component's classes, as Camel's own components ship theirs (META-INF/<package>/<scheme>.json)
        try (var in = getClass().getClassLoader().getResourceAsStream(ComponentMetadata.RESOURCE)) {
            assertNotNull(in, "no metadata on the classpath at " + ComponentMetadata.RESOURCE);
            JsonNode metadata = Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
            assertEquals("mediagate:vendor/operation", metadata.path("component").path("syntax").asText());
            JsonNode properties = metadata.path("properties");
            for (String option : new String[] {"vendor", "operation", "params", "fileName", "pollFirstDelay",
                    "pollBackoffFactor", "pollMaxInterval", "pollDeadline", "settings"}) {
                assertTrue(properties.path(option).path("description").asText().length() > 20, option);
            }
            assertEquals("path", properties.path("vendor").path("kind").asText());
            assertTrue(properties.path("vendor").path("required").asBoolean());
            assertTrue(metadata.path("headers").has(MediagateConstants.TASK_ID));
        }
    }
}
