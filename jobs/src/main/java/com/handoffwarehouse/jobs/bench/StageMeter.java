package com.handoffwarehouse.jobs.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Measures one benchmark stage: wall seconds, the peak heap (the heap pools' peaks, reset when the stage starts,
 * added up: a bound on the heap in use at any one moment) and the process's peak resident set (VmHWM, reset at the
 * stage start through /proc/self/clear_refs where the kernel allows it, else the peak since the process began).
 */
public final class StageMeter {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final String name;
    private final long startNanos;
    private final boolean rssReset;

    private StageMeter(String name) {
        this.name = name;
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
        this.rssReset = resetRssPeak();
        this.startNanos = System.nanoTime();
    }

    public static StageMeter start(String name) {
        return new StageMeter(name);
    }

    public StageResult stop(long rowsIn, long rowsOut) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long heap = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new StageResult(name, seconds, rowsIn, rowsOut, heap, peakRssBytes().orElse(-1), rssReset);
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .toList();
    }

    private static boolean resetRssPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** VmHWM from /proc/self/status; empty where there is no /proc (macOS). */
    static OptionalLong peakRssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
