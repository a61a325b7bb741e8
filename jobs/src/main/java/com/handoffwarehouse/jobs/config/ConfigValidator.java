package com.handoffwarehouse.jobs.config;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The checks a YAML schema cannot express; each failure names the key and what a valid value is. */
final class ConfigValidator {
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private ConfigValidator() {
    }

    static void validate(WarehouseConfig c, String origin) {
        require(origin, "warehouse", c.warehouse() != null && !c.warehouse().isBlank(), "must name a folder or URI");
        require(origin, "spark.master", c.spark().master() != null && !c.spark().master().isBlank(),
                "must be a Spark master such as local[2]");
        require(origin, "spark.shuffle_partitions", c.spark().shufflePartitions() > 0, "must be at least 1");
        require(origin, "spark.delta_snapshot_partitions", c.spark().deltaSnapshotPartitions() > 0,
                "must be at least 1");
        require(origin, "ingest.jdbc.fetch_size", c.ingest().jdbc().fetchSize() > 0, "must be at least 1");
        require(origin, "ingest.jdbc.num_partitions", c.ingest().jdbc().numPartitions() > 0, "must be at least 1");
        require(origin, "ingest.jdbc.partition_threshold_rows", c.ingest().jdbc().partitionThresholdRows() > 0,
                "must be at least 1");
        checklist(c.checklist(), origin);
        sla(c.sla(), origin);
        businessHours(c.businessHours(), c.territory(), origin);
        territory(c.territory(), origin);
        require(origin, "lead_sources.inbound", c.leadSources().inbound() != null, "must be a list (it may be empty)");
        quality(c.quality(), origin);
    }

    private static void quality(WarehouseConfig.Quality q, String origin) {
        double shrink = q.rowCount().maxShrink();
        double growth = q.rowCount().warnGrowth();
        require(origin, "quality.row_count.max_shrink", shrink > 0 && shrink < 1,
                "must be above 0 and below 1 (a snapshot that lost more than this share of the previous one's rows "
                        + "fails), found " + shrink);
        require(origin, "quality.row_count.min_previous_rows", q.rowCount().minPreviousRows() >= 0,
                "must not be negative");
        require(origin, "quality.row_count.warn_growth", growth > 0,
                "must be above 0 (a snapshot that grew by more than this share of the previous one warns), found "
                        + growth);
    }

    private static void checklist(WarehouseConfig.Checklist k, String origin) {
        require(origin, "checklist.framework", k.frameworks().containsKey(k.framework()),
                "'" + k.framework() + "' is not one of checklist.frameworks " + new TreeSet<>(k.frameworks().keySet()));
        k.frameworks().forEach((name, fields) -> require(origin, "checklist.frameworks." + name,
                fields != null && !fields.isEmpty() && fields.stream().allMatch(f -> f != null && f.endsWith("__c")),
                "must list the Lead's custom field API names (ending in __c)"));
        Set<String> keys = new TreeSet<>(k.weights().keySet());
        Set<String> expected = new TreeSet<>(WarehouseConfig.Checklist.ITEMS);
        require(origin, "checklist.weights", keys.equals(expected), "must give exactly the items " + expected
                + ", found " + keys);
        int sum = k.weights().values().stream().mapToInt(Integer::intValue).sum();
        require(origin, "checklist.weights", sum == 100, "must sum to 100, they sum to " + sum);
        k.weights().forEach((item, w) -> require(origin, "checklist.weights." + item, w >= 0, "must not be negative"));
        require(origin, "checklist.followup_task_within_minutes", k.followupTaskWithinMinutes() > 0,
                "must be a positive number of minutes");
    }

    private static void sla(WarehouseConfig.Sla s, String origin) {
        require(origin, "sla.acceptance_business_hours", s.acceptanceBusinessHours() > 0, "must be positive");
        require(origin, "sla.first_contact_business_hours", s.firstContactBusinessHours() > 0, "must be positive");
        require(origin, "sla.first_contact_high_intent_business_hours", s.firstContactHighIntentBusinessHours() > 0,
                "must be positive");
        require(origin, "sla.high_intent_score", s.highIntentScore() >= 0 && s.highIntentScore() <= 100,
                "must be between 0 and 100");
        require(origin, "sla.meeting_lookback_hours", s.meetingLookbackHours() >= 0, "must not be negative");
        require(origin, "sla.meeting_to_opportunity_days", s.meetingToOpportunityDays() > 0, "must be positive");
        require(origin, "sla.stalled_opportunity_days", s.stalledOpportunityDays() > 0, "must be positive");
    }

    private static void businessHours(WarehouseConfig.BusinessHours b, WarehouseConfig.Territory t, String origin) {
        LocalTime start = time(b.start(), "business_hours.start", origin);
        LocalTime end = time(b.end(), "business_hours.end", origin);
        require(origin, "business_hours.end", end.isAfter(start), "must be later than business_hours.start");
        require(origin, "business_hours.working_days", b.workingDays() != null && !b.workingDays().isEmpty(),
                "must list at least one day, e.g. [MONDAY, TUESDAY]");
        b.holidays().keySet().forEach(region -> require(origin, "business_hours.holidays." + region,
                t.regions().containsKey(region), "names no region of territory.regions " + new TreeSet<>(t.regions().keySet())));
    }

    private static void territory(WarehouseConfig.Territory t, String origin) {
        Set<String> seen = new HashSet<>();
        t.regions().forEach((region, countries) -> {
            for (String country : countries) {
                require(origin, "territory.regions." + region, ISO_COUNTRIES.contains(country),
                        "'" + country + "' is not an ISO-3166 alpha-2 code");
                require(origin, "territory.regions." + region, seen.add(country),
                        "'" + country + "' is already in another region");
            }
        });
        t.countryAliases().forEach((alias, code) -> require(origin, "territory.country_aliases." + alias,
                ISO_COUNTRIES.contains(code), "'" + code + "' is not an ISO-3166 alpha-2 code"));
        List<WarehouseConfig.Segment> segments = t.segments();
        require(origin, "territory.segments", segments != null && !segments.isEmpty(), "must list at least one segment");
        int previous = -1;
        for (int i = 0; i < segments.size(); i++) {
            WarehouseConfig.Segment s = segments.get(i);
            String key = "territory.segments[" + i + "]";
            require(origin, key + ".name", s.name() != null && !s.name().isBlank(), "must be set");
            boolean last = i == segments.size() - 1;
            if (last) {
                require(origin, key + ".max_employees", s.maxEmployees() == null,
                        "must be left out on the last segment, which takes every larger company");
            } else {
                require(origin, key + ".max_employees", s.maxEmployees() != null && s.maxEmployees() > previous,
                        "must be set and larger than the previous segment's");
                previous = s.maxEmployees();
            }
        }
    }

    private static LocalTime time(String value, String key, String origin) {
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ConfigException(origin + ": key '" + key + "' must be a time like \"09:00\", found '" + value + "'.");
        }
    }

    private static void require(String origin, String key, boolean ok, String what) {
        if (!ok) {
            throw new ConfigException(origin + ": key '" + key + "' " + what + ".");
        }
    }
}
