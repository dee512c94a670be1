package io.mediagate.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Inputs being taken in, before their job is made: files taken from the inbox
 * ({@code work/.incoming/<gateway>/<uuid>.<flat path>}) and queue requests' content
 * ({@code work/.request-claims/<gateway>/<uuid>.<flat path>}); the flat path is the input's relative path in one name
 * ({@link FlatNames}), and a path too long for that is kept as folders ({@code <gateway>/<uuid>/<relative path>}). A claim ends as a job (or as an alias of the live
 * job of the same input: {@link #register}), back in the inbox, or, for a rejected request, discarded.
 * Moves within one file system are atomic, so two gateways sharing the data folder never take the same file.
 */
public final class Claims {

    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);

    private final Path root;
    private final LiveInstances instances;
    private final JobFolders jobs;

    public Claims(Path root, LiveInstances instances, JobFolders jobs) {
        this.root = root;
        this.instances = instances;
        this.jobs = jobs;
    }

    /**
     * A new claim of the input at {@code relative}: {@code <claims>/<uuid>.<flat path>}, one name that holds the path
     * ({@link FlatNames}), so that no folder is made for it; {@code <claims>/<uuid>/<relative path>} when the path is too
     * long for one name.
     */
    private static Path claimPath(Path claims, String relative) {
        String flat = FlatNames.claim(relative);
        return flat != null ? claims.resolve(flat) : claims.resolve(UUID.randomUUID().toString()).resolve(relative);
    }

    /** Whether a folder is one of this gateway's claims folders (a flat claim lies in it, a nested one's folder too). */
    private boolean isClaims(Path folder) {
        return inboxClaims().equals(folder) || requestClaims().equals(folder);
    }

    /** Where this gateway puts the files it is taking in. */
    private Path inboxClaims() {
        return root.resolve(".incoming").resolve(instances.id());
    }

    private Path requestClaims() {
        return root.resolve(".request-claims").resolve(instances.id());
    }

    /**
     * Takes a file out of the inbox; null when another gateway took it first, or when it is (or lies in a folder that
     * is) a symbolic link: a link is never followed out of the data folder (the inbox refuses it, see {@link InboxLinks}).
     */
    public Path claim(Path inboxFile, String relative) {
        if (InboxLinks.linkedOnTheWay(inboxFile, relative)) {
            return null;
        }
        Path target = claimPath(inboxClaims(), relative);
        try {
            Durable.createFolders(target.getParent());
            Files.move(inboxFile, target, StandardCopyOption.ATOMIC_MOVE);
            if (Files.isSymbolicLink(target)) {
                // made a link after the check: the rename moved the link itself; back it goes, unread
                returnClaim(target, inboxFile);
                return null;
            }
            Durable.moved(inboxFile, target);
            return target;
        } catch (NoSuchFileException takenByAnother) {
            WorkFiles.pruneUp(target.getParent(), inboxClaims());
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + inboxFile + " into the work area", e);
        }
    }

    /**
     * Puts a claimed file that changed after it was taken back where it was dropped (beside, renamed, if a new file
     * of that name was dropped meanwhile), so that it is never lost and never becomes two jobs.
     * @return where it is now
     */
    public Path returnClaim(Path claimed, Path inboxFile) {
        Path target = Files.exists(inboxFile) ? inboxFile.resolveSibling(WorkFiles.returnedName(inboxFile.getFileName().toString())) : inboxFile;
        try {
            Files.createDirectories(target.getParent());
            Files.move(claimed, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put " + claimed + " back into the inbox", e);
        }
        WorkFiles.pruneUp(claimed.getParent(), inboxClaims());
        return target;
    }

    /**
     * Writes an input that did not come as a file (a queue request) into this gateway's claims, as if it had been
     * taken from the inbox at {@code relative}; from here on it is handled like a dropped file.
     */
    public Path claimContent(String relative, byte[] content) {
        // not among the inbox claims: a request that is not committed is still on the queue, so its leftover claim
        // must never go to the inbox as a file job without its reply address (see removeStaleRequestClaims)
        Path target = claimPath(requestClaims(), relative);
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + relative + " into the work area", e);
        }
    }

    /** Removes a claim that will not become a job (a rejected queue request: its answer says why). */
    public void discardClaim(Path claimed) {
        try {
            Files.deleteIfExists(claimed);
            WorkFiles.pruneUp(claimed.getParent(), requestClaims());
        } catch (IOException e) {
            LOG.warn("cannot remove the rejected claim {}: {}", claimed, e.getMessage());
        }
    }

    /**
     * Removes request claims (of any gateway) left by a crash before their commit: the request itself went back to the
     * queue, and comes again.
     */
    public void removeStaleRequestClaims() {
        Path leftovers = root.resolve(".request-claims");
        if (Files.isDirectory(leftovers)) {
            try (Stream<Path> files = Files.walk(leftovers)) {
                files.filter(Files::isRegularFile).filter(f -> WorkFiles.olderThan(f, System.currentTimeMillis() - 3_600_000L))
                        .forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("cannot clean request claims: {}", e.getMessage());
            }
        }
    }

    /** The outcome of registering a claimed input under its job id. */
    public record Registration(boolean newJob, Path file) {
    }

    /**
     * Makes the job live, or, when a job with the same id (same content, operation and parameters) is
     * already live, files the input as an alias that gets the same result without a second vendor call.
     * Creating the job folder is the claim that makes a job live exactly once.
     */
    public Registration register(String jobId, Path claimed, String relative) {
        Path jobDir = jobs.folder(jobId);
        try {
            // the input's bytes reach the disk before anything on the broker can stand for them
            Durable.file(claimed);
            try {
                Files.createDirectory(jobDir);
                if (claimed.startsWith(root.resolve(".request-claims"))) {
                    // a queue request's input: if a crash comes before its job record, the request itself is still
                    // on the broker (not committed) and comes again, so its input must never go to the inbox
                    Files.createFile(jobDir.resolve(JobFolders.REQUEST_INPUT));
                    Durable.folder(jobDir);
                }
                Durable.folder(root);
                return new Registration(true, fileIn(claimed, relative, jobDir));
            } catch (FileAlreadyExistsException live) {
                Path alias = jobDir.resolve("aliases").resolve(UUID.randomUUID().toString()).resolve(relative);
                moveFrom(claimed, alias);
                return new Registration(false, alias);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot file " + claimed + " under job " + jobId, e);
        }
    }

    /**
     * Files a new job's input in its folder: a flat claim as {@code input.<flat path>} ({@link FlatNames}: no folder
     * made or removed for it), one whose path is too long for one name under {@code input/<relative path>}.
     */
    private Path fileIn(Path claimed, String relative, Path jobDir) throws IOException {
        String flat = FlatNames.input(relative);
        if (flat == null || !isClaims(claimed.getParent())) {
            return moveClaimIn(claimed, relative, jobDir.resolve("input"));
        }
        Path target = jobDir.resolve(flat);
        Files.move(claimed, target, StandardCopyOption.ATOMIC_MOVE);
        Durable.moved(claimed, target);
        return target;
    }

    /**
     * Files a new job's input at {@code input/<relative path>}: the claim's own folder ({@code <claims>/<claim>/}, which
     * holds just this file at its relative path) becomes {@code input/} in one rename, so the folders of the relative
     * path are not made, flushed and removed once more (six directory operations and three flushes fewer per job).
     */
    private Path moveClaimIn(Path claimed, String relative, Path input) throws IOException {
        Path claim = claimed;
        for (int level = Path.of(relative).getNameCount(); level > 0 && claim != null; level--) {
            claim = claim.getParent();
        }
        Path target = input.resolve(relative);
        if (claim == null || !isClaims(claim.getParent())) {
            moveFrom(claimed, target);
            return target;
        }
        Files.move(claim, input, StandardCopyOption.ATOMIC_MOVE);
        Durable.moved(claim, input);
        return target;
    }

    private void moveFrom(Path claimed, Path target) throws IOException {
        DataFolders.moveReplacing(claimed, target);
        WorkFiles.pruneUp(claimed.getParent(), inboxClaims());
    }
}
