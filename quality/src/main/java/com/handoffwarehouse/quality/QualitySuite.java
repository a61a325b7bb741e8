package com.handoffwarehouse.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.amazon.deequ.VerificationResult;
import com.amazon.deequ.VerificationRunBuilder;
import com.amazon.deequ.VerificationSuite;
import com.amazon.deequ.analyzers.Analyzer;
import com.amazon.deequ.analyzers.Size;
import com.amazon.deequ.checks.Check;
import com.amazon.deequ.checks.CheckResult;
import com.amazon.deequ.checks.CheckWithLastConstraintFilterable;
import com.amazon.deequ.constraints.ConstraintResult;
import com.amazon.deequ.constraints.ConstraintStatus;
import com.amazon.deequ.metrics.Metric;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Option;

/**
 * The rules for one table on one snapshot (or as-of) date, or on several snapshot dates of one table at once, and
 * the data they judge. Running it computes every Deequ constraint of every date in one verification run (one scan
 * for all the row-level constraints, each filtered to its date, plus one pass per uniqueness rule), then the
 * computed rules, and returns one outcome per constraint and date, date by date in ascending order, in rule order.
 * A row-count rule compares each date with the latest earlier date of the metrics repository, which holds the
 * suite's own earlier dates by then, so a backfill compares each date with its predecessor.
 */
public final class QualitySuite {
    private final String tableName;
    private final List<LocalDate> dates;
    private final String dateColumn;
    private final Dataset<Row> data;
    private final List<Rule> rules;

    /** The suite of one date: {@code data} is all it judges (a snapshot, or a table as of the date). */
    public QualitySuite(String tableName, LocalDate snapshotDate, Dataset<Row> data, List<Rule> rules) {
        this(tableName, List.of(snapshotDate), null, data, rules);
    }

    private QualitySuite(String tableName, List<LocalDate> dates, String dateColumn, Dataset<Row> data,
                         List<Rule> rules) {
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
        if (dates.isEmpty()) {
            throw new IllegalArgumentException(tableName + ": a suite judges at least one date");
        }
        this.tableName = tableName;
        this.dates = dates.stream().distinct().sorted().toList();
        this.dateColumn = dateColumn;
        this.data = data;
        this.rules = List.copyOf(rules);
    }

    /**
     * The suite of each of {@code dates}, judging the rows of {@code data} whose {@code dateColumn} is that date, in
     * one pass over them: one Deequ run for a backfill of many snapshots instead of one per snapshot.
     */
    public static QualitySuite perDate(String tableName, String dateColumn, List<LocalDate> dates, Dataset<Row> data,
                                       List<Rule> rules) {
        Dataset<Row> judged = data.where(col(dateColumn).isin(dates.stream().map(Date::valueOf).toArray()));
        return new QualitySuite(tableName, dates, dateColumn, judged, rules);
    }

    public List<CheckOutcome> run() {
        Map<LocalDate, Map<String, List<CheckOutcome>>> byDate = runDeequ();
        for (Rule rule : rules) {
            if (rule instanceof Rule.Computed computed) {
                for (LocalDate date : dates) {
                    Rule.Measurement m = computed.measure().apply(rowsOf(date));
                    byDate.get(date).put(rule.name(), List.of(outcome(rule, date, computed.constraint(), m.passed(),
                            m.message(), m.value())));
                }
            }
        }
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (LocalDate date : dates) {
            rules.forEach(rule -> outcomes.addAll(byDate.get(date).get(rule.name())));
        }
        return outcomes;
    }

    private Dataset<Row> rowsOf(LocalDate date) {
        return dateColumn == null ? data : data.where(onDate(date));
    }

    private Column onDate(LocalDate date) {
        return col(dateColumn).equalTo(lit(Date.valueOf(date)));
    }

    private String onDateSql(LocalDate date) {
        return "`" + dateColumn + "` = DATE'" + date + "'";
    }

    /** A grouping that includes the date judges every date in one pass; anything else is judged date by date. */
    private boolean judgedOnce(Rule.Constraint c) {
        return dateColumn == null || c.groupedBy().contains(dateColumn);
    }

    /** What each check of the verification run stands for: its rule, and its date (null: every date at once). */
    private record Judged(Rule.Constraint rule, LocalDate date) {
    }

    private Map<LocalDate, Map<String, List<CheckOutcome>>> runDeequ() {
        Map<LocalDate, Map<String, List<CheckOutcome>>> byDate = new TreeMap<>();
        dates.forEach(d -> byDate.put(d, new HashMap<>()));
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
            return byDate;
        }
        Map<Check, Judged> checks = new HashMap<>();
        for (Rule.Constraint c : constraints) {
            if (judgedOnce(c)) {
                checks.put(check(c, null), new Judged(c, null));
            } else {
                dates.forEach(d -> checks.put(check(c, d), new Judged(c, d)));
            }
        }
        Map<LocalDate, Analyzer<?, Metric<?>>> sizes = new TreeMap<>();
        if (volume != null) {
            dates.forEach(d -> sizes.put(d, size(d)));
        }
        VerificationRunBuilder builder = new VerificationSuite().onData(data);
        for (Check check : checks.keySet()) {
            builder = builder.addCheck(check);
        }
        if (!sizes.isEmpty()) {
            builder = builder.addRequiredAnalyzers(Scala.seq(List.copyOf(sizes.values())));
        }
        VerificationResult result = builder.run();
        Map<Rule.Constraint, Map<LocalDate, ConstraintResult>> perDate = regrouped(result, checks);
        for (Rule.Constraint c : constraints) {
            Map<LocalDate, ConstraintResult> results = perDate.getOrDefault(c, Map.of());
            for (LocalDate date : dates) {
                ConstraintResult cr = results.containsKey(date) ? results.get(date) : results.get(null);
                byDate.get(date).put(c.name(), List.of(constraintOutcome(c, date, cr)));
            }
        }
        if (volume != null) {
            for (LocalDate date : dates) {
                Option<Metric<?>> size = result.metrics().get(sizes.get(date));
                byDate.get(date).put(volume.name(), List.of(rowCount(volume, date, size)));
            }
        }
        return byDate;
    }

    /**
     * The constraint results by rule and date. A rule judged once for several dates that failed is judged again
     * on each date's rows, so quality_results names the dates that broke it.
     */
    private Map<Rule.Constraint, Map<LocalDate, ConstraintResult>> regrouped(VerificationResult result,
                                                                             Map<Check, Judged> checks) {
        Map<Rule.Constraint, Map<LocalDate, ConstraintResult>> out = new IdentityHashMap<>();
        List<Rule.Constraint> again = new ArrayList<>();
        for (Map.Entry<Check, CheckResult> e : Scala.map(result.checkResults()).entrySet()) {
            Judged judged = checks.get(e.getKey());
            ConstraintResult cr = Scala.list(e.getValue().constraintResults()).get(0);
            out.computeIfAbsent(judged.rule(), k -> new HashMap<>()).put(judged.date(), cr);
            if (judged.date() == null && dateColumn != null && dates.size() > 1
                    && !cr.status().equals(ConstraintStatus.Success())) {
                again.add(judged.rule());
            }
        }
        for (LocalDate date : again.isEmpty() ? List.<LocalDate>of() : dates) {
            VerificationRunBuilder builder = new VerificationSuite().onData(rowsOf(date));
            Map<Check, Rule.Constraint> byCheck = new HashMap<>();
            for (Rule.Constraint c : again) {
                Check check = check(c, null);
                byCheck.put(check, c);
                builder = builder.addCheck(check);
            }
            for (Map.Entry<Check, CheckResult> e : Scala.map(builder.run().checkResults()).entrySet()) {
                Map<LocalDate, ConstraintResult> results = out.get(byCheck.get(e.getKey()));
                results.remove(null);
                results.put(date, Scala.list(e.getValue().constraintResults()).get(0));
            }
        }
        return out;
    }

    /** The rule's constraint in a check of its own, filtered to {@code date} unless null. */
    private Check check(Rule.Constraint c, LocalDate date) {
        Check check = c.constraints().apply(new Check(c.level().deequ(), c.name(), Scala.seq(List.of())));
        if (date == null || dateColumn == null) {
            return check;
        }
        if (!(check instanceof CheckWithLastConstraintFilterable filterable)) {
            throw new IllegalArgumentException(tableName + ": rule '" + c.name() + "' cannot be filtered to a date");
        }
        return filterable.where(onDateSql(date));
    }

    @SuppressWarnings("unchecked")
    private Analyzer<?, Metric<?>> size(LocalDate date) {
        return dateColumn == null ? MetricsHistory.SIZE
                : (Analyzer<?, Metric<?>>) (Analyzer<?, ?>) new Size(Option.apply(onDateSql(date)));
    }

    /**
     * The date's count against the latest earlier count of the repository, which the previous date of this suite
     * has just been saved to; a count the rule let through (passed or warned) is saved as the next one's baseline.
     */
    private CheckOutcome rowCount(Rule.RowCountChange rule, LocalDate date, Option<Metric<?>> size) {
        Optional<MetricsHistory.SnapshotCount> previous = rule.history().previousCount(tableName, date);
        CheckOutcome counted = rowCountOutcome(rule, date, previous, MetricValues.of(size));
        if (size.isDefined() && (counted.success() || counted.level() == Level.WARNING)) {
            rule.history().save(tableName, date, size.get());
        }
        return counted;
    }

    private CheckOutcome constraintOutcome(Rule.Constraint rule, LocalDate date, ConstraintResult cr) {
        if (MetricValues.emptyInput(cr.metric())) {
            // An empty table (a mart before the first handoff, an object the CRM has none of yet) breaks no
            // rule about its rows; its size is the row-count rule's business, and a key of nulls only fails
            // the completeness rule.
            return outcome(rule, date, cr.constraint().toString(), true, "no rows to check", null);
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
        return outcome(rule, date, cr.constraint().toString(), success, message, value.orElse(null));
    }

    private CheckOutcome rowCountOutcome(Rule.RowCountChange rule, LocalDate date,
                                         Optional<MetricsHistory.SnapshotCount> previous, Optional<Double> count) {
        String constraint = "row count " + rule.bounds().describeShrink() + " from the previous snapshot's ("
                + rule.bounds().describeGrowth() + ")";
        String observed = count.map(c -> "row count is " + Format.count(c)).orElse("row count unknown");
        if (previous.isEmpty()) {
            return outcome(rule, date, constraint, true,
                    observed + "; no earlier snapshot of " + tableName + " to compare with", count.orElse(null));
        }
        MetricsHistory.SnapshotCount before = previous.get();
        if (before.count() < rule.bounds().minPreviousRows()) {
            return outcome(rule, date, constraint, true, observed + "; previous snapshot " + before.date() + " had "
                    + Format.count(before.count()) + ", fewer than the " + rule.bounds().minPreviousRows()
                    + " rows a ratio needs", count.orElse(null));
        }
        Optional<Double> ratio = count.map(c -> c / before.count());
        String comparison = "previous snapshot " + before.date() + " had " + Format.count(before.count())
                + ratio.map(r -> ", ratio " + Format.ratio(r)).orElse("");
        if (ratio.isEmpty() || rule.bounds().shrankTooMuch(ratio.get())) {
            String shrunk = observed + " (" + comparison + "; allowed " + rule.bounds().describeShrink() + ")";
            return rule.accepted().contains(date)
                    ? outcome(rule, date, constraint, true, shrunk + "; accepted by the operator for this date",
                            count.orElse(null))
                    : outcome(rule, date, constraint, false, shrunk + "; if the extract is complete, re-run this "
                            + "date with --accept-volume-change " + date, count.orElse(null));
        }
        if (rule.bounds().grewTooMuch(ratio.get())) {
            return outcome(rule, Level.WARNING, date, constraint, false,
                    observed + " (" + comparison + "; " + rule.bounds().describeGrowth() + ")", count.get());
        }
        return outcome(rule, date, constraint, true, observed + " (" + comparison + ")", count.orElse(null));
    }

    private CheckOutcome outcome(Rule rule, LocalDate date, String constraint, boolean success, String message,
                                 Double value) {
        return outcome(rule, rule.level(), date, constraint, success, message, value);
    }

    private CheckOutcome outcome(Rule rule, Level level, LocalDate date, String constraint, boolean success,
                                 String message, Double value) {
        return new CheckOutcome(tableName, date, rule.name(), constraint, level, success, message, value);
    }
}
