package io.mediagate.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The queue requests that made a job, one marker each under {@code work/.requests/<key>} (the key: request id and
 * content), so that the same request again makes no second job until it is forgotten.
 */
public final class RequestMemory {

    private static final Logger LOG = LoggerFactory.getLogger(RequestMemory.class);

    private final Path folder;

    /** @param workRoot the work folder; the memory is kept in its {@code .requests/} */
    public RequestMemory(Path workRoot) {
        this.folder = workRoot.resolve(".requests");
    }

    /** What is remembered of a queue request: the job it made and the JMS message that carried it (null: unknown). */
    public record RememberedRequest(String jobId, String messageId) {
    }

    /** Whether a queue request with this key (request id and content) made a job before. */
    public boolean seen(String key) {
        return remembered(key) != null;
    }

    /** The memory of a queue request with this key, or null when it made no job (or was forgotten). */
    public RememberedRequest remembered(String key) {
        Path marker = folder.resolve(key);
        try {
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                // cut short by a crash while it was written (before the request's commit): not remembered
                return null;
            }
            return new RememberedRequest(lines.get(0), lines.size() > 1 ? lines.get(1) : null);
        } catch (NoSuchFileException unknown) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of request " + key, e);
        }
    }

    public void remember(String key, String jobId) {
        remember(key, jobId, null);
    }

    /**
     * Remembers a queue request that made a job (kept under {@code work/.requests/}, with the job's id): the same
     * request again makes no second job. Written once the job is filed, so a rejected request is not remembered.
     * It is written inside the request's transaction, so it also outlives a crash before that commit; the JMS message
     * id kept with it tells the broker's redelivery of that very message (its own, uncommitted memory) from a repeat.
     */
    public void remember(String key, String jobId, String messageId) {
        Path marker = folder.resolve(key);
        try {
            Files.createDirectories(marker.getParent());
            // whole or not at all: a memory holding the job id without the message id would answer the request's own
            // redelivery "duplicate"
            DataFolders.writeAtomically(marker, (messageId == null ? jobId : jobId + "\n" + messageId).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record request " + key, e);
        }
    }

    /**
     * Forgets requests remembered before {@code cutoff} (epoch millis): the same request after that is a new job.
     * @return how many were forgotten
     */
    public int forgetBefore(long cutoff) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int forgotten = 0;
        try (Stream<Path> markers = Files.list(folder)) {
            for (Path marker : (Iterable<Path>) markers::iterator) {
                if (Files.getLastModifiedTime(marker).toMillis() < cutoff && Files.deleteIfExists(marker)) {
                    forgotten++;
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot prune the remembered requests: {}", e.getMessage());
        }
        return forgotten;
    }
}
