package com.handoffwarehouse.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The default routing rules of DESIGN section 4, evaluated independently of the warehouse on what the
 * snapshots show: the account owner and the users as of the latest snapshot at or before the submission.
 */
final class Routing {
    static final String CORRECT = "CORRECT";
    static final String WRONG_OWNER = "WRONG_OWNER";
    static final String WRONG_POOL = "WRONG_POOL";
    static final String UNROUTABLE = "UNROUTABLE";

    private static final Map<String, String> REGION_OF_COUNTRY = Map.ofEntries(
            Map.entry("US", "NA"), Map.entry("UNITED STATES", "NA"), Map.entry("CA", "NA"), Map.entry("CANADA", "NA"),
            Map.entry("GB", "EMEA"), Map.entry("UNITED KINGDOM", "EMEA"), Map.entry("IE", "EMEA"),
            Map.entry("DE", "EMEA"), Map.entry("GERMANY", "EMEA"), Map.entry("FR", "EMEA"), Map.entry("NL", "EMEA"),
            Map.entry("ES", "EMEA"), Map.entry("IT", "EMEA"), Map.entry("SE", "EMEA"),
            Map.entry("AU", "APAC"), Map.entry("AUSTRALIA", "APAC"), Map.entry("JP", "APAC"),
            Map.entry("JAPAN", "APAC"), Map.entry("SG", "APAC"), Map.entry("IN", "APAC"),
            Map.entry("BR", "LATAM"), Map.entry("BRAZIL", "LATAM"), Map.entry("MX", "LATAM"),
            Map.entry("MEXICO", "LATAM"), Map.entry("AR", "LATAM"));

    /** The owner rule's AE when it applies, else the region x segment pool (possibly empty). */
    record Expectation(String owner, List<String> pool) {
        String verdict(String ae) {
            if (owner != null) {
                return owner.equals(ae) ? CORRECT : WRONG_OWNER;
            }
            if (!pool.isEmpty()) {
                return pool.contains(ae) ? CORRECT : WRONG_POOL;
            }
            return UNROUTABLE;
        }

        String describe() {
            return owner != null ? owner : String.join("|", pool);
        }
    }

    private Routing() {
    }

    static String region(String country) {
        return country == null ? null : REGION_OF_COUNTRY.get(country.trim().toUpperCase(Locale.ROOT));
    }

    static String segment(String employees) {
        if (employees == null) {
            return null;
        }
        int n = Integer.parseInt(employees);
        return n < 200 ? "SMB" : n < 1000 ? "MID" : "ENT";
    }

    static Expectation expect(Org org, Map<String, String> lead, Instant at, List<Instant> snapshotTimes) {
        String matched = lead.get("Matched_Account__c");
        if (matched != null && org.accounts.containsKey(matched)) {
            String owner = Org.asOfSnapshot(org.accounts.get(matched), at, snapshotTimes).get("OwnerId");
            if (owner != null && org.users.containsKey(owner)) {
                Map<String, String> u = Org.asOfSnapshot(org.users.get(owner), at, snapshotTimes);
                if ("true".equals(u.get("IsActive")) && "AE".equals(u.get("Sales_Role__c"))) {
                    return new Expectation(owner, List.of());
                }
            }
        }
        String region = region(lead.get("Country"));
        String segment = segment(lead.get("NumberOfEmployees"));
        List<String> pool = new ArrayList<>();
        for (String ae : org.allAes) {
            Map<String, String> u = Org.asOfSnapshot(org.users.get(ae), at, snapshotTimes);
            if ("true".equals(u.get("IsActive")) && "AE".equals(u.get("Sales_Role__c"))
                    && u.get("Region__c").equals(region) && u.get("Segment__c").equals(segment)) {
                pool.add(ae);
            }
        }
        pool.sort(String::compareTo);
        return new Expectation(null, pool);
    }
}
