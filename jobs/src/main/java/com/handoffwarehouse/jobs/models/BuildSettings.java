package com.handoffwarehouse.jobs.models;

import com.handoffwarehouse.jobs.config.WarehouseConfig;
import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import com.handoffwarehouse.transforms.intermediate.Territory;
import com.handoffwarehouse.transforms.marts.HandoffSla;
import com.handoffwarehouse.transforms.time.BusinessCalendar;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * The configuration the transforms read, typed for them: territory, routing rules, checklist, SLA clocks and the
 * metric windows (conf/warehouse.yaml, conf/routing.yaml).
 */
public record BuildSettings(Territory territory, RoutingRules rules, HandoffChecklist.Spec checklist,
                            List<String> inboundLeadSources, int meetingLookbackHours, int followupWithinMinutes,
                            BusinessCalendar calendar, HandoffSla.Spec sla, int meetingToOpportunityDays,
                            int stalledOpportunityDays) {
    public BuildSettings {
        inboundLeadSources = List.copyOf(inboundLeadSources);
    }

    public static BuildSettings from(WarehouseConfig config, RoutingRules rules) {
        WarehouseConfig.Territory t = config.territory();
        Territory territory = new Territory(t.regions(), t.countryAliases(), t.segments().stream()
                .map(s -> new Territory.Segment(s.name(), s.maxEmployees())).toList());
        WarehouseConfig.Checklist c = config.checklist();
        WarehouseConfig.BusinessHours b = config.businessHours();
        WarehouseConfig.Sla s = config.sla();
        return new BuildSettings(territory, rules,
                new HandoffChecklist.Spec(c.frameworkFields(), c.weights(), c.placeholders()),
                config.leadSources().inbound(), s.meetingLookbackHours(), c.followupTaskWithinMinutes(),
                new BusinessCalendar(LocalTime.parse(b.start()), LocalTime.parse(b.end()), Set.copyOf(b.workingDays()),
                        b.holidays()),
                new HandoffSla.Spec(s.acceptanceBusinessHours(), s.firstContactBusinessHours(),
                        s.firstContactHighIntentBusinessHours(), s.highIntentScore()),
                s.meetingToOpportunityDays(), s.stalledOpportunityDays());
    }
}
