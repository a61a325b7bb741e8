package com.handoffwarehouse.jobs.build;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.catalog.Publication;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.WarehouseCatalog;
import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.jobs.ops.RunLog;
import com.handoffwarehouse.jobs.quality.QualityGates;
import com.handoffwarehouse.quality.GoldSuite;
import com.handoffwarehouse.quality.SilverSuite;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import com.handoffwarehouse.transforms.intermediate.IntHistories;
import com.handoffwarehouse.transforms.intermediate.IntLeadTimeline;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.intermediate.SnapshotHistory;
import com.handoffwarehouse.transforms.intermediate.Territory;
import com.handoffwarehouse.transforms.marts.FctHandoff;
import com.handoffwarehouse.transforms.marts.FctMeeting;
import com.handoffwarehouse.transforms.marts.Dimensions;
import com.handoffwarehouse.transforms.marts.FctOpportunityStage;
import com.handoffwarehouse.transforms.marts.HandoffOutcomes;
import com.handoffwarehouse.transforms.marts.MartHandoffFunnel;
import com.handoffwarehouse.transforms.marts.MartHandoffQuality;
import com.handoffwarehouse.transforms.marts.MartRoutingAudit;
import com.handoffwarehouse.transforms.marts.MartSdrBooking;
import com.handoffwarehouse.transforms.marts.MartSlaBreachesOpen;
import com.handoffwarehouse.transforms.marts.MartSlaCompliance;
import com.handoffwarehouse.transforms.marts.MartStageProgression;
import com.handoffwarehouse.transforms.marts.HandoffSla;
import com.handoffwarehouse.transforms.staging.StgObject;
import com.handoffwarehouse.transforms.time.BusinessCalendar;
import com.handoffwarehouse.transforms.time.DimDate;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code warehouse build}: rebuilds silver and gold from bronze as of one instant. Every table is replaced
 * in one Delta commit; silver tables are read back before the next step uses them, gold frames are cached,
 * so a step never recomputes its inputs. The silver gate runs once silver is written; the gold gate runs on
 * the computed gold frames before any of them is written. Readers see none of it until the end, when all the
 * tables are published in one commit; a failed gate or a dead build leaves the previous publication whole.
 */
public final class WarehouseBuild {
    /** The instant the build saw the world at, the rows of every table it wrote, and their publication. */
    public record Result(Instant asOf, Map<String, Long> rows, Publication publication) {
    }

    public static final String JOB = "build";

    private final WarehouseCatalog catalog;
    private final WarehouseConfig config;
    private final RoutingRules rules;
    private final Progress progress;

    public WarehouseBuild(WarehouseCatalog catalog, WarehouseConfig config, RoutingRules rules, Progress progress) {
        this.catalog = catalog;
        this.config = config;
        this.rules = rules;
        this.progress = progress;
    }

    /** The as-of time when none is given: the end of the latest snapshot's day. */
    public Instant latestSnapshotTime() {
        Row latest = bronze(CrmObject.LEAD).agg(max("snapshot_date")).head();
        if (latest.isNullAt(0)) {
            throw new BuildException("raw_lead is empty: ingest at least one snapshot before building.");
        }
        LocalDate date = latest.getDate(0).toLocalDate();
        return date.atTime(23, 59, 59).toInstant(ZoneOffset.UTC);
    }

    /** Builds and logs the run in run_log (job "build", filed under the as-of date). */
    public Result run(Optional<Instant> requestedAsOf) {
        Instant asOf = requestedAsOf.orElseGet(this::latestSnapshotTime);
        String runId = UUID.randomUUID().toString();
        Instant started = Instant.now();
        LocalDate asOfDate = asOf.atZone(ZoneOffset.UTC).toLocalDate();
        RunLog log = new RunLog(catalog);
        log.started(List.of(new RunLog.Entry(runId, JOB, asOfDate, "bronze", started, null, RunLog.RUNNING, null,
                null, null, null)));
        try {
            Result result = build(asOf, runId, new QualityGates(catalog, config, runId, progress, false));
            long written = result.rows().values().stream().mapToLong(Long::longValue).sum();
            log.finished(List.of(new RunLog.Entry(runId, JOB, asOfDate, "bronze", started, Instant.now(),
                    RunLog.SUCCEEDED, null, written, null, null)));
            return result;
        } catch (RuntimeException e) {
            log.finished(List.of(new RunLog.Entry(runId, JOB, asOfDate, "bronze", started, Instant.now(),
                    RunLog.FAILED, null, null, null, String.valueOf(e.getMessage()))));
            throw e;
        }
    }

    /**
     * Writes every silver and gold table (each its own Delta commits, unseen by readers), then publishes all of
     * them in one commit: a build that fails or dies before the end leaves the previous publication whole.
     */
    private Result build(Instant asOf, String runId, QualityGates gates) {
        Timestamp asOfTs = Timestamp.from(asOf);
        Outputs rows = new Outputs();
        progress.info("[build] as of " + asOf);

        Map<CrmObject, Dataset<Row>> raw = new LinkedHashMap<>();
        for (CrmObject o : CrmObject.values()) {
            Optional<Dataset<Row>> table = catalog.readIfExists(Tables.raw(o));
            if (table.isEmpty() && !o.optional()) {
                throw new BuildException(Tables.raw(o).name() + " does not exist in " + catalog.root()
                        + ": run warehouse ingest before warehouse build.");
            }
            table.map(t -> t.filter(SnapshotHistory.snapshotTime(col(Tables.SNAPSHOT_DATE)).leq(lit(asOfTs))))
                    .ifPresent(t -> raw.put(o, t));
        }

        Map<CrmObject, Dataset<Row>> stg = new LinkedHashMap<>();
        for (CrmObject o : new CrmObject[] {CrmObject.USER, CrmObject.ACCOUNT, CrmObject.LEAD, CrmObject.EVENT,
                CrmObject.TASK, CrmObject.OPPORTUNITY}) {
            stg.put(o, write(Tables.stg(o), StgObject.latest(raw.get(o), o), rows));
        }
        Dataset<Row> leadHistory = write(Tables.INT_LEAD_HISTORY,
                IntHistories.leadHistory(raw.get(CrmObject.LEAD), Optional.ofNullable(raw.get(CrmObject.LEAD_HISTORY))),
                rows);
        Dataset<Row> accountHistory = write(Tables.INT_ACCOUNT_HISTORY,
                IntHistories.accountHistory(raw.get(CrmObject.ACCOUNT)), rows);
        Dataset<Row> userHistory = write(Tables.INT_USER_HISTORY,
                IntHistories.userHistory(raw.get(CrmObject.USER)), rows);

        List<Dataset<Row>> cached = new ArrayList<>();
        try {
            Dataset<Row> meetings = cache(FctMeeting.build(raw.get(CrmObject.EVENT), asOfTs), cached);
            Dataset<Row> stages = cache(FctOpportunityStage.build(raw.get(CrmObject.OPPORTUNITY),
                    Optional.ofNullable(raw.get(CrmObject.OPPORTUNITY_HISTORY)),
                    Optional.ofNullable(raw.get(CrmObject.OPPORTUNITY_FIELD_HISTORY)), asOfTs,
                    config.sla().stalledOpportunityDays()), cached);
            Dataset<Row> handoffs = cache(HandoffSla.apply(FctHandoff.build(
                    new FctHandoff.Inputs(leadHistory, accountHistory, userHistory, stg.get(CrmObject.LEAD),
                            stg.get(CrmObject.TASK), stg.get(CrmObject.OPPORTUNITY), meetings),
                    settings()), stg.get(CrmObject.USER), calendar(), slaSpec(), asOfTs), cached);
            Dataset<Row> timeline = write(Tables.INT_LEAD_TIMELINE, IntLeadTimeline.build(new IntLeadTimeline.Inputs(
                    leadHistory, Optional.ofNullable(raw.get(CrmObject.LEAD_HISTORY)), handoffs, meetings,
                    raw.get(CrmObject.EVENT), stg.get(CrmObject.LEAD), stages, stg.get(CrmObject.USER))), rows);
            LocalDate asOfDate = asOf.atZone(ZoneOffset.UTC).toLocalDate();
            gates.silver(asOfDate, new SilverSuite.Tables(leadHistory, accountHistory, userHistory, timeline));

            Map<TableRef, Dataset<Row>> gold = new LinkedHashMap<>();
            gold.put(Tables.FCT_MEETING, meetings);
            gold.put(Tables.FCT_OPPORTUNITY_STAGE, stages);
            gold.put(Tables.FCT_HANDOFF, handoffs);
            gold.put(Tables.DIM_USER, Dimensions.dimUser(userHistory));
            gold.put(Tables.DIM_ACCOUNT, Dimensions.dimAccount(accountHistory));
            LocalDate firstDay = earliestDay(stg.get(CrmObject.LEAD));
            gold.put(Tables.DIM_DATE, DimDate.build(catalog.spark(), firstDay, asOfDate.plusDays(1)));
            Dataset<Row> outcomes = cache(HandoffOutcomes.build(handoffs, stg.get(CrmObject.OPPORTUNITY), meetings,
                    asOfTs, config.sla().meetingToOpportunityDays()), cached);
            gold.put(Tables.MART_HANDOFF_FUNNEL, cache(MartHandoffFunnel.build(outcomes), cached));
            gold.put(Tables.MART_SLA_COMPLIANCE, cache(MartSlaCompliance.build(outcomes), cached));
            gold.put(Tables.MART_SLA_BREACHES_OPEN, MartSlaBreachesOpen.build(outcomes, asOfTs));
            gold.put(Tables.MART_ROUTING_AUDIT, cache(MartRoutingAudit.build(outcomes), cached));
            gold.put(Tables.MART_HANDOFF_QUALITY, cache(MartHandoffQuality.build(outcomes), cached));
            gold.put(Tables.MART_STAGE_PROGRESSION, MartStageProgression.build(stages, outcomes));
            gold.put(Tables.MART_SDR_BOOKING, cache(MartSdrBooking.build(stg.get(CrmObject.LEAD),
                    stg.get(CrmObject.TASK), stg.get(CrmObject.EVENT), stg.get(CrmObject.USER),
                    settings().territory(), config.leadSources().inbound()), cached));
            gates.gold(asOfDate, new GoldSuite.Tables(handoffs, gold.get(Tables.MART_HANDOFF_FUNNEL),
                    gold.get(Tables.MART_SLA_COMPLIANCE), gold.get(Tables.MART_ROUTING_AUDIT),
                    gold.get(Tables.MART_HANDOFF_QUALITY), gold.get(Tables.MART_SDR_BOOKING)));
            gold.forEach((table, frame) -> write(table, frame, rows));
        } finally {
            cached.forEach(Dataset::unpersist);
        }
        Progress.Step step = progress.start("build", "publication");
        Publication publication = Publication.publish(catalog, rows.versions, asOf, runId);
        step.done(rows.versions.size() + " tables published together (" + publication.id() + ")");
        return new Result(asOf, rows.counts, publication);
    }

    /** What the build wrote: rows per table name, and the Delta version each table's write made. */
    private static final class Outputs {
        final Map<String, Long> counts = new LinkedHashMap<>();
        final Map<TableRef, Long> versions = new LinkedHashMap<>();
    }

    /** Gold frames are judged, then written; caching them keeps both from recomputing their inputs. */
    private static Dataset<Row> cache(Dataset<Row> frame, List<Dataset<Row>> cached) {
        Dataset<Row> kept = frame.cache();
        cached.add(kept);
        return kept;
    }

    FctHandoff.Settings settings() {
        WarehouseConfig.Territory t = config.territory();
        Territory territory = new Territory(t.regions(), t.countryAliases(), t.segments().stream()
                .map(s -> new Territory.Segment(s.name(), s.maxEmployees())).toList());
        WarehouseConfig.Checklist c = config.checklist();
        return new FctHandoff.Settings(territory, rules,
                new HandoffChecklist.Spec(c.frameworkFields(), c.weights(), c.placeholders()),
                config.leadSources().inbound(), config.sla().meetingLookbackHours(), c.followupTaskWithinMinutes());
    }

    /** dim_date starts a week before the earliest lead creation, so every cohort and created week has its row. */
    private static LocalDate earliestDay(Dataset<Row> stgLead) {
        Row first = stgLead.agg(org.apache.spark.sql.functions.min("created_date")).head();
        return first.isNullAt(0) ? LocalDate.of(2000, 1, 1)
                : first.getTimestamp(0).toInstant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(7);
    }

    BusinessCalendar calendar() {
        WarehouseConfig.BusinessHours b = config.businessHours();
        return new BusinessCalendar(LocalTime.parse(b.start()), LocalTime.parse(b.end()), Set.copyOf(b.workingDays()),
                b.holidays());
    }

    HandoffSla.Spec slaSpec() {
        WarehouseConfig.Sla s = config.sla();
        return new HandoffSla.Spec(s.acceptanceBusinessHours(), s.firstContactBusinessHours(),
                s.firstContactHighIntentBusinessHours(), s.highIntentScore());
    }

    private Dataset<Row> bronze(CrmObject object) {
        return catalog.readIfExists(Tables.raw(object)).orElseThrow(() -> new BuildException(
                Tables.raw(object).name() + " does not exist in " + catalog.root()
                        + ": run warehouse ingest before warehouse build."));
    }

    private Dataset<Row> write(TableRef table, Dataset<Row> rows, Outputs outputs) {
        Progress.Step step = progress.start("build", table.name());
        WarehouseCatalog.Written written = catalog.write(table, rows);
        long n = written.rows().count();
        outputs.counts.put(table.name(), n);
        outputs.versions.put(table, written.version());
        step.done(n + " rows");
        return written.rows();
    }
}
