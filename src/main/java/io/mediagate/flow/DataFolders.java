package io.mediagate.flow;

import io.mediagate.job.Job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The folder contract under the data root: {@code inbox/ outbox/ done/ failed/} and the work area
 * {@code work/} where accepted inputs wait while their job lives. Every output path keeps the
 * {@code <vendor>/<operation>/<relative path>} of the input.
 */
public final class DataFolders {

    private final Path root;

    public DataFolders(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public void create() {
        for (Path dir : new Path[]{inbox(), outbox(), done(), failed(), work()}) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data folder " + dir, e);
            }
        }
    }

    /**
     * {@code inbox/<vendor>/<operation>/} for each operation the gateway runs, so a user sees where to drop files.
     * Only a convenience: the inbox is watched as a whole, so folders made (or removed and made again) later work
     * just the same, and an empty operation folder means nothing to the gateway.
     */
    public void createOperationFolders(java.util.Collection<String> vendorOperations) {
        for (String operation : vendorOperations) {
            Path dir = inbox().resolve(operation);
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the inbox folder " + dir, e);
            }
        }
    }

    public Path root() { return root; }
    public Path inbox() { return root.resolve("inbox"); }

    /**
     * The property placeholder the ingest route watches ({@code file:{{mediagate.folders.inbox}}}): set from
     * {@link #inbox()}, so the folder's name is spelled here only.
     */
    public static final String INBOX_PROPERTY = "mediagate.folders.inbox";

    /** Gives the routes the folders they name by placeholder. */
    public void publishTo(org.apache.camel.CamelContext context) {
        context.getPropertiesComponent().addOverrideProperty(INBOX_PROPERTY, inbox().toString());
    }
    public Path outbox() { return root.resolve("outbox"); }
    public Path done() { return root.resolve("done"); }
    public Path failed() { return root.resolve("failed"); }
    public Path work() { return root.resolve("work"); }

    /** {@code <vendor>/<operation>/<relative path>} of a job's input, or just the path for unroutable drops. */
    public static String inputPath(Job job) {
        return io.mediagate.job.JobDocuments.inputPath(job);
    }

    /**
     * {@code outbox/…/cat.jpg.json}; a {@code clip.job.json} request answers in {@code clip.json}. Every name made here
     * keeps within the 255 bytes a file name may have ({@link FileNames}: a longer one is shortened the same way each time).
     */
    public Path envelopeFor(Job job) {
        return fitted(outbox(), envelopeStem(job) + ".json");
    }

    private static String envelopeStem(Job job) {
        String path = inputPath(job);
        if (job.getSource().jobFile && path.endsWith(".job.json")) {
            path = path.substring(0, path.length() - ".job.json".length());
        }
        return path;
    }

    /** An output file of the job beside its envelope: {@code outbox/…/clip.mp4.cover-00001.jpg}. */
    public Path artifactFor(Job job, String name) {
        return fitted(outbox(), envelopeStem(job) + "." + name);
    }

    public Path doneFor(Job job) {
        return fitted(done(), inputPath(job));
    }

    public Path failedFor(Job job) {
        return fitted(failed(), inputPath(job));
    }

    public Path errorFor(Job job) {
        return fitted(failed(), inputPath(job) + ".error.json");
    }

    /** A file beside {@code file} named {@code name}, made to fit a file name's length ({@link FileNames}). */
    public static Path fittedSibling(Path file, String name) {
        return file.resolveSibling(FileNames.fit(name));
    }

    /** {@code folder/<path>} with the last part of the path made to fit a file name's length ({@link FileNames}). */
    private static Path fitted(Path folder, String path) {
        return folder.resolve(FileNames.fitLast(path));
    }

    /**
     * {@code sub/cat.jpg} with {@code .1a2b3c4d} → {@code sub/cat.1a2b3c4d.jpg}: the name a later job's result takes when
     * another job's result has the name. The extension stays last, so tools that go by it still work, and
     * {@code .job.json} counts as one extension ({@code week.1a2b3c4d.job.json} answers in {@code week.1a2b3c4d.json}).
     */
    public static String withSuffix(String path, String suffix) {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dot = name.endsWith(".job.json") ? name.length() - ".job.json".length() : name.lastIndexOf('.');
        int at = dot <= 0 ? path.length() : slash + 1 + dot;
        return path.substring(0, at) + suffix + path.substring(at);
    }

    /** Writes a file so that readers see either nothing or the whole content: temp file beside it, then rename. */
    public static void writeAtomically(Path target, byte[] content) {
        writeAtomically(target, content, target.getParent());
    }

    /**
     * Writes a file so that readers see either nothing or the whole content: the bytes go to a temp file in
     * {@code scratch} (same file system), which is then renamed onto the target. A crash mid-write leaves the
     * temp file in {@code scratch}, never a stray partial file beside the target.
     */
    public static void writeAtomically(Path target, byte[] content, Path scratch) {
        placeAtomically(target, scratch, temp -> Files.write(temp, content));
    }

    /** Copies a file the same way: readers of {@code target} see nothing or the whole copy. */
    public static void copyAtomically(Path source, Path target, Path scratch) {
        placeAtomically(target, scratch, temp -> Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING));
    }

    private interface Filler {
        void fill(Path temp) throws IOException;
    }

    /** The bytes are flushed to disk before the rename, and the rename after it (see {@link Durable}). */
    private static void placeAtomically(Path target, Path scratch, Filler filler) {
        try {
            Files.createDirectories(scratch);
            // the target's name, cut: a temp name adds a dot, ~19 random digits and .tmp, which must fit too
            Path temp = Files.createTempFile(scratch, "." + FileNames.cut(target.getFileName().toString(), 200), ".tmp");
            try {
                filler.fill(temp);
                Durable.file(temp);
                moveReplacing(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * Moves a file, replacing what is there; atomic where the file system allows it, and flushed to disk (both folders)
     * before it returns. Callers make sure that what it replaces is not another job's (see {@link ResultNames}).
     */
    public static void moveReplacing(Path from, Path to) throws IOException {
        Durable.createFolders(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        Durable.moved(from, to);
    }

}
