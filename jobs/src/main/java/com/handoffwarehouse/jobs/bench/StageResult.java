package com.handoffwarehouse.jobs.bench;

/**
 * One benchmark stage as measured by {@link StageMeter}.
 *
 * @param peakRssBytes -1 where the platform does not report it
 * @param rssSinceStage whether the RSS peak is the stage's own (reset at its start) or the process's so far
 */
public record StageResult(String name, double seconds, long rowsIn, long rowsOut, long peakHeapBytes,
                          long peakRssBytes, boolean rssSinceStage) {
    /** Rows in per second of wall time; 0 for a stage too short to time. */
    public double rowsPerSecond() {
        return seconds > 0 ? rowsIn / seconds : 0;
    }
}
