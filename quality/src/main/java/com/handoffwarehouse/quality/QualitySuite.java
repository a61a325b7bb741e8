package com.handoffwarehouse.quality;

import com.amazon.deequ.AnomalyCheckConfig;
import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationRunBuilderWithRepository;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.NumMatches;
import com.amazon.deequ.analyzers.runners.AnalyzerContext;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckStatus;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;

/**
 * The rules for one table on one snapshot (or as-of) date, and the data they judge. Running it computes every
 * Deequ constraint in one verification run (one scan plus one per uniqueness rule), then the computed rules,
 * and returns one outcome per constraint, in rule order.
 */
public final class QualitySuite {
    /** The same analyzer as {@link MetricsHistory#SIZE}, typed the way Deequ's anomaly check asks for it. */
    @SuppressWarnings("unchecked")
    private static final Analyzer<NumMatches, Metric<Object>> SIZE_METRIC =
            (Analyzer<NumMatches, Metric<Object>>) (Analyzer<?, ?>) MetricsHistory.SIZE;

    private final String tableName;
    private final LocalDate snapshotDate;
    private final Dataset<Row> data;
    private final List<Rule> rules;

    public QualitySuite(String tableName, LocalDate snapshotDate, Dataset<Row> data, List<Rule> rules) {
        Set<String> names = new HashSet<>();
        for (Rule rule : rules) {
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException(tableName + ": two rules are named '" + rule.name() + "'");
            }
        }
        if (rules.stream().filter(r -> r instanceof Rule.RowCountChange).count() > 1) {
            throw new IllegalArgumentException(tableName + ": one row-count rule per suite, the repository key is "
                    + "the table and date");
        }
        this.tableName = tableName;
        this.snapshotDate = snapshotDate;
        this.data = data;
        this.rules = List.copyOf(rules);
    }

    public List<CheckOutcome> run() {
        Map<String, List<CheckOutcome>> byRule = new HashMap<>(runDeequ());
        for (Rule rule : rules) {
            if (rule instanceof Rule.Computed computed) {
                Rule.Measurement m = computed.measure().apply(data);
                byRule.put(rule.name(), List.of(outcome(rule, computed.constraint(), m.passed(), m.message(),
                        m.value())));
            }
        }
        List<CheckOutcome> outcomes = new ArrayList<>();
        rules.forEach(rule -> outcomes.addAll(byRule.get(rule.name())));
        return outcomes;
    }

    private Map<String, List<CheckOutcome>> runDeequ() {
        List<Rule.Constraint> constraints = new ArrayList<>();
        Rule.RowCountChange volume = null;
        for (Rule rule : rules) {
            if (rule instanceof Rule.Constraint c) {
                constraints.add(c);
            } else if (rule instanceof Rule.RowCountChange v) {
                volume = v;
            }
        }
        if (constraints.isEmpty() && volume == null) {
            return Map.of();
        }
        VerificationRunBuilder builder = new VerificationSuite().onData(data);
        for (Rule.Constraint c : constraints) {
            builder = builder.addCheck(c.constraints().apply(
                    new Check(c.level().deequ(), c.name(), Scala.seq(List.of()))));
        }
        Map<String, List<CheckOutcome>> outcomes = new HashMap<>();
        VerificationResult result;
        if (volume == null) {
            result = builder.run();
        } else {
            // Looked up before the run, which saves this date's count; the date's own earlier entry is left out.
            Optional<MetricsHistory.SnapshotCount> previous = volume.history().previousCount(tableName, snapshotDate);
            VerificationRunBuilderWithRepository withRepository = builder
                    .addRequiredAnalyzer(MetricsHistory.SIZE)
                    .useRepository(volume.history().repository());
            if (previous.isPresent() && previous.get().count() >= volume.bounds().minPreviousRows()) {
                withRepository = withRepository.addAnomalyCheck(volume.bounds().strategy(), SIZE_METRIC,
                        Option.apply(new AnomalyCheckConfig(volume.level().deequ(), volume.name(),
                                MetricsHistory.tags(tableName), Option.empty(),
                                Option.<Object>apply(MetricsHistory.latestEarlierMillis(snapshotDate)))));
            }
            result = withRepository.run();
            CheckOutcome counted = rowCountOutcome(volume, previous, result);
            if (counted.success() || counted.level() == Level.WARNING) {
                volume.history().save(tableName, snapshotDate, new AnalyzerContext(result.metrics()));
            }
            outcomes.put(volume.name(), List.of(counted));
        }
        for (CheckResult checkResult : Scala.map(result.checkResults()).values()) {
            String name = checkResult.check().description();
            constraints.stream().filter(c -> c.name().equals(name)).findFirst().ifPresent(rule -> {
                List<CheckOutcome> rows = new ArrayList<>();
                for (ConstraintResult cr : Scala.list(checkResult.constraintResults())) {
                    rows.add(constraintOutcome(rule, cr));
                }
                outcomes.put(name, rows);
            });
        }
        return outcomes;
    }

    private CheckOutcome constraintOutcome(Rule.Constraint rule, ConstraintResult cr) {
        if (MetricValues.emptyInput(cr.metric())) {
            // An empty table (a mart before the first handoff, an object the CRM has none of yet) breaks no
            // rule about its rows; its size is the row-count rule's business, and a key of nulls only fails
            // the completeness rule.
            return outcome(rule, cr.constraint().toString(), true, "no rows to check", null);
        }
        boolean success = cr.status().equals(ConstraintStatus.Success());
        Optional<Double> value = MetricValues.of(cr.metric());
        String message;
        if (value.isPresent()) {
            Metric<?> metric = cr.metric().get();
            String subject = "Compliance".equals(metric.name()) ? "share of rows where " + metric.instance()
                    : "*".equals(metric.instance()) ? metric.name() : metric.name() + " of " + metric.instance();
            message = subject + " is " + Format.ratio(value.get())
                    + (success ? "" : " (expected " + rule.expected() + ")");
        } else {
            message = cr.message().isDefined() ? cr.message().get() : "";
        }
        return outcome(rule, cr.constraint().toString(), success, message, value.orElse(null));
    }

    private CheckOutcome rowCountOutcome(Rule.RowCountChange rule, Optional<MetricsHistory.SnapshotCount> previous,
                                         VerificationResult result) {
        String constraint = "row count " + rule.bounds().describeShrink() + " from the previous snapshot's ("
                + rule.bounds().describeGrowth() + ")";
        Optional<Double> count = MetricValues.of(result.metrics().get(MetricsHistory.SIZE));
        String observed = count.map(c -> "row count is " + Format.count(c)).orElse("row count unknown");
        if (previous.isEmpty()) {
            return outcome(rule, constraint, true,
                    observed + "; no earlier snapshot of " + tableName + " to compare with", count.orElse(null));
        }
        MetricsHistory.SnapshotCount before = previous.get();
        if (before.count() < rule.bounds().minPreviousRows()) {
            return outcome(rule, constraint, true, observed + "; previous snapshot " + before.date() + " had "
                    + Format.count(before.count()) + ", fewer than the " + rule.bounds().minPreviousRows()
                    + " rows a ratio needs", count.orElse(null));
        }
        CheckResult anomaly = Scala.map(result.checkResults()).values().stream()
                .filter(r -> r.check().description().equals(rule.name()))
                .findFirst()
                .orElseThrow();
        boolean withinShrink = anomaly.status().equals(CheckStatus.Success());
        String comparison = "previous snapshot " + before.date() + " had " + Format.count(before.count())
                + count.map(c -> ", ratio " + Format.ratio(c / before.count())).orElse("");
        if (!withinShrink) {
            String shrunk = observed + " (" + comparison + "; allowed " + rule.bounds().describeShrink() + ")";
            return rule.accepted()
                    ? outcome(rule, constraint, true, shrunk + "; accepted by the operator for this date",
                            count.orElse(null))
                    : outcome(rule, constraint, false, shrunk + "; if the extract is complete, re-run this date "
                            + "with --accept-volume-change", count.orElse(null));
        }
        if (count.isPresent() && rule.bounds().grewTooMuch(count.get() / before.count())) {
            return new CheckOutcome(tableName, snapshotDate, rule.name(), constraint, Level.WARNING, false,
                    observed + " (" + comparison + "; " + rule.bounds().describeGrowth() + ")", count.get());
        }
        return outcome(rule, constraint, true, observed + " (" + comparison + ")", count.orElse(null));
    }

    private CheckOutcome outcome(Rule rule, String constraint, boolean success, String message, Double value) {
        return new CheckOutcome(tableName, snapshotDate, rule.name(), constraint, rule.level(), success, message,
                value);
    }
}
