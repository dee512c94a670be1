package io.mediagate.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.mediagate.flow.DataFolders;
import io.mediagate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The failed inputs under {@code failed/}: the latest error records, read-only access to a record by its path (never
 * outside {@code failed/}), and re-driving an input: its error record is kept beside it as history,
 * {@code <file>.redriven-<UTC time>.json} (no longer an {@code .error.json}, so it is no more counted or listed as a
 * failure), and the original goes back into the inbox where it was dropped, to be taken in as a new job.
 */
final class FailedInputs {

    private static final Logger LOG = LoggerFactory.getLogger(FailedInputs.class);
    static final String RECORD = ".error.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path failed;
    private final Path inbox;
    private final Clock clock;

    FailedInputs(Path failed, Path inbox, Clock clock) {
        this.failed = failed.toAbsolutePath().normalize();
        this.inbox = inbox.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** One failed input, as its error record tells it. */
    record Failure(String record, String input, String kind, String message, String failedAt, boolean redrivable) {
    }

    /** The {@code limit} newest error records. */
    List<Failure> latest(int limit) {
        if (!Files.isDirectory(failed)) {
            return List.of();
        }
        List<Path> records;
        try (Stream<Path> files = Files.walk(failed)) {
            records = files.filter(f -> f.getFileName().toString().endsWith(RECORD) && !f.getFileName().toString().startsWith("."))
                    .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> new Dated(f, modified(f)))
                    .sorted(Comparator.comparingLong(Dated::modified).reversed())
                    .limit(limit).map(Dated::file).toList();
        } catch (IOException | UncheckedIOException changing) {
            // a record moved away while listing (delivered elsewhere, re-driven): the next refresh lists again
            return List.of();
        }
        List<Failure> failures = new ArrayList<>();
        for (Path record : records) {
            JsonNode content = read(record);
            Path original = originalOf(record, content);
            failures.add(new Failure(relative(record), relative(original), content.path("kind").asText(""),
                    content.path("message").asText(""), content.path("failedAt").asText(""),
                    Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)));
        }
        return failures;
    }

    /** A JSON file under {@code failed/} (an error record or a kept one), by its path relative to it. */
    Optional<Path> json(String relative) {
        return inside(relative).filter(p -> p.getFileName().toString().endsWith(".json"))
                .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
    }

    /** What became of one input to re-drive. */
    record Redriven(String record, boolean ok, String message) {
    }

    /** Puts the input of the error record at {@code recordPath} (relative to {@code failed/}) back into the inbox. */
    Redriven redrive(String recordPath) {
        Optional<Path> found = inside(recordPath).filter(p -> p.getFileName().toString().endsWith(RECORD));
        if (found.isEmpty() || !Files.isRegularFile(found.get(), LinkOption.NOFOLLOW_LINKS)) {
            return new Redriven(recordPath, false, "no such error record under failed/ (re-driven already?)");
        }
        Path record = found.get();
        JsonNode content = read(record);
        Path original = originalOf(record, content);
        Path relative = failed.relativize(original);
        if (!Files.isRegularFile(original, LinkOption.NOFOLLOW_LINKS)) {
            return new Redriven(recordPath, false, "its original is not beside it (an item of a batch job file or a link:"
                    + " drop the input again yourself)");
        }
        if (relative.getNameCount() < 3) {
            return new Redriven(recordPath, false, "it was dropped outside a vendor/operation folder: drop it into the right one");
        }
        // under the name it was dropped as: a failure whose name another job's result had is cat.<id8>.jpg in failed/
        Path target = inbox.resolve(relative.toString()).resolveSibling(droppedName(content, original));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return new Redriven(recordPath, false, "a file of that name waits in the inbox: re-drive once it has been taken in");
        }
        // the record first: should the input fail again at once, its new record finds the name free
        Path history = DataFolders.fittedSibling(record, original.getFileName() + ".redriven-" + STAMP.format(clock.instant()) + ".json");
        try {
            DataFolders.moveReplacing(record, history);
            try {
                DataFolders.moveReplacing(original, target);
            } catch (IOException e) {
                DataFolders.moveReplacing(history, record);
                throw e;
            }
        } catch (IOException e) {
            return new Redriven(recordPath, false, "cannot move it: " + e.getMessage());
        }
        String back = inbox.relativize(target).toString().replace('\\', '/');
        LOG.info("Re-driven from the dashboard: {} back into the inbox as {} (its error record kept as {})", relative, back,
                failed.relativize(history));
        return new Redriven(recordPath, true, "back in the inbox as inbox/" + back);
    }

    /** The path under {@code failed/}, refused when it leads anywhere else (.., an absolute path, a link out). */
    private Optional<Path> inside(String relative) {
        if (relative == null || relative.isBlank() || relative.indexOf('\0') >= 0 || relative.startsWith("/") || relative.contains("\\")) {
            return Optional.empty();
        }
        Path path;
        try {
            path = failed.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        if (!path.startsWith(failed) || path.equals(failed)) {
            return Optional.empty();
        }
        try {
            // a link on the way (a folder linked to elsewhere) must not lead out either
            if (Files.exists(path) && !path.toRealPath().startsWith(failed.toRealPath())) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /** The name the input was dropped as ({@code job.source.name}), else the name it has in failed/. */
    private static String droppedName(JsonNode content, Path original) {
        String name = content.path("job").path("source").path("name").asText("");
        return isPlainName(name) ? name : original.getFileName().toString();
    }

    private static boolean isPlainName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0 && name.indexOf('\\') < 0
                && name.indexOf('\0') < 0;
    }

    /**
     * The input beside an error record, by the name the record gives it ({@code file}): an input whose name is near the
     * file system's 255 bytes keeps it, while its record's name is shortened and no longer {@code <input>.error.json}.
     * A record without that field (or with no plain name in it): its own name without the ending.
     */
    private static Path originalOf(Path record, JsonNode content) {
        String file = content.path("file").asText("");
        String named = file.substring(file.lastIndexOf('/') + 1);
        if (isPlainName(named)) {
            return record.resolveSibling(named);
        }
        String name = record.getFileName().toString();
        return record.resolveSibling(name.substring(0, name.length() - RECORD.length()));
    }

    private String relative(Path path) {
        return failed.relativize(path).toString().replace('\\', '/');
    }

    /** A record with its modification time, read once for the sort. */
    private record Dated(Path file, long modified) {
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException gone) {
            return 0;
        }
    }

    private static JsonNode read(Path record) {
        try {
            JsonNode node = Json.readOrNull(Files.readString(record));
            return node == null ? Json.MAPPER.createObjectNode() : node;
        } catch (IOException | RuntimeException unreadable) {
            return Json.MAPPER.createObjectNode();
        }
    }
}
