package com.handoffwarehouse.quality;

import com.amazon.deequ.checks.CheckLevel;
import scala.Enumeration;

/** How much a failed rule matters: an ERROR stops the run before anything downstream is published. */
public enum Level {
    ERROR(CheckLevel.Error(), "Error"),
    WARNING(CheckLevel.Warning(), "Warning");

    private final Enumeration.Value deequ;
    private final String label;

    Level(Enumeration.Value deequ, String label) {
        this.deequ = deequ;
        this.label = label;
    }

    Enumeration.Value deequ() {
        return deequ;
    }

    /** Deequ's spelling, so quality_results reads like Deequ's own check results. */
    public String label() {
        return label;
    }
}
