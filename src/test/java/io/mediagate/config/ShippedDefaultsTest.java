package io.mediagate.config;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting's default lives in one place, {@code config/application.properties} (shipped in the jar as the
 * defaults): a setting a user's file leaves out takes the shipped value, in Java code and in the routes' placeholders.
 */
class ShippedDefaultsTest {

    @Test
    void aSettingSetNowhereTakesTheShippedFilesValue() {
        Settings nothingSet = Settings.of(Map.of());

        assertEquals(Duration.ofSeconds(1), nothingSet.duration("mediagate.ingest.min-age"));
        assertEquals(4, nothingSet.integer("mediagate.ingest.threads"));
        assertEquals("data", nothingSet.string("mediagate.data-dir"));
    }

    @Test
    void whatTheUserSetsWinsOverTheShippedDefault() {
        Settings user = Settings.of(Map.of("mediagate.ingest.min-age", "250ms"));

        assertEquals(Duration.ofMillis(250), user.duration("mediagate.ingest.min-age"));
    }

    @Test
    void aShippedDefaultMayNameAnotherSetting() {
        Settings user = Settings.of(Map.of("camel.server.port", "9000"));

        assertEquals("http://127.0.0.1:9000", user.string("mediagate.media.public-base-url"));
        assertEquals("http://127.0.0.1:8087", Settings.of(Map.of()).string("mediagate.media.public-base-url"));
    }

    @Test
    void aSettingWithoutAnyDefaultIsAClearErrorNotASilentZero() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Settings.of(Map.of()).duration("mediagate.no-such.setting"));
        assertTrue(e.getMessage().contains("mediagate.no-such.setting"), e.getMessage());
    }

    @Test
    void theRoutesPlaceholdersFallBackToTheShippedDefaultsToo(@TempDir Path dir) throws Exception {
        Path userFile = Files.writeString(dir.resolve("application.properties"), "mediagate.ingest.threads = 2\n");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(ShippedDefaults.properties());
            context.getPropertiesComponent().setLocation("file:" + userFile);

            assertEquals("data/inbox", context.resolvePropertyPlaceholders("{{mediagate.data-dir}}/inbox"));
            assertEquals("2", context.resolvePropertyPlaceholders("{{mediagate.ingest.threads}}"));
        }
    }

    /** The README's settings table shows the shipped defaults: it must not drift from the file. */
    @Test
    void theReadmeTableShowsTheShippedDefaults() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher row = Pattern.compile("(?m)^\\| `(mediagate\\.[a-z0-9.-]+)` \\| `([^`|]*)` \\|").matcher(readme);
        int compared = 0;
        while (row.find()) {
            String shipped = ShippedDefaults.properties().getProperty(row.group(1));
            if (shipped != null && !shipped.contains("{{")) {
                assertEquals(shipped.trim(), row.group(2).trim(), "README default of " + row.group(1));
                compared++;
            }
        }
        assertTrue(compared > 20, "compared only " + compared + " README rows");
        assertFalse(ShippedDefaults.properties().isEmpty());
    }
}
