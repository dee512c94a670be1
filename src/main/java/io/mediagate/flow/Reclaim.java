package io.mediagate.flow;

import io.mediagate.job.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Puts inputs back into the inbox, where they are taken again: what a dead gateway left half taken (see
 * {@link LiveInstances}), job folders a crash left without a job record, and a job that is ended before it was sent.
 * An abandoned job folder is first renamed to {@code work/.reclaim/<gateway>/…} and emptied from there.
 */
public final class Reclaim {

    private static final Logger LOG = LoggerFactory.getLogger(Reclaim.class);

    private final Path root;
    private final LiveInstances instances;

    public Reclaim(Path root, LiveInstances instances) {
        this.root = root;
        this.instances = instances;
    }

    /**
     * Ends a live job that was not sent yet by putting its input (and the aliases that joined it) back into the inbox,
     * as for an abandoned job: its file changed after it was taken, so the job no longer describes it.
     * @return how many files went back
     */
    public int returnJob(Job job, Path inbox) {
        Path reclaimed = root.resolve(".reclaim").resolve(instances.id()).resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(reclaimed.getParent());
            Files.move(root.resolve(job.getId()), reclaimed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside job " + job.getId() + " to return its input", e);
        }
        return returnReclaimed(reclaimed, inbox);
    }

    /**
     * Inputs a dead gateway had claimed from the inbox without building their job go back to the inbox,
     * where they are taken again; so do inputs of job folders with no job record (a crash before it was
     * written) created before {@code cutoff} (epoch millis).
     * @return how many files went back
     */
    public int returnUnbuiltClaims(Path inbox, long cutoff) {
        int returned = 0;
        Path incoming = root.resolve(".incoming");
        if (Files.isDirectory(incoming)) {
            try (Stream<Path> claimers = Files.list(incoming)) {
                for (Path claimer : (Iterable<Path>) claimers::iterator) {
                    String gateway = claimer.getFileName().toString();
                    if (!instances.isAlive(gateway)) {
                        int back = returnFiles(claimer, inbox, Reclaim::claimedPath);
                        if (back >= 0) {
                            returned += back;
                            instances.forget(gateway);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        instances.others().stream().filter(other -> !instances.isAlive(other)).forEach(instances::forget);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!dir.getFileName().toString().startsWith(".") && Files.isDirectory(dir) && !JobFolders.hasJobRecord(dir)
                        && WorkFiles.olderThan(dir, cutoff)) {
                    // First take the folder out of the way in one rename: an input filed into it as an alias
                    // a moment later then lands in a fresh folder instead of being deleted with this one.
                    // under this gateway's name: no other gateway touches it while this one lives
                    Path reclaimed = root.resolve(".reclaim").resolve(instances.id()).resolve(UUID.randomUUID().toString());
                    try {
                        Durable.createFolders(reclaimed.getParent());
                        Files.move(dir, reclaimed, StandardCopyOption.ATOMIC_MOVE);
                        Durable.moved(dir, reclaimed);
                    } catch (IOException takenOrChanged) {
                        continue;
                    }
                    returned += returnReclaimed(reclaimed, inbox);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // what a gateway that died while returning files left behind
        Path reclaim = root.resolve(".reclaim");
        if (Files.isDirectory(reclaim)) {
            try (Stream<Path> gateways = Files.list(reclaim)) {
                for (Path gateway : (Iterable<Path>) gateways::iterator) {
                    String owner = gateway.getFileName().toString();
                    if (owner.equals(instances.id()) || !instances.isAlive(owner)) {
                        try (Stream<Path> dirs = Files.list(gateway)) {
                            for (Path dir : (Iterable<Path>) dirs::iterator) {
                                returned += returnReclaimed(dir, inbox);
                            }
                        }
                        WorkFiles.pruneUp(gateway, reclaim);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return returned;
    }

    /** The input and the aliases of an abandoned job folder go back to the inbox; the rest is dropped. */
    private int returnReclaimed(Path reclaimed, Path inbox) {
        if (Files.exists(reclaimed.resolve(JobFolders.REQUEST_INPUT))) {
            LOG.info("Dropped the half-filed input of a queue request ({}): the broker gives the request again",
                    reclaimed.getFileName());
            WorkFiles.deleteTree(reclaimed.resolve("input"));
            JobFolders.flatInputs(reclaimed).forEach(WorkFiles::deleteTree);
        }
        int input = returnFiles(reclaimed.resolve("input"), inbox, Path::toString);
        int flat = 0;
        for (Path file : JobFolders.flatInputs(reclaimed)) {
            flat += returnFile(file, FlatNames.relativeOfInput(file.getFileName().toString()), inbox);
        }
        int aliases = returnFiles(reclaimed.resolve("aliases"), inbox, alias -> alias.subpath(1, alias.getNameCount()).toString());
        if (input < 0 || aliases < 0) {
            // could not list everything: leave the rest for the next round rather than delete an input
            return Math.max(input, 0) + flat + Math.max(aliases, 0);
        }
        WorkFiles.deleteTree(reclaimed);
        return input + flat + aliases;
    }

    /**
     * Where a claim of a dead gateway goes back to: a flat claim's name holds its relative path
     * ({@code <uuid>.<flat path>}), a long one lies at its path under a claim folder ({@code <uuid>/<relative path>}).
     */
    private static String claimedPath(Path claim) {
        if (claim.getNameCount() > 1) {
            return claim.subpath(1, claim.getNameCount()).toString();
        }
        String relative = FlatNames.relativeOfClaim(claim.toString());
        // not a claim's name: nothing the gateway makes, but never deleted either; back it goes under its own name
        return relative != null ? relative : claim.toString();
    }

    /**
     * Moves every file below {@code from} back to the inbox, at the relative path {@code inboxPath} gives for its path
     * below {@code from}, then removes {@code from}.
     * @return how many went back; -1 when {@code from} changed while it was listed (nothing below it is removed then)
     */
    private int returnFiles(Path from, Path inbox, Function<Path, String> inboxPath) {
        if (!Files.isDirectory(from)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        } catch (IOException | UncheckedIOException changing) {
            // the folder changed while being listed: say so, so that nothing below it is deleted
            return -1;
        }
        int returned = 0;
        for (Path file : files) {
            returned += returnFile(file, inboxPath.apply(from.relativize(file)), inbox);
        }
        WorkFiles.deleteTree(from);
        return returned;
    }

    /** @return 1 when the file went back to the inbox at {@code relative}, 0 when another gateway returned it first */
    private int returnFile(Path file, String relative, Path inbox) {
        Path target = inbox.resolve(relative);
        if (Files.exists(target)) {
            // a new file of the same name was dropped meanwhile: keep both, the returned one renamed
            target = target.resolveSibling(WorkFiles.returnedName(target.getFileName().toString()));
        }
        try {
            DataFolders.moveReplacing(file, target);
        } catch (NoSuchFileException returnedByAnother) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot return " + file + " to the inbox", e);
        }
        LOG.warn("Returned {} to the inbox: it was taken in by a gateway that stopped before its job was made", relative);
        return 1;
    }
}
