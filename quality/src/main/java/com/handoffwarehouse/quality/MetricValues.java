package com.handoffwarehouse.quality;

import com.amazon.deequ.analyzers.runners.EmptyStateException;
import com.amazon.deequ.metrics.Metric;
import java.util.Optional;
import scala.Option;
import scala.util.Try;

/** The number inside a Deequ metric, when it was computed and is a number. */
final class MetricValues {
    private MetricValues() {
    }

    static Optional<Double> of(Option<Metric<?>> metric) {
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        Try<?> value = metric.get().value();
        if (value.isSuccess() && value.get() instanceof Number number) {
            return Optional.of(number.doubleValue());
        }
        return Optional.empty();
    }

    /**
     * Deequ computes no metric over zero rows, nor a uniqueness over a column of nulls only, and says so with
     * this exception.
     */
    static boolean emptyInput(Option<Metric<?>> metric) {
        return metric.isDefined() && metric.get().value().isFailure()
                && metric.get().value().failed().get() instanceof EmptyStateException;
    }
}
