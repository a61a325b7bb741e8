package com.handoffwarehouse.jobs.sql;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/**
 * An embedded Derby metastore can be open in one process at a time, so while {@code warehouse serve-sql}
 * (or a build) runs, every other warehouse process fails on its first catalog access. This tells beforehand
 * whether the metastore is held, recognises the failure when it happens anyway, and explains it; serve-sql
 * leaves a note beside the metastore so the explanation can name the JDBC URL to use instead.
 */
final class MetastoreLock {
    private static final String CONNECTION_URL = "spark.hadoop.javax.jdo.option.ConnectionURL";
    private static final Pattern DERBY_DATABASE = Pattern.compile("^jdbc:derby:.*databaseName=([^;]+)");
    static final String NOTE = "serve-sql.properties";
    private static final String DERBY_ALREADY_BOOTED = "XSDB6";

    private MetastoreLock() {
    }

    /** The embedded Derby metastore folder of this session, if it has one (a cluster's metastore is not). */
    static Optional<Path> derbyFolder(SparkSession spark) {
        Matcher database = DERBY_DATABASE.matcher(spark.conf().get(CONNECTION_URL, ""));
        return database.find() ? Optional.of(Path.of(database.group(1))) : Optional.empty();
    }

    /**
     * Whether another process has this session's Derby metastore open, asked of the lock Derby keeps on
     * {@code dbex.lck} while a database is booted. Asking first matters: once Spark touches a held metastore,
     * Hive retries for about 20 seconds and logs thousands of lines before the failure surfaces. Call it only
     * before this process opens the metastore itself: locks are per process, and closing the probe would
     * release this process's own lock.
     */
    static boolean heldByAnotherProcess(Path derbyFolder) {
        Path lockFile = derbyFolder.resolve("dbex.lck");
        if (!Files.isRegularFile(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (IOException | OverlappingFileLockException e) {
            // Unreadable or held in this JVM: not another process's lock; Spark reports anything real.
            return false;
        }
    }

    /**
     * Fails with the explanation when another process holds this session's embedded metastore; call it right
     * after the session is built, before anything reads the catalog.
     *
     * @param statement the statement the user meant to run, put into the suggested beeline command line
     */
    static void requireFree(SparkSession spark, Optional<String> statement) {
        Optional<Path> metastore = derbyFolder(spark);
        if (metastore.isPresent() && heldByAnotherProcess(metastore.get())) {
            throw new SqlException(explain(metastore, statement));
        }
    }

    /** The same question after the fact: whether a failure is Derby refusing a second process. */
    static boolean heldElsewhere(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return heldElsewhere(error, seen);
    }

    private static boolean heldElsewhere(Throwable error, Set<Throwable> seen) {
        if (error == null || !seen.add(error)) {
            return false;
        }
        // Hive and DataNucleus rewrap Derby's error several times, sometimes only as text.
        if (error instanceof SQLException sql && (DERBY_ALREADY_BOOTED.equals(sql.getSQLState())
                || heldElsewhere(sql.getNextException(), seen))) {
            return true;
        }
        String message = String.valueOf(error.getMessage());
        return message.contains("Another instance of Derby may have already booted the database")
                || heldElsewhere(error.getCause(), seen);
    }

    /**
     * What to tell the user when the metastore is held by another process. {@code statement}, when given, is
     * put into the suggested beeline command line.
     */
    static String explain(Optional<Path> derbyFolder, Optional<String> statement) {
        String where = derbyFolder.map(Path::toString).orElse("the metastore");
        Optional<Server> server = derbyFolder.flatMap(MetastoreLock::runningServer);
        String url = server.map(Server::url).orElse("jdbc:hive2://localhost:10000/default");
        String beeline = "beeline -u " + url + statement.map(s -> " -e " + shellQuote(s)).orElse("");
        String why = "embedded Derby lets one process at a time open it";
        if (server.isPresent()) {
            return "the warehouse catalog " + where + " is held by `warehouse serve-sql` (pid " + server.get().pid()
                    + ", running since " + server.get().startedAt() + "): " + why
                    + ". Query the running server over JDBC instead:\n  " + beeline;
        }
        return "the warehouse catalog " + where + " is held by another process (a build, an ingest or "
                + "`warehouse serve-sql` still running): " + why + ". Wait for it to finish; if it is serve-sql, "
                + "query it over JDBC instead:\n  " + beeline;
    }

    /** Leaves the note; returns where, so the caller can remove it when the server stops. */
    static Optional<Path> announce(Path derbyFolder, String url) {
        return Optional.of(derbyFolder).filter(Files::isDirectory).map(db -> {
            Path note = db.resolveSibling(NOTE);
            Properties properties = new Properties();
            properties.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
            properties.setProperty("url", url);
            properties.setProperty("started_at", Instant.now().toString());
            try (Writer writer = Files.newBufferedWriter(note)) {
                properties.store(writer, "written by warehouse serve-sql while it runs");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return note;
        });
    }

    record Server(long pid, String url, String startedAt) {
    }

    /** The server named in the note, if its process is still alive (a killed server leaves a stale note). */
    static Optional<Server> runningServer(Path derbyFolder) {
        Path note = derbyFolder.resolveSibling(NOTE);
        if (!Files.isRegularFile(note)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(note)) {
            properties.load(reader);
            long pid = Long.parseLong(properties.getProperty("pid", "-1"));
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive
                    ? Optional.of(new Server(pid, properties.getProperty("url"), properties.getProperty("started_at")))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
