package io.mediagate.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartFolderTest {

    @Test
    void the_folder_of_a_route_pattern_is_its_part_before_the_first_wildcard() {
        assertEquals(Path.of("routes"), StartFolder.folderOf("routes/*.camel.yaml"));
        assertEquals(Path.of("/srv/mediagate/routes"), StartFolder.folderOf("/srv/mediagate/routes/**/*.yaml"));
        assertEquals(Path.of("my"), StartFolder.folderOf("my/own.camel.yaml"));
        assertEquals(Path.of("."), StartFolder.folderOf("*.camel.yaml"));
    }

    @Test
    void every_file_location_of_the_routes_is_checked_and_classpath_ones_are_left_to_camel(@TempDir Path folder) throws Exception {
        Path routes = Files.createDirectories(folder.resolve("routes"));
        Settings present = Settings.of(Map.of(StartFolder.ROUTES, "file:" + routes + "/*.camel.yaml,classpath:extra/*.yaml",
                StartFolder.RELOAD, "true", StartFolder.RELOAD_FOLDER, routes.toString()));
        assertTrue(StartFolder.missingRoutes(present).isEmpty());

        Settings secondMissing = Settings.of(Map.of(StartFolder.ROUTES, "file:" + routes + "/*.camel.yaml, file:" + folder + "/more/*.yaml",
                StartFolder.RELOAD, "false"));
        String problem = StartFolder.missingRoutes(secondMissing).orElseThrow();
        assertTrue(problem.startsWith("no routes folder at " + folder.resolve("more")), problem);

        Settings reloadMissing = Settings.of(Map.of(StartFolder.ROUTES, "file:" + routes + "/*.camel.yaml",
                StartFolder.RELOAD, "true", StartFolder.RELOAD_FOLDER, folder.resolve("gone").toString()));
        problem = StartFolder.missingRoutes(reloadMissing).orElseThrow();
        assertTrue(problem.startsWith("no routes folder at " + folder.resolve("gone") + " (" + StartFolder.RELOAD_FOLDER + ")"), problem);
    }

    @Test
    void a_settings_file_the_user_named_is_reported_as_theirs(@TempDir Path folder) throws Exception {
        assertTrue(StartFolder.missingSettingsFile(Files.writeString(folder.resolve("app.properties"), ""), true).isEmpty());
        String named = StartFolder.missingSettingsFile(folder.resolve("gone.properties"), true).orElseThrow();
        assertEquals("no settings file at " + folder.resolve("gone.properties") + " (named by MEDIAGATE_CONFIG)", named);
    }
}
