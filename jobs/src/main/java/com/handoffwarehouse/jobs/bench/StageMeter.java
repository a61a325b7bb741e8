package com.handoffwarehouse.jobs.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Measures one benchmark stage: wall seconds, the peak heap and the process's peak resident set (VmHWM, reset at the
 * stage start through /proc/self/clear_refs where the kernel allows it, else the peak since the process began).
 * The peak heap is the most heap in use at one moment: the heap pools added up just before each collection of the
 * stage (where the heap peaks) and at its end. The pools' own peaks cannot be added up for that: each pool peaks at
 * another moment, and their sum can pass the heap's maximum.
 */
public final class StageMeter {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private final String name;
    private final long startNanos;
    private final boolean rssReset;
    private final AtomicLong peakHeap = new AtomicLong();
    private final Set<String> heapPoolNames = heapPools().stream().map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final NotificationListener beforeCollection = this::onCollection;

    private StageMeter(String name) {
        this.name = name;
        emitters().forEach(emitter -> emitter.addNotificationListener(beforeCollection, null, null));
        this.rssReset = resetRssPeak();
        this.startNanos = System.nanoTime();
    }

    private void onCollection(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        long used = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo()
                .getMemoryUsageBeforeGc().entrySet().stream().filter(e -> heapPoolNames.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
        peakHeap.accumulateAndGet(used, Math::max);
    }

    public static StageMeter start(String name) {
        return new StageMeter(name);
    }

    public StageResult stop(long rowsIn, long rowsOut) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        for (NotificationEmitter emitter : emitters()) {
            try {
                emitter.removeNotificationListener(beforeCollection);
            } catch (ListenerNotFoundException e) {
                throw new IllegalStateException("the stage's collection listener was never added", e);
            }
        }
        long heap = Math.max(peakHeap.get(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return new StageResult(name, seconds, rowsIn, rowsOut, heap, peakRssBytes().orElse(-1), rssReset);
    }

    private static List<NotificationEmitter> emitters() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(NotificationEmitter.class::isInstance).map(NotificationEmitter.class::cast).toList();
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
