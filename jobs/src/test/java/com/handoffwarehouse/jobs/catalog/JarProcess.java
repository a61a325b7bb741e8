package com.handoffwarehouse.jobs.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code java -jar jobs/target/warehouse.jar ...} as a child process, its standard output and error merged and
 * kept line by line, so a test can wait for a line, kill the process there, and show what it said.
 */
final class JarProcess implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final List<String> lines = new ArrayList<>();

    private JarProcess(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        Thread pump = new Thread(this::pump, "jar-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** The jar `mvn package` builds; the ITs run after it, in the verify phase. */
    static Path jar() {
        Path jar = Path.of(System.getProperty("warehouse.jar", "target/warehouse.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it with mvn -B -q -DskipTests "
                    + "package (mvn verify does so before the ITs)");
        }
        return jar;
    }

    static JarProcess start(Path workDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        return new JarProcess(command, process);
    }

    long pid() {
        return process.pid();
    }

    private void pump() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The process was killed: what it said so far stays in lines.
        }
    }

    /** Waits for a line; fails naming the command and its output when none comes in time or the process ends. */
    String awaitLine(Predicate<String> wanted, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        int seen = 0;
        synchronized (lines) {
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (wanted.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && seen == lines.size())) {
                    throw new AssertionError("no expected line within " + within + " (alive: " + process.isAlive()
                            + ") from " + this);
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    /** The exit code, or a failure naming the command and its output when it runs past {@code within}. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + within + ": " + this);
        }
        // Let the pump read what the process wrote before it ended.
        Thread.sleep(200);
        return process.exitValue();
    }

    Optional<Integer> exitIfDone() {
        return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
    }

    /** {@code kill -9}: the JVM gets no chance to clean up, exactly like a machine losing power. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        List<String> said = lines();
        return String.join(" ", command.subList(command.indexOf("-jar") + 2, command.size())) + "\n  "
                + String.join("\n  ", said.subList(Math.max(0, said.size() - 40), said.size()));
    }
}
