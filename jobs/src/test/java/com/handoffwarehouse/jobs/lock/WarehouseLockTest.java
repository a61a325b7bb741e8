package com.handoffwarehouse.jobs.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseLockTest {
    private static final String IN_USE = "warehouse in use by build, pid %d on \\S+, since \\d{4}-\\d\\d-\\d\\dT\\S+Z";

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    private Process child(String mode, String root) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                HoldWarehouseLock.class.getName(), mode, root).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        return p;
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return e.toString();
            }
        }).get(60, TimeUnit.SECONDS);
    }

    @Test
    void aSecondWriterIsRefusedInOneLineAndAKilledWritersLockIsTakenOver() throws Exception {
        String root = dir.resolve("warehouse").toString();
        try {
            Process holder = child("hold", root);
            assertEquals("locked", firstLine(holder));
            WarehouseInUseException refused = assertThrows(WarehouseInUseException.class,
                    () -> WarehouseLock.acquire(root, "run", notice -> { }));
            assertTrue(refused.getMessage().matches(String.format(IN_USE, holder.pid())), refused.getMessage());

            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            List<String> notices = new ArrayList<>();
            try (WarehouseLock mine = WarehouseLock.acquire(root, "run", notices::add)) {
                assertEquals(1, notices.size(), notices.toString());
                assertTrue(notices.get(0).startsWith("Taking over the writer lock of " + root + ", last held by build, "
                        + "pid " + holder.pid() + " on "), notices.get(0));

                WarehouseInUseException again = assertThrows(WarehouseInUseException.class,
                        () -> WarehouseLock.acquire(root, "build", notice -> { }));
                assertTrue(again.getMessage().startsWith("warehouse in use by run, pid "
                        + ProcessHandle.current().pid() + " on "), again.getMessage());
                Process other = child("try", root);
                assertTrue(firstLine(other).startsWith("warehouse in use by run, pid " + ProcessHandle.current().pid()),
                        "the refusal inside this JVM kept the OS lock");
            }
            Process after = child("try", root);
            assertEquals("locked", firstLine(after), "released on close, with no stale note to take over");
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
                p.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
