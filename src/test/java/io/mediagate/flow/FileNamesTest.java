package io.mediagate.flow;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule by which names the gateway makes are kept within 255 bytes (README, Security). */
class FileNamesTest {

    private static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void a_name_that_fits_is_kept_and_a_longer_one_is_shortened_the_same_way_each_time() {
        assertEquals("cat.jpg.json", FileNames.fit("cat.jpg.json"));
        String longName = "a".repeat(250) + ".png.error.json";
        String fitted = FileNames.fit(longName);
        assertEquals(255, bytes(fitted), fitted);
        assertTrue(fitted.endsWith(".png.error.json"), "the ending the gateway added, and the media extension, stay: " + fitted);
        assertTrue(fitted.startsWith("aaaa"), fitted);
        assertEquals(fitted, FileNames.fit(longName), "deterministic");
        assertNotEquals(fitted, FileNames.fit("a".repeat(251) + ".png.error.json"), "names that begin alike still differ");
    }

    @Test
    void a_multi_byte_name_is_cut_between_characters() {
        String name = "图".repeat(84) + ".png.1a2b3c4d.json"; // 252 + 18 bytes
        String fitted = FileNames.fit(name);
        assertTrue(bytes(fitted) <= 255, fitted);
        assertTrue(fitted.endsWith(".png.1a2b3c4d.json"), fitted);
        assertEquals(fitted, new String(fitted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "no broken character");
        assertTrue(fitted.startsWith("图"), fitted);
    }
}
