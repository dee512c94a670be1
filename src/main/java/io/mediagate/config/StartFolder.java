package io.mediagate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the gateway reads from the folder it is started in: its settings file and its routes. Started elsewhere (a jar
 * copied away, a service with another working folder) it failed on a bare file name ("config/application.properties
 * (No such file or directory)", "routes") or a stack trace; this says where it looked and how to point it there.
 */
public final class StartFolder {

    static final String ROUTES = "camel.main.routes-include-pattern";
    static final String RELOAD = "camel.main.routes-reload-enabled";
    static final String RELOAD_FOLDER = "camel.main.routes-reload-directory";
    private static final String FIX = "start mediagate in its folder (it reads config/ and routes/ there)";

    private StartFolder() {
    }

    /**
     * The settings file, when it is not there.
     *
     * @param namedByUser whether the user named the file (MEDIAGATE_CONFIG or -Dmediagate.config) rather than the default
     */
    public static Optional<String> missingSettingsFile(Path file, boolean namedByUser) {
        if (Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(namedByUser
                ? "no settings file at " + file.toAbsolutePath() + " (named by MEDIAGATE_CONFIG)"
                : "no settings file at " + file.toAbsolutePath() + ": " + FIX + ", or name your settings file with MEDIAGATE_CONFIG");
    }

    /** The folders the routes are read from (file: entries of the include pattern, the reload folder), when missing. */
    public static Optional<String> missingRoutes(Settings settings) {
        List<String> missing = new ArrayList<>();
        String pattern = settings.get(ROUTES).orElse("");
        for (String entry : pattern.split(",")) {
            String location = entry.trim();
            if (location.startsWith("file:")) {
                Path folder = folderOf(location.substring("file:".length()));
                if (!Files.isDirectory(folder)) {
                    missing.add("no routes folder at " + folder.toAbsolutePath() + " (" + ROUTES + " = " + pattern + ")");
                }
            }
        }
        if (missing.isEmpty() && settings.bool(RELOAD)) {
            Path folder = Path.of(settings.string(RELOAD_FOLDER));
            if (!Files.isDirectory(folder)) {
                missing.add("no routes folder at " + folder.toAbsolutePath() + " (" + RELOAD_FOLDER + ")");
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", missing) + ": " + FIX + ", or set " + ROUTES + " and " + RELOAD_FOLDER
                + " to where your routes are");
    }

    /** The fixed folder a location pattern starts with: {@code routes/*.camel.yaml} → {@code routes}. */
    static Path folderOf(String pattern) {
        String fixed = pattern;
        int wildcard = indexOfWildcard(pattern);
        if (wildcard >= 0) {
            fixed = pattern.substring(0, wildcard);
        }
        int slash = fixed.lastIndexOf('/');
        return Path.of(slash < 0 ? "." : slash == 0 ? "/" : fixed.substring(0, slash));
    }

    private static int indexOfWildcard(String pattern) {
        int star = pattern.indexOf('*');
        int question = pattern.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }
}
