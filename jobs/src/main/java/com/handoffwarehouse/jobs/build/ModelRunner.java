package com.handoffwarehouse.jobs.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.Materializer.Written;
import com.handoffwarehouse.jobs.models.BuildContext;
import com.handoffwarehouse.jobs.models.Inputs;
import com.handoffwarehouse.jobs.models.Materialization;
import com.handoffwarehouse.jobs.models.Model;
import com.handoffwarehouse.quality.CheckOutcome;
import com.handoffwarehouse.quality.GateResult;
import com.handoffwarehouse.quality.QualityGateFailed;
import com.handoffwarehouse.quality.QualitySuite;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.vocabulary.Bronze;
import com.handoffwarehouse.transforms.vocabulary.SnapshotInstant;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Materializes the model graph: every selected model after the models it reads, independent ones in parallel,
 * each one's quality suite run on its table as written before its children start (a failure stops its
 * descendants and the publication), and, when every selected model passed, one publication of what the run
 * built. Incremental models advance from their state when the snapshots added since come after everything they
 * have seen, and are rebuilt in full otherwise.
 */
public final class ModelRunner {
    /** Beyond this many new snapshots one rebuild reads less than one incremental step per snapshot. */
    public static final int MAX_INCREMENTAL_SNAPSHOTS = 7;

    /** One model of a run: how it was built, the table it left, and the seconds it took. */
    public record ModelRun(String model, Plan.Mode mode, String detail, Written table, double seconds) {
    }

    /** The models a run built, and every check their suites ran. */
    public record Result(List<ModelRun> models, GateResult quality) {
        public Map<String, Long> rows() {
            Map<String, Long> rows = new LinkedHashMap<>();
            models.forEach(m -> rows.put(m.model(), m.table().count()));
            return rows;
        }
    }

    private final ModelGraph graph;
    private final Materializer materializer;
    private final BuildContext context;
    private final Progress progress;
    private final int threads;
    private final Map<CrmObject, Map<LocalDate, Long>> stamps = new ConcurrentHashMap<>();

    public ModelRunner(ModelGraph graph, Materializer materializer, BuildContext context, Progress progress,
                       int threads) {
        this.graph = graph;
        this.materializer = materializer;
        this.context = context;
        this.progress = progress;
        this.threads = threads;
    }

    /**
     * Builds the selected models. The quality outcomes go to {@code recordQuality} before anything is published
     * and before a failure is thrown, so they are on record either way.
     *
     * @param full rebuild incremental models from every snapshot instead of advancing them
     * @throws QualityGateFailed when an Error-level check failed; nothing is published then
     */
    public Result run(Selection selection, boolean full, String runId, Consumer<GateResult> recordQuality) {
        Set<String> selected = selection.resolve(graph);
        Map<String, Written> given = new LinkedHashMap<>();
        for (String name : selected) {
            for (String ref : graph.get(name).refs()) {
                if (!selected.contains(ref) && !given.containsKey(ref)) {
                    given.put(ref, materializer.current(graph.get(ref).table()).orElseThrow(() ->
                            new BuildException(ref + " does not exist yet, and " + name + " reads it: build it first "
                                    + "(warehouse build --select +" + name + ")")));
                }
            }
        }
        Map<String, CompletableFuture<ModelRun>> runs = new LinkedHashMap<>();
        List<CheckOutcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "model-runner");
            t.setDaemon(true);
            return t;
        });
        try {
            for (String name : selected) {
                Model model = graph.get(name);
                CompletableFuture<?>[] before = model.refs().stream().filter(runs::containsKey).map(runs::get)
                        .toArray(CompletableFuture[]::new);
                runs.put(name, CompletableFuture.allOf(before).thenApplyAsync(ignored -> {
                    Map<String, Written> inputs = new LinkedHashMap<>();
                    for (String ref : model.refs()) {
                        inputs.put(ref, runs.containsKey(ref) ? runs.get(ref).join().table() : given.get(ref));
                    }
                    return build(model, inputs, full, outcomes);
                }, pool));
            }
            List<ModelRun> done = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (CompletableFuture<ModelRun> run : runs.values()) {
                try {
                    done.add(run.join());
                } catch (CompletionException e) {
                    Throwable cause = rootOf(e);
                    if (!failures.contains(cause)) {
                        failures.add(cause);
                    }
                }
            }
            GateResult quality = new GateResult(runId, outcomes);
            recordQuality.accept(quality);
            if (!failures.isEmpty()) {
                throw failures.stream().filter(f -> !(f instanceof QualityGateFailed)).findFirst()
                        .map(ModelRunner::unchecked)
                        .orElseGet(() -> new QualityGateFailed(quality.failureMessage()));
            }
            Progress.Step publishing = progress.start("build", "publication");
            publishing.done(materializer.publish(done.stream().map(ModelRun::table).toList(), context.asOf(), runId));
            return new Result(done, quality);
        } finally {
            pool.shutdownNow();
        }
    }

    private ModelRun build(Model model, Map<String, Written> refs, boolean full, List<CheckOutcome> outcomes) {
        context.spark().sparkContext().setJobDescription("build " + model.name());
        Progress.Step step = progress.start("build", model.name());
        long started = System.nanoTime();
        Map<String, Dataset<Row>> refRows = new LinkedHashMap<>();
        refs.forEach((name, w) -> refRows.put(name, w.rows()));
        Plan plan = plan(model, full);
        Written written = switch (plan.mode()) {
            case FULL -> materializer.replace(model.table(),
                    model.transform().build(inputs(model, refRows, null), context), watermark(model, null));
            case UP_TO_DATE -> materializer.current(model.table()).orElseThrow();
            case INCREMENTAL -> advance(model, (Materialization.Incremental) model.materialization(), plan, refRows);
        };
        model.suite().ifPresent(suite -> {
            List<CheckOutcome> checked = new QualitySuite(model.name(), context.asOfDate(), written.rows(),
                    suite.rules(inputs(model, refRows, null))).run();
            outcomes.addAll(checked);
            GateResult gate = new GateResult("", checked);
            if (!gate.passed()) {
                step.done("FAILED its checks");
                throw new QualityGateFailed(gate.failureMessage());
            }
        });
        boolean alwaysFull = !(model.materialization() instanceof Materialization.Incremental);
        step.done(written.count() + " rows" + (alwaysFull ? "" : ", " + plan.describe()));
        return new ModelRun(model.name(), plan.mode(), plan.describe(), written, (System.nanoTime() - started) / 1e9);
    }

    private Written advance(Model model, Materialization.Incremental incremental, Plan plan,
                            Map<String, Dataset<Row>> refRows) {
        Written current = materializer.current(model.table()).orElseThrow();
        if (!incremental.bySnapshots()) {
            Dataset<Row> rows = incremental.advance().apply(current.rows(), inputs(model, refRows, null),
                    new Materialization.Increment(null, List.of()), context);
            return write(model, incremental, rows, null);
        }
        if (!incremental.perSnapshot()) {
            Materialization.Increment increment = new Materialization.Increment(plan.previous(), plan.added());
            Dataset<Row> rows = incremental.advance().apply(current.rows(),
                    inputs(model, refRows, Set.copyOf(plan.added())), increment, context);
            return write(model, incremental, rows, null);
        }
        LocalDate previous = plan.previous();
        for (LocalDate date : plan.added()) {
            Materialization.Increment increment = new Materialization.Increment(previous, List.of(date));
            Dataset<Row> rows = incremental.advance().apply(current.rows(),
                    inputs(model, refRows, Set.of(previous, date)), increment, context);
            current = write(model, incremental, rows, date);
            previous = date;
        }
        return current;
    }

    private Written write(Model model, Materialization.Incremental incremental, Dataset<Row> rows, LocalDate upTo) {
        Watermark watermark = watermark(model, upTo);
        return incremental.uniqueKey().isEmpty() ? materializer.replace(model.table(), rows, watermark)
                : materializer.upsert(model.table(), rows, incremental.uniqueKey(), watermark);
    }

    private Plan plan(Model model, boolean full) {
        if (!(model.materialization() instanceof Materialization.Incremental incremental)) {
            return Plan.rebuild("rebuilt on every run");
        }
        if (full) {
            return Plan.rebuild("--full");
        }
        Watermark seen = materializer.watermark(model.table());
        return incremental.bySnapshots()
                ? Plan.decide(seen, currentStamps(model), MAX_INCREMENTAL_SNAPSHOTS)
                : Plan.decideByInputs(seen, context.asOf().toEpochMilli(), incremental.settingsKey().apply(context));
    }

    /** The stamps of every bronze table upstream of the model, cut at the build's as-of time. */
    private Map<String, Map<LocalDate, Long>> currentStamps(Model model) {
        Map<String, Map<LocalDate, Long>> out = new TreeMap<>();
        for (CrmObject object : upstreamSources(model)) {
            Map<LocalDate, Long> cut = new TreeMap<>();
            stamps.computeIfAbsent(object, materializer::sourceStamps).forEach((date, stamp) -> {
                if (!SnapshotInstant.of(date).isAfter(context.asOf())) {
                    cut.put(date, stamp);
                }
            });
            out.put(TableNames.raw(object), cut);
        }
        return out;
    }

    private Set<CrmObject> upstreamSources(Model model) {
        Set<CrmObject> out = EnumSet.noneOf(CrmObject.class);
        graph.upstream(model.name()).forEach(name -> out.addAll(graph.get(name).sources()));
        return out;
    }

    private Watermark watermark(Model model, LocalDate upTo) {
        String settings = model.materialization() instanceof Materialization.Incremental incremental
                && !incremental.bySnapshots() ? incremental.settingsKey().apply(context) : null;
        Map<String, Map<LocalDate, Long>> seen = new TreeMap<>();
        currentStamps(model).forEach((table, dates) -> {
            Map<LocalDate, Long> kept = new TreeMap<>();
            dates.forEach((d, stamp) -> {
                if (upTo == null || !d.isAfter(upTo)) {
                    kept.put(d, stamp);
                }
            });
            seen.put(table, kept);
        });
        return new Watermark(seen, context.asOf().toEpochMilli(), settings);
    }

    /** The model's inputs; {@code dates} null for every snapshot up to the as-of time, else just those. */
    private Inputs inputs(Model model, Map<String, Dataset<Row>> refs, Set<LocalDate> dates) {
        return new Inputs() {
            @Override
            public Dataset<Row> ref(String table) {
                if (!refs.containsKey(table)) {
                    throw new IllegalStateException(model.name() + " reads " + table + " without declaring it");
                }
                return refs.get(table);
            }

            @Override
            public Dataset<Row> source(CrmObject object) {
                if (!model.sources().contains(object)) {
                    throw new IllegalStateException(model.name() + " reads " + TableNames.raw(object)
                            + " without declaring it");
                }
                Dataset<Row> raw = materializer.source(object).orElseGet(() -> emptySource(object));
                Dataset<Row> cut = raw.filter(SnapshotInstant.of(col(Bronze.SNAPSHOT_DATE))
                        .leq(lit(context.asOfTimestamp())));
                return dates == null ? cut : cut.filter(col(Bronze.SNAPSHOT_DATE)
                        .isin(dates.stream().map(Date::valueOf).toArray()));
            }
        };
    }

    /** An optional object never ingested reads as an empty table of its contract; a required one is an error. */
    private Dataset<Row> emptySource(CrmObject object) {
        if (!object.optional()) {
            throw new BuildException(TableNames.raw(object) + " does not exist: run warehouse ingest before "
                    + "warehouse build.");
        }
        StructType schema = new StructType();
        for (CrmColumn c : object.requiredColumns()) {
            schema = schema.add(c.name(), c.type().sparkType());
        }
        schema = schema.add(Bronze.SNAPSHOT_DATE, DataTypes.DateType);
        return context.spark().createDataFrame(List.<Row>of(), schema);
    }

    private static Throwable rootOf(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static RuntimeException unchecked(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
