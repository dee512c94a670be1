package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.job.JobError;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Symbolic links in the inbox are refused, never followed: a link can lead anywhere outside the data folder, and
 * taking in what it points to would move someone's files into done/ or send them to a vendor. The inbox consumer asks
 * this filter about every entry it lists, folders included, before it descends into a folder or takes a file; a link
 * (to a file or a folder, wherever it points) is not accepted, and the person who dropped it gets an {@code input} error
 * record at {@code failed/<its path>.error.json}. The link itself is then removed from the inbox: moving it into
 * failed/ would plant a link where the gateway later writes the results of same-named inputs.
 * A link holds nothing but the path it points to, and the record keeps that path.
 */
public final class InboxLinks implements GenericFileFilter<File> {

    private static final Logger LOG = LoggerFactory.getLogger(InboxLinks.class);

    private final WorkArea workArea;
    private final Delivery delivery;
    private final Progress progress;

    public InboxLinks(WorkArea workArea, Delivery delivery, Progress progress) {
        this.workArea = workArea;
        this.delivery = delivery;
        this.progress = progress;
    }

    /** Camel's question for each listed entry: false for a link (which is refused here), true for anything else. */
    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = file.getFile().toPath();
        if (!Files.isSymbolicLink(path)) {
            return true;
        }
        refuse(path, file.getRelativeFilePath().replace('\\', '/'));
        return false;
    }

    /**
     * Whether {@code file} or a folder on its way below the inbox is a link ({@code relative}: its path below the inbox,
     * so that the inbox itself, which an administrator may well have linked elsewhere, is not in question).
     */
    static boolean linkedOnTheWay(Path file, String relative) {
        Path path = file;
        for (int levels = relative.split("/").length; levels > 0 && path != null; levels--) {
            if (Files.isSymbolicLink(path)) {
                return true;
            }
            path = path.getParent();
        }
        return false;
    }

    /** Takes the link out of the inbox (one gateway wins), writes its error record, then removes it. */
    void refuse(Path link, String relative) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException gone) {
            return; // taken by another gateway, or no longer a link: listed again at the next poll
        }
        Path held = workArea.root().resolve(".refused-links").resolve(UUID.randomUUID().toString()).resolve(link.getFileName().toString());
        try {
            Files.createDirectories(held.getParent());
            // a rename moves the link itself, never what it points to
            Files.move(link, held, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException takenByAnother) {
            removeQuietly(held.getParent());
            return;
        } catch (IOException e) {
            LOG.warn("Cannot take the link {} out of the inbox (tried again at the next poll): {}", relative, e.getMessage());
            removeQuietly(held.getParent());
            return;
        }
        try {
            progress.jobAccepted();
            delivery.deliver(refusedJob(relative, target, System.currentTimeMillis()));
        } catch (RuntimeException e) {
            // no record written: the link goes back, to be refused at the next poll
            LOG.warn("Cannot write the error record for the link {} (tried again at the next poll): {}", relative, e.getMessage());
            try {
                Files.move(held, link, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException stuck) {
                LOG.error("The link {} (to {}) could not go back to the inbox; it is kept as {}", relative, target, held);
                return;
            }
        }
        removeQuietly(held);
        removeQuietly(held.getParent());
    }

    static Job refusedJob(String relative, String target, long now) {
        Job job = new Job();
        job.setAcceptedAt(now);
        String[] parts = relative.split("/", 3);
        if (parts.length == 3) {
            job.setVendor(parts[0]);
            job.setOperation(parts[1]);
            job.setRelativePath(parts[2]);
        } else {
            job.setRelativePath(relative);
        }
        job.getSource().name = relative.substring(relative.lastIndexOf('/') + 1);
        job.setId("rejected-" + UUID.randomUUID());
        job.fail(JobError.input(job.getSource().name + " is a symbolic link (to " + target + "): the gateway refuses links"
                + " in the inbox, because they can lead outside the data folder. Nothing it points to was read, moved or"
                + " sent to a vendor. The link itself was removed from the inbox (it held nothing but the path above);"
                + " put the files themselves (copies) into the inbox instead."), now);
        return job;
    }

    private static void removeQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", path, e.getMessage());
        }
    }
}
