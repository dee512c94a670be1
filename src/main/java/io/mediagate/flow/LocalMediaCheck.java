package io.mediagate.flow;

import io.mediagate.job.JobFailure;
import io.mediagate.job.JobSource;
import io.mediagate.json.Json;
import io.mediagate.media.MediaFacts;
import io.mediagate.media.MediaProbe;
import io.mediagate.media.MediaTypes;
import io.mediagate.vendors.OperationSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * Checks a dropped media file before any vendor sees it: the operation takes local files of its extension, the file
 * is not empty, and the media itself can be read (what was learned of it goes into the job's source).
 */
final class LocalMediaCheck {

    private LocalMediaCheck() {
    }

    /** @param source the dropped file's source, its name and size already set */
    static void check(JobSource source, OperationSpec spec, Path work) {
        String extension = MediaTypes.extension(source.name);
        if (!spec.acceptsLocalFiles()) {
            throw JobFailure.input(spec.key() + " takes media only by URL or OSS path: drop a '<name>.job.json' with"
                    + " {\"url\": \"https://…\"} or {\"oss\": \"oss://bucket/key\"} instead of " + source.name);
        }
        if (!spec.extensions().contains(extension)) {
            throw JobFailure.input(source.name + ": " + spec.key() + " does not take '" + (extension.isEmpty() ? "(no extension)" : "." + extension)
                    + "' files; it takes " + String.join(", ", new TreeSet<>(spec.extensions())));
        }
        if (source.bytes == 0) {
            throw JobFailure.input(source.name + " is empty (0 bytes); nothing was sent to the vendor");
        }
        try {
            MediaFacts facts = MediaProbe.probe(work, extension);
            source.media = Json.MAPPER.valueToTree(facts);
        } catch (MediaProbe.UnreadableMediaException e) {
            throw JobFailure.input(source.name + " cannot be used: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
