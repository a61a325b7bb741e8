package com.handoffwarehouse.quality;

import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.metrics.Metric;
import com.amazon.deequ.repository.AnalysisResult;
import com.amazon.deequ.repository.MetricsRepository;
import com.amazon.deequ.repository.ResultKey;
import com.amazon.deequ.repository.fs.FileSystemMetricsRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import scala.collection.immutable.Map;

/**
 * Deequ's metrics repository for one warehouse (kept at {@code <warehouse>/ops/metrics_repository.json}): every
 * suite that checks volume saves its metrics under a key made of the table name and the snapshot date, so a
 * re-run of a date replaces its entry instead of adding a second one.
 *
 * <p>The repository is one JSON file rewritten on every save: two processes saving at the same moment can
 * lose one entry, so runs sharing a warehouse should not overlap.
 */
public final class MetricsHistory {
    private static final String TABLE_TAG = "table";

    /** Deequ's row count; equal to any other {@code Size(None)}, which is how the repository finds it again. */
    @SuppressWarnings("unchecked")
    static final Analyzer<?, Metric<?>> SIZE = (Analyzer<?, Metric<?>>) (Analyzer<?, ?>) new Size(Scala.none());

    private final MetricsRepository repository;

    private MetricsHistory(MetricsRepository repository) {
        this.repository = repository;
    }

    /** The repository file at {@code path}, on any file system Hadoop reaches; created on the first save. */
    public static MetricsHistory at(SparkSession spark, String path) {
        return new MetricsHistory(new FileSystemMetricsRepository(spark, path));
    }

    static Map<String, String> tags(String table) {
        return Scala.tag(TABLE_TAG, table);
    }

    static ResultKey key(String table, LocalDate date) {
        return new ResultKey(epochMillis(date), tags(table));
    }

    /** Deequ's {@code before} is inclusive: one millisecond earlier leaves the date's own entry out. */
    static long latestEarlierMillis(LocalDate date) {
        return epochMillis(date) - 1;
    }

    /**
     * The row count of the latest snapshot before {@code date}, whatever order the dates were checked in: Deequ
     * compares a new point with the latest point of the history it is given, so the history stops before the date.
     */
    Optional<SnapshotCount> previousCount(String table, LocalDate date) {
        List<AnalysisResult> results = Scala.list(repository.load()
                .withTagValues(tags(table))
                .before(latestEarlierMillis(date))
                .forAnalyzers(Scala.seq(List.of(SIZE)))
                .get());
        SnapshotCount latest = null;
        for (AnalysisResult result : results) {
            Optional<Double> count = MetricValues.of(result.analyzerContext().metricMap().get(SIZE));
            long millis = result.resultKey().dataSetDate();
            if (count.isPresent() && (latest == null || millis > epochMillis(latest.date()))) {
                latest = new SnapshotCount(dateOf(millis), count.get());
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * Saves a date's metrics, replacing any earlier entry of the same date. Only counts the gate let through are
     * saved, so a rejected extract never becomes the baseline the next snapshot is compared with.
     */
    void save(String table, LocalDate date, Metric<?> size) {
        repository.save(key(table, date), new AnalyzerContext(new scala.collection.immutable.Map.Map1<>(SIZE, size)));
    }

    record SnapshotCount(LocalDate date, double count) {
    }

    private static long epochMillis(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static LocalDate dateOf(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }
}
