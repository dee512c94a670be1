package io.mediagate.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One data folder, one embedded broker. Gateways share a data folder only through one shared broker: a second
 * gateway with a broker of its own would wait forever on the first one's journal lock, or, with a journal
 * elsewhere, reconcile the first one's work area and enqueue its jobs a second time on its own broker. The
 * gateway that embeds the broker holds an OS file lock on {@code <data>/.embedded-broker.lock} for its whole life
 * (the OS drops it when the process dies, however it dies); a second one is refused at start. (A gateway on
 * {@code mediagate.broker.url} is not checked: pointing it at the listener of the gateway that embeds the broker is a
 * shared broker too.)
 */
public final class EmbeddedBrokerLock implements AutoCloseable {

    static final String FILE_NAME = ".embedded-broker.lock";
    private static final String SHARE_HOW = "to share the work between gateways, run one broker and point every gateway"
            + " at it with mediagate.broker.url (env MEDIAGATE_BROKER_URL; see \"Several instances\" in the README),"
            + " or give this gateway its own mediagate.data-dir";

    /**
     * Lock files held by gateways in this JVM (tests run several). Checked before opening the file: on some systems
     * closing any channel to a file drops every lock this process holds on it (see {@link FileLock}).
     */
    private static final java.util.Set<Path> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private EmbeddedBrokerLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Taken by the gateway that starts an embedded broker; refused while another gateway holds it. */
    public static EmbeddedBrokerLock acquire(Path dataRoot) {
        Path file = lockFile(dataRoot);
        IllegalStateException taken = new IllegalStateException("another gateway with an embedded job broker already runs on"
                + " the data folder " + dataRoot + " (it holds " + file + "); " + SHARE_HOW);
        if (!HELD_HERE.add(file)) {
            throw taken;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dataRoot);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw taken;
            }
            return new EmbeddedBrokerLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_HERE.remove(file);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + file, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** In the data root, not in work/: everything in work/ belongs to a job or to the instances' registry. */
    private static Path lockFile(Path dataRoot) {
        return dataRoot.resolve(FILE_NAME).toAbsolutePath().normalize();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held
            }
        }
    }

    /** Leaves the file in place: deleting it could let a starting gateway lock a file that is about to vanish. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            HELD_HERE.remove(file);
        }
    }
}
