package com.handoffwarehouse.quality;

/**
 * How a snapshot's row count may move from the previous snapshot's (DESIGN section 6): shrinking by more than
 * {@code maxShrink} (a share of the previous count) fails, since a truncated extract would read as deleted records
 * and wipe history downstream; growing by more than {@code warnGrowth} only warns, since a list import or a young
 * CRM grows that way for real. Below {@code minPreviousRows} the previous snapshot is too small for a ratio to mean
 * anything (3 opportunities becoming 1 is a normal week), and the check passes with a message saying so.
 */
public record RowCountBounds(double maxShrink, double warnGrowth, long minPreviousRows) {
    public static final RowCountBounds DEFAULT = new RowCountBounds(0.10, 1.0, 0);

    public RowCountBounds {
        if (minPreviousRows < 0) {
            throw new IllegalArgumentException("minPreviousRows must not be negative, got " + minPreviousRows);
        }
        if (!(maxShrink > 0 && maxShrink < 1 && warnGrowth > 0)) {
            throw new IllegalArgumentException(
                    "row count bounds need 0 < maxShrink < 1 and warnGrowth > 0, got " + maxShrink + " and "
                            + warnGrowth);
        }
    }

    /** As Deequ's relative rate-of-change strategy: shrinking by exactly {@code maxShrink} passes. */
    boolean shrankTooMuch(double ratio) {
        return ratio < 1 - maxShrink;
    }

    boolean grewTooMuch(double ratio) {
        return ratio > 1 + warnGrowth;
    }

    String describeShrink() {
        return "shrinking by at most " + Format.percent(maxShrink);
    }

    String describeGrowth() {
        return "growth above " + Format.percent(warnGrowth) + " warns";
    }
}
