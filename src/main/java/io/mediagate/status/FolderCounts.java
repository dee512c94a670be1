package io.mediagate.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** What ended, read from the data folder: results in outbox/, error records in failed/, by vendor/operation. */
final class FolderCounts {

    private FolderCounts() {
    }

    /**
     * Calls {@code perFile} with {@code vendor/operation} (or "(unroutable drops)") for each file under {@code folder}
     * ({@code <vendor>/<operation>/…/<name><suffix>}) that ends with {@code suffix}; hidden files (work in progress) left out.
     */
    static void count(Path folder, String suffix, Consumer<String> perFile) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(suffix) && !f.getFileName().toString().startsWith("."))
                    .forEach(f -> {
                        Path relative = folder.relativize(f);
                        perFile.accept(relative.getNameCount() >= 3
                                ? relative.getName(0) + "/" + relative.getName(1)
                                : "(unroutable drops)");
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
    }
}
