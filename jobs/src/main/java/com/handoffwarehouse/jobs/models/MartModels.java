package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.jobs.catalog.Tables;
import com.handoffwarehouse.jobs.catalog.TableRef;
import com.handoffwarehouse.quality.GoldSuite;
import com.handoffwarehouse.transforms.marts.DimLead;
import com.handoffwarehouse.transforms.marts.Dimensions;
import com.handoffwarehouse.transforms.marts.FctHandoff;
import com.handoffwarehouse.transforms.marts.FctMeeting;
import com.handoffwarehouse.transforms.marts.FctOpportunityStage;
import com.handoffwarehouse.transforms.marts.HandoffOutcomes;
import com.handoffwarehouse.transforms.marts.MartChecklistEffect;
import com.handoffwarehouse.transforms.marts.MartHandoffFunnel;
import com.handoffwarehouse.transforms.marts.MartHeadline;
import com.handoffwarehouse.transforms.marts.MartHandoffQuality;
import com.handoffwarehouse.transforms.marts.MartRoutingAudit;
import com.handoffwarehouse.transforms.marts.MartSdrBooking;
import com.handoffwarehouse.transforms.marts.MartSlaBreachesOpen;
import com.handoffwarehouse.transforms.marts.MartSlaCompliance;
import com.handoffwarehouse.transforms.marts.MartSpeedDistribution;
import com.handoffwarehouse.transforms.marts.MartStageProgression;
import com.handoffwarehouse.transforms.marts.MartTeamMetrics;
import com.handoffwarehouse.transforms.marts.MartWeeklyMetrics;
import com.handoffwarehouse.transforms.time.DimDate;
import com.handoffwarehouse.transforms.vocabulary.TableNames;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The gold models (dbt's marts layer): dimensions ({@code dim_}) and facts ({@code fct_}) read silver; the metric
 * marts ({@code mart_}) read the facts and dimensions only, and sum one per-handoff outcome frame
 * ({@link HandoffOutcomes}) so they reconcile with each other and with fct_handoff. The report marts
 * (mart_weekly_metrics, mart_team_weekly_metrics, mart_team_metrics, mart_headline, mart_speed_distribution,
 * mart_checklist_effect) are the dashboard's figures, each rate defined once in {@code CohortMetrics}.
 */
public final class MartModels {
    private static final String FCT_HANDOFF = TableNames.FCT_HANDOFF;

    private MartModels() {
    }

    public static List<Model> all() {
        return List.of(
                Model.of(Tables.DIM_USER).refs(TableNames.INT_USER_HISTORY)
                        .transform((in, c) -> Dimensions.dimUser(in.ref(TableNames.INT_USER_HISTORY))),
                Model.of(Tables.DIM_ACCOUNT).refs(TableNames.INT_ACCOUNT_HISTORY)
                        .transform((in, c) -> Dimensions.dimAccount(in.ref(TableNames.INT_ACCOUNT_HISTORY))),
                Model.of(Tables.DIM_LEAD).refs(TableNames.INT_LEAD)
                        .transform((in, c) -> DimLead.build(in.ref(TableNames.INT_LEAD), c.settings().territory(),
                                c.settings().inboundLeadSources())),
                Model.of(Tables.DIM_DATE).refs(TableNames.INT_LEAD)
                        .transform((in, c) -> DimDate.build(c.spark(), earliestDay(in.ref(TableNames.INT_LEAD)),
                                c.asOfDate().plusDays(1))),
                Model.of(Tables.FCT_MEETING).refs(TableNames.INT_MEETING)
                        .transform((in, c) -> FctMeeting.build(in.ref(TableNames.INT_MEETING), c.asOfTimestamp())),
                Model.of(Tables.FCT_OPPORTUNITY_STAGE).refs(TableNames.INT_OPPORTUNITY_STAGE)
                        .transform((in, c) -> FctOpportunityStage.build(in.ref(TableNames.INT_OPPORTUNITY_STAGE),
                                c.asOfTimestamp(), c.settings().stalledOpportunityDays())),
                Model.of(Tables.FCT_HANDOFF).refs(TableNames.INT_HANDOFF, TableNames.INT_USER_HISTORY)
                        .materialized(Materialization.Incremental.byInputs((current, in, increment, c) ->
                                FctHandoff.advance(current, in.ref(TableNames.INT_HANDOFF),
                                        in.ref(TableNames.INT_USER_HISTORY), c.settings().calendar(),
                                        c.settings().sla(), c.asOfTimestamp()),
                                c -> c.settings().calendar().canonical() + " " + c.settings().sla()))
                        .checks(in -> GoldSuite.fctHandoffRules())
                        .transform((in, c) -> FctHandoff.build(in.ref(TableNames.INT_HANDOFF),
                                in.ref(TableNames.INT_USER_HISTORY), c.settings().calendar(), c.settings().sla(),
                                c.asOfTimestamp())),
                mart(Tables.MART_HANDOFF_FUNNEL, in -> GoldSuite.handoffFunnelRules(in.ref(FCT_HANDOFF)),
                        (in, c) -> MartHandoffFunnel.build(outcomes(in, c))),
                mart(Tables.MART_SLA_COMPLIANCE, in -> GoldSuite.slaComplianceRules(in.ref(FCT_HANDOFF)),
                        (in, c) -> MartSlaCompliance.build(outcomes(in, c))),
                Model.of(Tables.MART_SLA_BREACHES_OPEN).refs(FCT_HANDOFF, TableNames.DIM_LEAD)
                        .transform((in, c) -> MartSlaBreachesOpen.build(outcomes(in, c), in.ref(TableNames.DIM_LEAD),
                                c.asOfTimestamp())),
                mart(Tables.MART_ROUTING_AUDIT, in -> GoldSuite.routingAuditRules(in.ref(FCT_HANDOFF)),
                        (in, c) -> MartRoutingAudit.build(outcomes(in, c))),
                mart(Tables.MART_HANDOFF_QUALITY, in -> GoldSuite.handoffQualityRules(),
                        (in, c) -> MartHandoffQuality.build(outcomes(in, c))),
                Model.of(Tables.MART_STAGE_PROGRESSION).refs(TableNames.FCT_OPPORTUNITY_STAGE, FCT_HANDOFF)
                        .transform((in, c) -> MartStageProgression.build(in.ref(TableNames.FCT_OPPORTUNITY_STAGE),
                                outcomes(in, c))),
                mart(Tables.MART_WEEKLY_METRICS, in -> GoldSuite.weeklyMetricsRules(in.ref(FCT_HANDOFF)),
                        (in, c) -> MartWeeklyMetrics.build(outcomes(in, c), c.asOfTimestamp())),
                mart(Tables.MART_TEAM_WEEKLY_METRICS,
                        in -> GoldSuite.weeklyMetricsRules(in.ref(FCT_HANDOFF)),
                        (in, c) -> MartWeeklyMetrics.byTeam(outcomes(in, c), c.asOfTimestamp())),
                mart(Tables.MART_TEAM_METRICS, in -> GoldSuite.teamMetricsRules(in.ref(FCT_HANDOFF)),
                        (in, c) -> MartTeamMetrics.build(outcomes(in, c), c.asOfTimestamp())),
                mart(Tables.MART_HEADLINE, in -> GoldSuite.headlineRules(),
                        (in, c) -> MartHeadline.build(MartWeeklyMetrics.build(outcomes(in, c), c.asOfTimestamp()))),
                mart(Tables.MART_SPEED_DISTRIBUTION, in -> GoldSuite.speedDistributionRules(),
                        (in, c) -> MartSpeedDistribution.build(outcomes(in, c), c.asOfTimestamp())),
                mart(Tables.MART_CHECKLIST_EFFECT, in -> GoldSuite.checklistEffectRules(),
                        (in, c) -> MartChecklistEffect.build(outcomes(in, c), c.asOfTimestamp())),
                Model.of(Tables.MART_SDR_BOOKING).refs(TableNames.DIM_LEAD, TableNames.DIM_USER)
                        .checks(in -> GoldSuite.sdrBookingRules())
                        .transform((in, c) -> MartSdrBooking.build(in.ref(TableNames.DIM_LEAD),
                                in.ref(TableNames.DIM_USER))));
    }

    /** A mart over fct_handoff's per-handoff outcomes, with its checks. */
    private static Model mart(TableRef table, Model.Suite rules, Model.Transform transform) {
        return Model.of(table).refs(FCT_HANDOFF).checks(rules).transform(transform);
    }

    private static Dataset<Row> outcomes(Inputs in, BuildContext c) {
        return HandoffOutcomes.build(in.ref(FCT_HANDOFF), c.asOfTimestamp(), c.settings().meetingToOpportunityDays());
    }

    /** dim_date starts a week before the earliest lead creation, so every cohort and created week has its row. */
    private static LocalDate earliestDay(Dataset<Row> intLead) {
        Row first = intLead.agg(org.apache.spark.sql.functions.min("created_date")).head();
        return first.isNullAt(0) ? LocalDate.of(2000, 1, 1)
                : first.getTimestamp(0).toInstant().atZone(ZoneOffset.UTC).toLocalDate().minusDays(7);
    }
}
