package io.mediagate.flow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Which gateways share this work area right now. Each running gateway holds an exclusive OS file lock on
 * {@code work/.instances/<id>.lock} for its whole life; the OS drops the lock when the process dies, however
 * it dies. So another gateway can tell a live instance's half-taken files (leave them alone) from a dead
 * one's (put them back), without heartbeats or clocks. Needs a data folder with working file locks: a local
 * disk or a Docker volume on one host (NFSv4 also works; plain NFSv3 without lockd does not).
 */
public final class LiveInstances implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveInstances.class);

    private final Path directory;
    private final String id;
    private final FileChannel channel;
    private final FileLock lock;
    private final long startedAt = System.currentTimeMillis();

    public LiveInstances(Path workRoot) {
        this.directory = workRoot.resolve(".instances");
        this.id = UUID.randomUUID().toString();
        try {
            Files.createDirectories(directory);
            // lock first, then make the file visible under its name: another gateway must never find the
            // lock file unlocked and take this one for dead (the lock belongs to the file, so it survives the rename)
            Path hidden = directory.resolve("." + id + ".starting");
            channel = FileChannel.open(hidden, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = channel.lock();
            Files.move(hidden, lockFile(id), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot register this gateway in " + directory, e);
        }
    }

    /** This gateway's id (the name of its claim folder). */
    public String id() {
        return id;
    }

    /** When this gateway started (epoch millis): nothing in the work area older than that is its own. */
    public long startedAt() {
        return startedAt;
    }

    /** Whether the gateway with this id is running (holds its lock). This gateway is always alive. */
    public boolean isAlive(String otherId) {
        if (otherId.equals(id)) {
            return true;
        }
        Path file = lockFile(otherId);
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe = other.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (java.nio.file.NoSuchFileException stoppedCleanly) {
            return false;
        } catch (OverlappingFileLockException sameJvm) {
            // another gateway in this JVM holds it (tests run several)
            return true;
        } catch (IOException e) {
            LOG.warn("cannot tell whether gateway {} is alive ({}); treating it as alive", otherId, e.getMessage());
            return true;
        }
    }

    /** Whether no other gateway shares the work area now. */
    public boolean alone() {
        return others().stream().noneMatch(this::isAlive);
    }

    /** Ids of the other gateways that ever registered here and have not been forgotten. */
    public List<String> others() {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".lock"))
                    .map(name -> name.substring(0, name.length() - ".lock".length()))
                    .filter(other -> !other.equals(id))
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return ids;
    }

    /** Drops the record of a dead gateway once its leftovers have been put back. */
    public void forget(String deadId) {
        try {
            Files.deleteIfExists(lockFile(deadId));
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", lockFile(deadId), e.getMessage());
        }
    }

    private Path lockFile(String instance) {
        return directory.resolve(instance + ".lock");
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
            Files.deleteIfExists(lockFile(id));
        } catch (IOException e) {
            LOG.warn("cannot unregister this gateway: {}", e.getMessage());
        }
    }
}
