package com.handoffwarehouse.jobs.lock;

import com.handoffwarehouse.jobs.config.ConfigException;
import com.handoffwarehouse.jobs.spark.SparkSessions;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One writer per warehouse. On a local folder the writer holds an OS lock on {@value #FILE} under the root and
 * keeps a note of who it is (job, pid, host, since) in the same file; a second writer fails at once with that
 * note as one line. The OS releases the lock of a process that dies, even by {@code kill -9}, so a note left
 * behind is stale: the next writer takes over and says so. The file itself is never deleted (a writer could
 * otherwise lock a file another has just replaced). Object stores have no such lock: there the orchestrator
 * runs one writer at a time, and this lock does nothing.
 */
public final class WarehouseLock implements AutoCloseable {
    public static final String FILE = ".writer.lock";
    /** The locked byte lies past the note, so the note stays readable where locks are mandatory (Windows). */
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;
    private static final int NOTE_READS = 20;
    /**
     * Locks this JVM holds, by file. POSIX drops every lock a process holds on a file when it closes any
     * descriptor of that file, so a second attempt from this JVM must be answered without opening one.
     */
    private static final Map<Path, WarehouseLock> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String holder;

    private WarehouseLock(Path file, FileChannel channel, FileLock lock, String holder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /**
     * Takes the writer lock of the warehouse at {@code root} for {@code job}.
     *
     * @param notices receives one line when a dead writer's lock is taken over
     * @throws WarehouseInUseException when another writer holds it
     */
    public static synchronized WarehouseLock acquire(String root, String job, Consumer<String> notices) {
        Optional<Path> folder = SparkSessions.localFolder(root);
        if (folder.isEmpty()) {
            return new WarehouseLock(null, null, null, job);
        }
        Path file = createFolder(folder.get()).resolve(FILE);
        WarehouseLock mine = HELD.get(file);
        if (mine != null) {
            throw new WarehouseInUseException("warehouse in use by " + mine.holder);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock(LOCKED_BYTE, 1, false);
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new WarehouseInUseException("warehouse in use by " + holder(channel, file));
            }
            Optional<String> stale = note(channel).map(WarehouseLock::describe);
            Properties note = writeNote(channel, job);
            // A killed writer leaves its note; so does a copy of a warehouse taken while a writer ran.
            stale.ifPresent(previous -> notices.accept("Taking over the writer lock of " + folder.get()
                    + ", last held by " + previous + ", which no longer holds it."));
            WarehouseLock held = new WarehouseLock(file, channel, lock, describe(note));
            HELD.put(file, held);
            return held;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock the warehouse at " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Clears the note and releases the lock; a second close does nothing. */
    @Override
    public void close() {
        if (channel == null || !channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release the warehouse lock: " + e.getMessage(), e);
        } finally {
            HELD.remove(file, this);
            closeQuietly(channel);
        }
    }

    private static Path createFolder(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new ConfigException("--warehouse " + folder + " is a file: give a folder for the warehouse "
                    + "(it is created when missing).");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the warehouse folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Properties writeNote(FileChannel channel, String job) throws IOException {
        Properties note = new Properties();
        note.setProperty("job", job);
        note.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        note.setProperty("host", hostName());
        note.setProperty("since", Instant.now().toString());
        StringWriter text = new StringWriter();
        note.store(text, "the warehouse writer holding the lock; stale once that process has ended");
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1)), 0);
        channel.force(true);
        return note;
    }

    /** Who holds the lock, from its note; the holder may be a moment from writing it, so the read waits a little. */
    private static String holder(FileChannel channel, Path file) {
        for (int attempt = 0; attempt < NOTE_READS; attempt++) {
            Optional<Properties> note = note(channel);
            if (note.isPresent()) {
                return describe(note.get());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return "another writer (it has not said who yet; lock " + file + ")";
    }

    /** Read through the channel already open: opening and closing another descriptor would drop the lock. */
    private static Optional<Properties> note(FileChannel channel) {
        try {
            ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(channel.size(), 64 * 1024));
            int read = 0;
            while (bytes.hasRemaining() && read >= 0) {
                read = channel.read(bytes, bytes.position());
            }
            String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.ISO_8859_1);
            Properties note = new Properties();
            note.load(new StringReader(text));
            return note.containsKey("pid") && note.containsKey("since") ? Optional.of(note) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String describe(Properties note) {
        return note.getProperty("job", "?") + ", pid " + note.getProperty("pid") + " on "
                + note.getProperty("host", "?") + ", since " + note.getProperty("since");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown host");
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Closing releases any lock; nothing else to undo.
            }
        }
    }
}
