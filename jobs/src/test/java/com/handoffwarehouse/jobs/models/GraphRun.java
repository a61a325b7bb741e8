package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.jobs.Progress;
import com.handoffwarehouse.jobs.build.CheckpointMaterializer;
import com.handoffwarehouse.jobs.build.ModelGraph;
import com.handoffwarehouse.jobs.build.ModelRunner;
import com.handoffwarehouse.jobs.build.Selection;
import com.handoffwarehouse.jobs.config.ConfigLoader;
import com.handoffwarehouse.jobs.config.RoutingRulesLoader;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.intermediate.Territory;
import java.sql.Timestamp;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The warehouse's model graph run over hand-built bronze frames, held in local checkpoints: what the edge-case
 * tests assert on is exactly what a build materializes, without wiring the transforms by hand.
 */
final class GraphRun {
    private GraphRun() {
    }

    /** Every table of the graph, by name, as of {@code asOf}. */
    static Map<String, Dataset<Row>> build(Map<CrmObject, Dataset<Row>> bronze, Timestamp asOf,
                                           BuildSettings settings) {
        CheckpointMaterializer tables = new CheckpointMaterializer(bronze);
        BuildContext context = new BuildContext(SharedSpark.session(), asOf.toInstant(), settings);
        ModelRunner.Result result = new ModelRunner(new ModelGraph(Models.all()), tables, context, Progress.silent(),
                2).run(Selection.ALL, false, "test", quality -> { });
        Map<String, Dataset<Row>> out = new LinkedHashMap<>();
        result.models().forEach(m -> out.put(m.model(), m.table().rows()));
        return out;
    }

    /** Every object's frame, empty ones included: an empty optional object reads as one never exported. */
    static Map<CrmObject, Dataset<Row>> bronze(com.handoffwarehouse.transforms.fixtures.CrmFixture fixture) {
        Map<CrmObject, Dataset<Row>> out = new EnumMap<>(CrmObject.class);
        for (CrmObject o : CrmObject.values()) {
            out.put(o, fixture.raw(o));
        }
        return out;
    }

    /** The packaged defaults, with the test's territory, rules, checklist and inbound sources. */
    static BuildSettings settings(Territory territory, RoutingRules rules, HandoffChecklist.Spec checklist,
                                  List<String> inbound) {
        BuildSettings d = BuildSettings.from(ConfigLoader.load(java.util.Optional.empty()),
                RoutingRulesLoader.load(java.util.Optional.empty()));
        return new BuildSettings(territory, rules, checklist, inbound, 24, 60, d.calendar(), d.sla(),
                d.meetingToOpportunityDays(), d.stalledOpportunityDays());
    }
}
