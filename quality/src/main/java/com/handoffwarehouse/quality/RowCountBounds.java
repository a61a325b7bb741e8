package com.handoffwarehouse.quality;

import com.amazon.deequ.anomalydetection.RelativeRateOfChangeStrategy;
import scala.Option;

/**
 * How far a snapshot's row count may move from the previous snapshot's: it passes when
 * {@code previous * minRatio < count < previous * maxRatio}. The bounds themselves fail, so with the default a
 * lead extract that shrinks to half (or doubles) stops the run. Below {@code minPreviousRows} the previous
 * snapshot is too small for a ratio to mean anything (3 opportunities becoming 6 is a normal week), and the
 * check passes with a message saying so.
 */
public record RowCountBounds(double minRatio, double maxRatio, long minPreviousRows) {
    public static final RowCountBounds DEFAULT = new RowCountBounds(0.5, 2.0);

    public RowCountBounds(double minRatio, double maxRatio) {
        this(minRatio, maxRatio, 0);
    }

    public RowCountBounds {
        if (minPreviousRows < 0) {
            throw new IllegalArgumentException("minPreviousRows must not be negative, got " + minPreviousRows);
        }
        if (!(minRatio >= 0 && minRatio < 1 && maxRatio > 1)) {
            throw new IllegalArgumentException(
                    "row count bounds need 0 <= minRatio < 1 < maxRatio, got " + minRatio + " and " + maxRatio);
        }
    }

    /**
     * Deequ flags a ratio strictly beyond its limits, so the limits move one ulp inwards to make the bounds
     * themselves fail.
     */
    RelativeRateOfChangeStrategy strategy() {
        return new RelativeRateOfChangeStrategy(
                Option.<Object>apply(Math.nextUp(minRatio)), Option.<Object>apply(Math.nextDown(maxRatio)), 1);
    }

    String describe() {
        return "strictly between " + Format.ratio(minRatio) + " and " + Format.ratio(maxRatio);
    }
}
