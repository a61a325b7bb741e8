package com.handoffwarehouse.jobs.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlMetastoreLockTest {
    @TempDir
    Path dir;

    /** Stands in for another warehouse process: holds Derby's lock file until its standard input closes. */
    public static final class HoldLock {
        public static void main(String[] args) throws IOException {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                System.out.println("locked " + lock.isValid());
                System.out.flush();
                while (System.in.read() >= 0) {
                    Thread.onSpinWait();
                }
            }
        }
    }

    @Test
    void aMetastoreHeldByAnotherProcessIsSeenBeforeSparkTouchesItAndNamesTheServer() throws Exception {
        Path metastore = Files.createDirectories(dir.resolve("_catalog").resolve("metastore_db"));
        Path lockFile = Files.writeString(metastore.resolve("dbex.lck"), "");
        assertFalse(MetastoreLock.heldByAnotherProcess(metastore), "a lock file left by a stopped process");

        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldLock.class.getName(), lockFile.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path note = metastore.resolveSibling(MetastoreLock.NOTE);
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("locked true", said.readLine());
            assertTrue(MetastoreLock.heldByAnotherProcess(metastore));
            Files.writeString(note, "pid=" + holder.pid() + "\nurl=jdbc:hive2://127.0.0.1:10001/default\n"
                    + "started_at=2026-03-02T09:00:00Z\n");
            String message = MetastoreLock.explain(Optional.of(metastore), Optional.of("SELECT 'x'"));
            assertTrue(message.contains("held by `warehouse serve-sql` (pid " + holder.pid()), message);
            assertTrue(message.endsWith("\n  beeline -u jdbc:hive2://127.0.0.1:10001/default -e 'SELECT '\\''x'\\'''"),
                    message);
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        assertFalse(MetastoreLock.heldByAnotherProcess(metastore));
        String stale = MetastoreLock.explain(Optional.of(metastore), Optional.empty());
        assertTrue(stale.contains("held by another process") && stale.endsWith("jdbc:hive2://localhost:10000/default"),
                stale);
    }

    @Test
    void derbysRefusalIsRecognisedThroughHivesWrapping() {
        SQLException failedToStart = new SQLException("Failed to start database", "XJ040");
        failedToStart.setNextException(new SQLException("Another instance of Derby may ...", "XSDB6"));
        RuntimeException wrapped = new RuntimeException("Unable to instantiate SessionHiveMetaStoreClient",
                new RuntimeException(failedToStart));
        assertTrue(MetastoreLock.heldElsewhere(wrapped));
        assertFalse(MetastoreLock.heldElsewhere(new RuntimeException("Unable to instantiate SessionHiveMetaStoreClient",
                new SQLException("Failed to start database", "XJ040"))));
    }
}
