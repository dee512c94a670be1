package io.mediagate.flow;

import io.mediagate.job.Job;
import io.mediagate.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The work area holds every accepted input while its job lives, one folder per job:
 * <pre>
 * work/.instances/&lt;gateway&gt;.lock               held (OS file lock) by each running gateway
 * work/.incoming/&lt;gateway&gt;/&lt;claim&gt;/&lt;relative path&gt;   claimed from the inbox, job not yet built
 * work/&lt;job id&gt;/job.json                         the job as accepted
 * work/&lt;job id&gt;/input/&lt;relative path&gt;          the input file
 * work/&lt;job id&gt;/aliases/&lt;n&gt;/&lt;relative path&gt;   the same input dropped again while the job lives
 * work/&lt;job id&gt;/enqueued-&lt;accepted&gt;              written once this acceptance's first message is on the broker
 * work/&lt;job id&gt;/submitting                       the vendor call count before the last submit call
 * work/.delivering/&lt;job id&gt;-&lt;accepted&gt;/            a job's folder set aside while its results are delivered
 * work/.reclaim/&lt;gateway&gt;/…                       an abandoned job folder whose inputs go back to the inbox
 * </pre>
 * Moves within one file system are atomic, so two gateways sharing the data folder never take the same
 * file, and creating the job folder is the claim that makes a job live exactly once. What a dead gateway
 * left half taken is put back by the others (see {@link LiveInstances}).
 */
public final class WorkArea {

    private static final Logger LOG = LoggerFactory.getLogger(WorkArea.class);
    /** In a job folder: its input came from a queue request (see {@link #register}). */
    private static final String REQUEST_INPUT = "from-request";

    private final Path root;
    private final LiveInstances instances;

    public WorkArea(Path root, LiveInstances instances) {
        this.root = root;
        this.instances = instances;
    }

    public LiveInstances instances() {
        return instances;
    }

    /** Where this gateway puts the files it is taking in. */
    private Path claims() {
        return root.resolve(".incoming").resolve(instances.id());
    }

    public Path root() {
        return root;
    }

    /**
     * Takes a file out of the inbox; null when another gateway took it first, or when it is (or lies in a folder that
     * is) a symbolic link: a link is never followed out of the data folder (the inbox refuses it, see {@link InboxLinks}).
     */
    public Path claim(Path inboxFile, String relative) {
        if (InboxLinks.linkedOnTheWay(inboxFile, relative)) {
            return null;
        }
        Path target = claims().resolve(UUID.randomUUID().toString()).resolve(relative);
        try {
            Durable.createFolders(target.getParent());
            Files.move(inboxFile, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            if (Files.isSymbolicLink(target)) {
                // made a link after the check: the rename moved the link itself; back it goes, unread
                returnClaim(target, inboxFile);
                return null;
            }
            Durable.moved(inboxFile, target);
            return target;
        } catch (NoSuchFileException takenByAnother) {
            pruneUp(target.getParent(), claims());
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
        Path target = Files.exists(inboxFile) ? inboxFile.resolveSibling(returnedName(inboxFile.getFileName().toString())) : inboxFile;
        try {
            Files.createDirectories(target.getParent());
            Files.move(claimed, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put " + claimed + " back into the inbox", e);
        }
        pruneUp(claimed.getParent(), claims());
        return target;
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
            Files.move(root.resolve(job.getId()), reclaimed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside job " + job.getId() + " to return its input", e);
        }
        return returnReclaimed(reclaimed, inbox);
    }

    /**
     * Writes an input that did not come as a file (a queue request) into this gateway's claims, as if it had been
     * taken from the inbox at {@code relative}; from here on it is handled like a dropped file.
     */
    public Path claimContent(String relative, byte[] content) {
        // not among the inbox claims: a request that is not committed is still on the queue, so its leftover claim
        // must never go to the inbox as a file job without its reply address (see forgetRequestsBefore)
        Path target = requestClaims().resolve(UUID.randomUUID().toString()).resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + relative + " into the work area", e);
        }
    }

    private Path requestClaims() {
        return root.resolve(".request-claims").resolve(instances.id());
    }

    /** Removes a claim that will not become a job (a rejected queue request: its answer says why). */
    public void discardClaim(Path claimed) {
        try {
            Files.deleteIfExists(claimed);
            pruneUp(claimed.getParent(), requestClaims());
        } catch (IOException e) {
            LOG.warn("cannot remove the rejected claim {}: {}", claimed, e.getMessage());
        }
    }

    /** Whether a queue request with this key (request id and content) made a job before. */
    public boolean seenRequest(String key) {
        return rememberedRequest(key) != null;
    }

    /** What is remembered of a queue request: the job it made and the JMS message that carried it (null: unknown). */
    public record RememberedRequest(String jobId, String messageId) {
    }

    /** The memory of a queue request with this key, or null when it made no job (or was forgotten). */
    public RememberedRequest rememberedRequest(String key) {
        Path marker = root.resolve(".requests").resolve(key);
        try {
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                // cut short by a crash while it was written (before the request's commit): not remembered
                return null;
            }
            return new RememberedRequest(lines.isEmpty() ? "" : lines.get(0), lines.size() > 1 ? lines.get(1) : null);
        } catch (NoSuchFileException unknown) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the memory of request " + key, e);
        }
    }

    public void rememberRequest(String key, String jobId) {
        rememberRequest(key, jobId, null);
    }

    /**
     * Remembers a queue request that made a job (kept under {@code work/.requests/}, with the job's id): the same
     * request again makes no second job. Written once the job is filed, so a rejected request is not remembered.
     * It is written inside the request's transaction, so it also outlives a crash before that commit; the JMS message
     * id kept with it tells the broker's redelivery of that very message (its own, uncommitted memory) from a repeat.
     */
    public void rememberRequest(String key, String jobId, String messageId) {
        Path marker = root.resolve(".requests").resolve(key);
        try {
            Files.createDirectories(marker.getParent());
            // whole or not at all: a memory holding the job id without the message id would answer the request's own
            // redelivery "duplicate"
            DataFolders.writeAtomically(marker, (messageId == null ? jobId : jobId + "\n" + messageId).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record request " + key, e);
        }
    }

    /** The record of a live job, or null when the job is not live (ended) or its record cannot be read. */
    public Job liveJob(String jobId) {
        Path dir = root.resolve(jobId);
        return Files.isDirectory(dir) ? readJob(dir) : null;
    }

    /** Whether this acceptance of the job is marked as being on the broker (see {@link #markEnqueued}). */
    public boolean isEnqueued(Job job) {
        return Files.exists(enqueuedMarker(root.resolve(job.getId()), job.getAcceptedAt()));
    }

    /** Whether a job with this id is live (its folder exists). */
    public boolean isLive(String jobId) {
        return Files.isDirectory(root.resolve(jobId));
    }

    /** Removes an input that was filed as an alias of a live job (a queue request that will not wait for it). */
    public void dropAlias(Path aliasFile) {
        try {
            Files.deleteIfExists(aliasFile);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", aliasFile, e.getMessage());
        }
    }

    /**
     * Forgets requests remembered before {@code cutoff} (epoch millis): the same request after that is a new job.
     * Also removes request claims left by a crash before their commit (the request itself went back to the queue).
     */
    public int forgetRequestsBefore(long cutoff) {
        Path leftovers = root.resolve(".request-claims");
        if (Files.isDirectory(leftovers)) {
            try (Stream<Path> files = Files.walk(leftovers)) {
                files.filter(Files::isRegularFile).filter(f -> olderThan(f, System.currentTimeMillis() - 3_600_000L))
                        .forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("cannot clean request claims: {}", e.getMessage());
            }
        }
        Path folder = root.resolve(".requests");
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

    /** The outcome of registering a claimed input under its job id. */
    public record Registration(boolean newJob, Path file) {
    }

    /**
     * Makes the job live, or, when a job with the same id (same content, operation and parameters) is
     * already live, files the input as an alias that gets the same result without a second vendor call.
     */
    public Registration register(String jobId, Path claimed, String relative) {
        Path jobDir = root.resolve(jobId);
        try {
            // the input's bytes reach the disk before anything on the broker can stand for them
            Durable.file(claimed);
            try {
                Files.createDirectory(jobDir);
                if (claimed.startsWith(root.resolve(".request-claims"))) {
                    // a queue request's input: if a crash comes before its job record, the request itself is still
                    // on the broker (not committed) and comes again, so its input must never go to the inbox
                    Files.createFile(jobDir.resolve(REQUEST_INPUT));
                    Durable.folder(jobDir);
                }
                Durable.folder(root);
                Path input = jobDir.resolve("input").resolve(relative);
                moveFrom(claimed, input);
                return new Registration(true, input);
            } catch (FileAlreadyExistsException live) {
                Path alias = jobDir.resolve("aliases").resolve(UUID.randomUUID().toString()).resolve(relative);
                moveFrom(claimed, alias);
                return new Registration(false, alias);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot file " + claimed + " under job " + jobId, e);
        }
    }

    private void moveFrom(Path claimed, Path target) throws IOException {
        DataFolders.moveReplacing(claimed, target);
        pruneUp(claimed.getParent(), claims());
    }

    /**
     * Written atomically and flushed to disk before the job's first message is sent: after a crash, even a power loss,
     * the job record is either whole or absent (absent: the message was never sent either).
     */
    public void saveJob(Job job) {
        DataFolders.writeAtomically(root.resolve(job.getId()).resolve("job.json"), Json.write(job).getBytes(StandardCharsets.UTF_8));
    }

    /** The job record of a job folder, or null when there is none or it cannot be read (see {@link #hasJobRecord}). */
    private static Job readJob(Path dir) {
        Path file = dir.resolve("job.json");
        try {
            return Files.exists(file) ? Json.read(Files.readString(file), Job.class) : null;
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("Unreadable job record {} (empty or cut short by a power loss?): its input waits for the job's message;"
                    + " if none comes, move the input back to the inbox by hand: {}", file, unreadable.getMessage());
            return null;
        }
    }

    /**
     * Whether the folder has a {@code job.json} at all, readable or not. One that exists but cannot be read (empty or
     * cut short: a power loss before it reached the disk, which fsync now prevents, or a damaged disk) may belong to a
     * job whose message is on the broker, so its input is not sent back to the inbox (that would be a second job).
     */
    private static boolean hasJobRecord(Path dir) {
        return Files.exists(dir.resolve("job.json"));
    }

    /**
     * Marks this acceptance of the job (its id and {@code acceptedAt}, as in its duplicate id) as being on the broker.
     * A marker by id alone could land late, in the folder of the same content accepted again after this job ended, and
     * hide that new job from the reconciler although its message was never sent.
     */
    public void markEnqueued(Job job) {
        // not flushed to disk: when it is lost the reconciler sends the job again and the broker refuses the copy
        try {
            Files.writeString(enqueuedMarker(root.resolve(job.getId()), job.getAcceptedAt()), String.valueOf(System.currentTimeMillis()));
        } catch (NoSuchFileException finishedAlready) {
            // a fast job can be delivered (and its folder removed) before this marker is written
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark job " + job.getId() + " as enqueued", e);
        }
    }

    private static Path enqueuedMarker(Path jobDir, long acceptedAt) {
        return jobDir.resolve("enqueued-" + acceptedAt);
    }

    /**
     * Written (and flushed to disk) before a submit call: the number of vendor calls made before it, and how many
     * submit calls were started from that same job state (more than one when the gateway crashed after sending).
     */
    public void recordSubmitting(String jobId, int callsBefore) {
        Path marker = root.resolve(jobId).resolve("submitting");
        int sends = submitsSent(jobId, callsBefore) + 1;
        try {
            Files.createDirectories(marker.getParent());
            try (var channel = java.nio.channels.FileChannel.open(marker, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(java.nio.ByteBuffer.wrap((callsBefore + " " + sends).getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Durable.folder(marker.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the submission of job " + jobId, e);
        }
    }

    /** Whether a submit call was already started from this very job state (and perhaps reached the vendor). */
    public boolean wasSubmitting(String jobId, int callsBefore) {
        return submitsSent(jobId, callsBefore) > 0;
    }

    /** How many submit calls were started from this job state (after {@code callsBefore} calls): 0 when none. */
    public int submitsSent(String jobId, int callsBefore) {
        Path marker = root.resolve(jobId).resolve("submitting");
        try {
            if (!Files.exists(marker)) {
                return 0;
            }
            String[] fields = Files.readString(marker).trim().split("\\s+");
            if (fields[0].isEmpty()) {
                // made, but its content never reached the disk (a power loss): a submit may have been sent
                return 1;
            }
            if (!fields[0].equals(String.valueOf(callsBefore))) {
                return 0;
            }
            // a marker of an older version holds the count alone: one call
            return fields.length > 1 ? Integer.parseInt(fields[1]) : 1;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * One line per live job, for a person: {@code vendor/operation/path (job id)}; also inputs being delivered
     * (taken out of the job folders) and jobs whose record is not written (yet).
     */
    public List<String> liveJobDescriptions() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs.sorted()::iterator) {
                if (dir.getFileName().toString().startsWith(".") || !Files.isDirectory(dir)) {
                    continue;
                }
                Job job = readJob(dir);
                lines.add(job == null ? "job " + dir.getFileName() + " (being taken in)"
                        : job.getVendor() + "/" + job.getOperation() + "/" + job.getRelativePath()
                        + " (job " + job.getId() + ")");
            }
            Path delivering = root.resolve(".delivering");
            if (Files.isDirectory(delivering)) {
                try (Stream<Path> sealed = Files.list(delivering)) {
                    sealed.sorted().forEach(folder -> lines.add("job " + folder.getFileName() + " (being delivered)"));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            lines.add("(the work area cannot be read: " + e.getMessage() + ")");
        }
        return lines;
    }

    /** True when no job lives and nothing is being taken in. */
    public boolean isIdle() {
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.anyMatch(p -> !p.getFileName().toString().startsWith("."))) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path taking : List.of(root.resolve(".incoming"), root.resolve(".reclaim"), root.resolve(".delivering"))) {
            if (Files.isDirectory(taking)) {
                try (Stream<Path> walk = Files.walk(taking)) {
                    if (walk.anyMatch(Files::isRegularFile)) {
                        return false;
                    }
                } catch (IOException | UncheckedIOException changing) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Takes a job's folder out of the way before its results are delivered, in one rename, so that an input
     * filed as its alias a moment later lands in a fresh folder (and becomes a new job) instead of being deleted
     * with this one. Idempotent: a delivery that was interrupted finds its folder again. The returned folder
     * ({@code work/.delivering/<job id>-<accepted at>}) exists in any case; delete it when the delivery is done.
     */
    public Path seal(Job job) {
        rememberOrigin(job);
        Path sealed = sealedFolder(job);
        if (Files.isDirectory(sealed)) {
            return sealed;
        }
        Path live = root.resolve(job.getId());
        Job owner = Files.isDirectory(live) ? readJob(live) : null;
        // a folder whose record is unreadable (a power loss) is taken for this job's when this job's input is in it: a
        // later acceptance of the same content flushes its record to disk before its message exists
        boolean ours = owner != null ? owner.getAcceptedAt() == job.getAcceptedAt()
                : Files.isDirectory(live) && hasJobRecord(live) && job.getSource().workFile != null
                        && Path.of(job.getSource().workFile).startsWith(live) && Files.exists(Path.of(job.getSource().workFile));
        try {
            Durable.createFolders(sealed.getParent());
            // only this very job's folder: after a finished job, the same input dropped again is a new job
            if (ours) {
                Files.move(live, sealed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Durable.moved(live, sealed);
            } else {
                Files.createDirectories(sealed);
            }
        } catch (NoSuchFileException gone) {
            return sealedOrCreate(sealed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the folder of job " + job.getId(), e);
        }
        return sealed;
    }

    private static Path sealedOrCreate(Path sealed) {
        try {
            return Files.createDirectories(sealed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + sealed, e);
        }
    }

    /** A job's folder: set aside for delivery, or still live. */
    public Path folderOf(Job job) {
        Path sealed = sealedFolder(job);
        return Files.isDirectory(sealed) ? sealed : root.resolve(job.getId());
    }

    private Path sealedFolder(Job job) {
        return root.resolve(".delivering").resolve(job.getId() + "-" + job.getAcceptedAt());
    }

    /**
     * A request's job that reaches delivery was committed (by its request, or sent again by reconciliation after a
     * crash took the request's commit and its memory with it): its request is remembered now if it is not yet, so the
     * broker's redelivery of that request, coming after the job ended, finds it done instead of making a second job.
     */
    private void rememberOrigin(Job job) {
        Job.RequestOrigin origin = job.getRequestOrigin();
        if (origin != null && rememberedRequest(origin.key()) == null) {
            rememberRequest(origin.key(), job.getId(), origin.messageId());
        }
    }

    /** Removes a delivered job's set-aside folder. */
    public void removeSealed(Path sealed) {
        deleteTree(sealed);
    }

    /**
     * Jobs whose folder exists but whose first message never reached the broker (a crash at ingest), among
     * those accepted before {@code cutoff} (epoch millis): younger ones may be on their way to the broker now.
     */
    public List<Job> unenqueuedJobs(long cutoff) {
        List<Job> jobs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (dir.getFileName().toString().startsWith(".") || !Files.isDirectory(dir)
                        || !olderThan(dir.resolve("job.json"), cutoff)) {
                    continue;
                }
                Job job = readJob(dir);
                if (job != null && !Files.exists(enqueuedMarker(dir, job.getAcceptedAt()))) {
                    jobs.add(job);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jobs;
    }

    private static boolean olderThan(Path file, long cutoff) {
        try {
            return Files.getLastModifiedTime(file).toMillis() < cutoff;
        } catch (IOException gone) {
            return false;
        }
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
                        int back = returnFiles(claimer, inbox, 1);
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
                if (!dir.getFileName().toString().startsWith(".") && Files.isDirectory(dir) && !hasJobRecord(dir)
                        && olderThan(dir, cutoff)) {
                    // First take the folder out of the way in one rename: an input filed into it as an alias
                    // a moment later then lands in a fresh folder instead of being deleted with this one.
                    // under this gateway's name: no other gateway touches it while this one lives
                    Path reclaimed = root.resolve(".reclaim").resolve(instances.id()).resolve(UUID.randomUUID().toString());
                    try {
                        Durable.createFolders(reclaimed.getParent());
                        Files.move(dir, reclaimed, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
                        pruneUp(gateway, reclaim);
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
        if (Files.exists(reclaimed.resolve(REQUEST_INPUT))) {
            LOG.info("Dropped the half-filed input of a queue request ({}): the broker gives the request again",
                    reclaimed.getFileName());
            deleteTree(reclaimed.resolve("input"));
        }
        int input = returnFiles(reclaimed.resolve("input"), inbox, 0);
        int aliases = returnFiles(reclaimed.resolve("aliases"), inbox, 1);
        if (input < 0 || aliases < 0) {
            // could not list everything: leave the rest for the next round rather than delete an input
            return Math.max(input, 0) + Math.max(aliases, 0);
        }
        deleteTree(reclaimed);
        return input + aliases;
    }

    private int returnFiles(Path from, Path inbox, int skipLevels) {
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
            Path rel = from.relativize(file);
            rel = rel.subpath(skipLevels, rel.getNameCount());
            Path target = inbox.resolve(rel.toString());
            if (Files.exists(target)) {
                // a new file of the same name was dropped meanwhile: keep both, the returned one renamed
                target = target.resolveSibling(returnedName(target.getFileName().toString()));
            }
            try {
                DataFolders.moveReplacing(file, target);
            } catch (NoSuchFileException returnedByAnother) {
                continue;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot return " + file + " to the inbox", e);
            }
            LOG.warn("Returned {} to the inbox: it was taken in by a gateway that stopped before its job was made", rel);
            returned++;
        }
        deleteTree(from);
        return returned;
    }

    /** {@code cat.jpg} → {@code cat.returned-<millis>.jpg}: the extension still tells the media type. */
    static String returnedName(String name) {
        int dot = name.lastIndexOf('.');
        String stamp = ".returned-" + System.currentTimeMillis();
        return FileNames.fit(dot <= 0 ? name + stamp : name.substring(0, dot) + stamp + name.substring(dot));
    }

    private static void pruneUp(Path dir, Path stop) {
        while (dir != null && dir.startsWith(stop) && !dir.equals(stop)) {
            try {
                Files.delete(dir);
            } catch (IOException notEmpty) {
                return;
            }
            dir = dir.getParent();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot clean {}: {}", dir, e.getMessage());
        }
    }
}
