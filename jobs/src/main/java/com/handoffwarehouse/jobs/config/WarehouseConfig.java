package com.handoffwarehouse.jobs.config;

import com.handoffwarehouse.transforms.intermediate.HandoffChecklist;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The validated configuration of {@code conf/warehouse.yaml}. Field names are the YAML keys in camelCase;
 * {@link ConfigLoader} is the only way to build one, so every instance has passed validation.
 */
public record WarehouseConfig(
        String warehouse,
        Spark spark,
        Ingest ingest,
        Checklist checklist,
        Sla sla,
        BusinessHours businessHours,
        LeadSources leadSources,
        Territory territory,
        Quality quality) {

    public record LeadSources(List<String> inbound) {
    }

    public record Spark(String master, int shufflePartitions, int deltaSnapshotPartitions, Map<String, String> conf) {
    }

    public record Ingest(Jdbc jdbc) {
    }

    public record Jdbc(String schema, int fetchSize, long partitionThresholdRows, int numPartitions) {
    }

    public record Checklist(
            String framework,
            Map<String, List<String>> frameworks,
            Map<String, Integer> weights,
            List<String> placeholders,
            int followupTaskWithinMinutes) {

        public static final List<String> ITEMS = HandoffChecklist.ITEMS;

        /** Lead fields the checklist reads besides the framework's own. */
        public static final List<String> ITEM_FIELDS = List.of("Business_Problem__c", "Why_Now__c",
                "Decision_Maker__c", "Use_Case__c", "Desired_Outcome__c", "Objections__c", "Next_Step__c");

        public List<String> frameworkFields() {
            return frameworks.get(framework);
        }

        /** Every qualification field a Lead extract must carry under this configuration, without repeats. */
        public List<String> requiredLeadFields() {
            return java.util.stream.Stream.concat(ITEM_FIELDS.stream(), frameworkFields().stream())
                    .distinct().toList();
        }
    }

    public record Sla(
            double acceptanceBusinessHours,
            double firstContactBusinessHours,
            double firstContactHighIntentBusinessHours,
            double highIntentScore,
            int meetingLookbackHours,
            int meetingToOpportunityDays,
            int stalledOpportunityDays) {
    }

    public record BusinessHours(
            String start,
            String end,
            List<DayOfWeek> workingDays,
            Map<String, List<LocalDate>> holidays) {
    }

    public record Territory(
            Map<String, List<String>> regions,
            Map<String, String> countryAliases,
            List<Segment> segments) {
    }

    public record Segment(String name, Integer maxEmployees) {
    }

    /** The quality gates' settings (DESIGN section 6). */
    public record Quality(RowCount rowCount) {
    }

    /** How far a snapshot's row count may move from the previous snapshot's, as shares of it. */
    public record RowCount(double maxShrink, double warnGrowth, long minPreviousRows) {
    }
}
