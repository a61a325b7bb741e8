package com.handoffwarehouse.quality;

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
}
