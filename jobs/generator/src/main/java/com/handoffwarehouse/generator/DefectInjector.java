package com.handoffwarehouse.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Adds known bad rows to a snapshot file, never altering a real one: an exact copy of a row (duplicate_key,
 * placed after the original so the first occurrence wins), a copy with a blank Id (null_key), and a copy with
 * a fresh Id and a garbled CreatedDate (unparseable_timestamp). Each breaks exactly one ingest rule.
 */
final class DefectInjector {
    static final Set<String> OBJECTS = Set.of("Lead", "Event", "Task", "Opportunity", "Account");
    static final List<String> RULES = List.of("duplicate_key", "null_key", "unparseable_timestamp");
    private static final List<String> GARBLED = List.of("2026-13-45 25:61", "yesterday", "31/02/2026 10:00",
            "2026-09-0X");

    private final double rate;
    private final Ids ids = new Ids();

    DefectInjector(double rate) {
        this.rate = rate;
    }

    /** Returns the defect rows to append and counts them by rule into {@code counts}. */
    List<Map<String, String>> defects(SplittableRandom r, String object, List<Map<String, String>> rows,
                                      Map<String, Integer> counts) {
        List<Map<String, String>> out = new ArrayList<>();
        if (!OBJECTS.contains(object) || rows.isEmpty()) {
            return out;
        }
        double expected = rows.size() * rate;
        int n = (int) expected + (r.nextDouble() < expected - (int) expected ? 1 : 0);
        for (int i = 0; i < n; i++) {
            Map<String, String> copy = new LinkedHashMap<>(rows.get(r.nextInt(rows.size())));
            String rule = RULES.get(r.nextInt(RULES.size()));
            switch (rule) {
                case "null_key" -> copy.put("Id", r.nextBoolean() ? null : " ");
                case "unparseable_timestamp" -> {
                    copy.put("Id", ids.next(prefix(object) + "ZZ"));
                    copy.put("CreatedDate", GARBLED.get(r.nextInt(GARBLED.size())));
                }
                default -> {
                }
            }
            counts.merge(rule, 1, Integer::sum);
            out.add(copy);
        }
        return out;
    }

    private static String prefix(String object) {
        return switch (object) {
            case "Lead" -> "00Q";
            case "Event" -> "00U";
            case "Task" -> "00T";
            case "Opportunity" -> "006";
            default -> "001";
        };
    }
}
