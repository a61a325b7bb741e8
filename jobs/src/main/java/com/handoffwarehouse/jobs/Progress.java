package com.handoffwarehouse.jobs;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints what a long job is doing: one line per finished step with its rows and seconds, so a data
 * engineer watching a run (or reading the Airflow log) sees where the time goes.
 */
public final class Progress {
    private final PrintStream out;

    public Progress(PrintStream out) {
        this.out = out;
    }

    public static Progress silent() {
        return new Progress(null);
    }

    public Step start(String stage, String detail) {
        return new Step(stage, detail, System.nanoTime());
    }

    public void info(String line) {
        if (out != null) {
            out.println(line);
        }
    }

    /** A step in flight; {@link #done(String)} prints it with its elapsed time. */
    public final class Step {
        private final String stage;
        private final String detail;
        private final long startNanos;

        private Step(String stage, String detail, long startNanos) {
            this.stage = stage;
            this.detail = detail;
            this.startNanos = startNanos;
        }

        public double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }

        public void done(String outcome) {
            info(String.format(Locale.ROOT, "[%s] %s: %s (%.1f s)", stage, detail, outcome, seconds()));
        }
    }
}
