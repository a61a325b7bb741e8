package com.handoffwarehouse.generator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The sales org: managers, SDRs and AEs across four regions and three segments, each in a real time zone,
 * and the accounts they own. LATAM ENT has only an inactive AE, so its leads are unroutable. During the
 * period one AE is deactivated, one moves segment, and some accounts change owner.
 */
final class Org {
    static final List<String> REGIONS = List.of("NA", "EMEA", "APAC", "LATAM");
    static final List<String> SEGMENTS = List.of("SMB", "MID", "ENT");
    static final Map<String, List<String>> ZONES = Map.of(
            "NA", List.of("America/New_York", "America/Chicago", "America/Los_Angeles"),
            "EMEA", List.of("Europe/London", "Europe/Berlin", "Europe/Paris"),
            "APAC", List.of("Australia/Sydney", "Asia/Tokyo", "Asia/Singapore"),
            "LATAM", List.of("America/Sao_Paulo", "America/Mexico_City"));
    /** Countries per region, as the alpha-2 code or the English name a web form would store. */
    static final Map<String, List<String>> COUNTRIES = Map.of(
            "NA", List.of("US", "United States", "CA", "Canada", "US"),
            "EMEA", List.of("GB", "United Kingdom", "DE", "Germany", "FR", "NL", "ES", "IT", "SE", "IE"),
            "APAC", List.of("AU", "Australia", "JP", "Japan", "SG", "IN"),
            "LATAM", List.of("BR", "Brazil", "MX", "Mexico", "AR"));
    private static final String[] FIRST = {"Ava", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hiro",
            "Isla", "Jonas", "Kai", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara"};
    private static final String[] LAST = {"Adams", "Berg", "Costa", "Dubois", "Evans", "Fischer", "Garcia",
            "Hughes", "Ito", "Jensen", "Kim", "Lopez", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Silva"};

    final Ids ids;
    final Map<String, VersionedRecord> users = new LinkedHashMap<>();
    final Map<String, String> zoneOf = new LinkedHashMap<>();
    final Map<String, String> roleOf = new LinkedHashMap<>();
    final Map<String, String> regionOf = new LinkedHashMap<>();
    final Map<String, List<String>> sdrsByRegion = new LinkedHashMap<>();
    final Map<String, List<String>> aesByCell = new LinkedHashMap<>();
    final List<String> allAes = new ArrayList<>();
    final Map<String, VersionedRecord> accounts = new LinkedHashMap<>();
    final Map<String, String> accountRegion = new LinkedHashMap<>();
    final Map<String, String> accountSegment = new LinkedHashMap<>();
    final Map<String, String> accountCountry = new LinkedHashMap<>();

    Org(SplittableRandom rng, Ids ids, LocalDate start, int days, int accountCount) {
        this.ids = ids;
        Instant since = start.minusYears(2).atStartOfDay(ZoneId.of("UTC")).toInstant();
        int nameIx = 0;
        for (String region : REGIONS) {
            List<String> zones = ZONES.get(region);
            String manager = user(since, "MANAGER", region, "ALL", zones.get(0), null, nameIx++);
            List<String> sdrs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sdrs.add(user(since, "SDR", region, SEGMENTS.get(i % 3), zones.get(i % zones.size()), manager,
                        nameIx++));
            }
            sdrsByRegion.put(region, sdrs);
            for (String segment : SEGMENTS) {
                List<String> cell = new ArrayList<>();
                boolean emptyPool = region.equals("LATAM") && segment.equals("ENT");
                for (int i = 0; i < (emptyPool ? 1 : 2); i++) {
                    String ae = user(since, "AE", region, segment, zones.get((i + 1) % zones.size()), manager,
                            nameIx++);
                    if (emptyPool) {
                        users.get(ae).set(since, "IsActive", "false");
                    }
                    cell.add(ae);
                    allAes.add(ae);
                }
                aesByCell.put(region + "/" + segment, cell);
            }
        }
        Instant end = Fmt.snapshotTime(start.plusDays(days - 1));
        // Mid-period changes a point-in-time join must respect.
        if (days >= 6) {
            String leaving = aesByCell.get("NA/SMB").get(1);
            users.get(leaving).set(dayTime(start, days / 3, 15), "IsActive", "false");
            String mover = aesByCell.get("EMEA/MID").get(0);
            users.get(mover).set(dayTime(start, days / 2, 11), "Segment__c", "ENT");
        }
        for (int i = 0; i < accountCount; i++) {
            String region = REGIONS.get(rng.nextInt(REGIONS.size()));
            String segment = SEGMENTS.get(rng.nextInt(SEGMENTS.size()));
            List<String> owners = activeAesAtStart(region, segment);
            if (owners.isEmpty()) {
                owners = aesByCell.get(region + "/SMB");
            }
            String id = ids.next("001");
            String country = COUNTRIES.get(region).get(rng.nextInt(COUNTRIES.get(region).size()));
            Map<String, String> f = new LinkedHashMap<>();
            f.put("Id", id);
            f.put("Name", LAST[rng.nextInt(LAST.length)] + " " + (char) ('A' + rng.nextInt(26)) + " Corp " + i);
            f.put("OwnerId", owners.get(rng.nextInt(owners.size())));
            f.put("BillingCountry", country);
            f.put("NumberOfEmployees", String.valueOf(employees(rng, segment)));
            Instant created = since.plusSeconds(rng.nextLong(600L * 86400));
            f.put("CreatedDate", Fmt.ts(created));
            f.put("Industry", List.of("Software", "Retail", "Manufacturing", "Finance", "Healthcare").get(rng.nextInt(5)));
            VersionedRecord account = new VersionedRecord(id, created, f);
            if (rng.nextDouble() < 0.08 && days >= 4) {
                List<String> others = new ArrayList<>(activeAesAtStart(region, segment));
                others.remove(f.get("OwnerId"));
                if (!others.isEmpty()) {
                    account.set(dayTime(start, 1 + rng.nextInt(days - 2), 10 + rng.nextInt(6)), "OwnerId",
                            others.get(rng.nextInt(others.size())));
                }
            }
            accounts.put(id, account);
            accountRegion.put(id, region);
            accountSegment.put(id, segment);
            accountCountry.put(id, country);
        }
        if (end.isBefore(since)) {
            throw new IllegalStateException("period ends before the org exists");
        }
    }

    static int employees(SplittableRandom rng, String segment) {
        return switch (segment) {
            case "SMB" -> 5 + rng.nextInt(190);
            case "MID" -> 200 + rng.nextInt(800);
            default -> 1000 + rng.nextInt(20000);
        };
    }

    /**
     * An org change at {@code hourUtc} on the given day of the period, moved off a weekend to the nearest
     * working day (Saturday to Friday, Sunday to Monday): admins change the org at work, when the SDRs are
     * submitting, so that some handoffs follow a change on the same day.
     */
    static Instant dayTime(LocalDate start, int dayOffset, int hourUtc) {
        LocalDate day = start.plusDays(dayOffset);
        if (day.getDayOfWeek() == java.time.DayOfWeek.SATURDAY) {
            day = day.minusDays(1);
        } else if (day.getDayOfWeek() == java.time.DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        return day.atTime(hourUtc, 0).toInstant(java.time.ZoneOffset.UTC);
    }

    private List<String> activeAesAtStart(String region, String segment) {
        List<String> out = new ArrayList<>();
        for (String ae : aesByCell.get(region + "/" + segment)) {
            if (!"LATAM/ENT".equals(region + "/" + segment)) {
                out.add(ae);
            }
        }
        return out;
    }

    private String user(Instant since, String role, String region, String segment, String zone,
                        String manager, int nameIx) {
        String id = ids.next("005");
        String name = FIRST[nameIx % FIRST.length] + " " + LAST[(nameIx * 7) % LAST.length];
        Map<String, String> f = new LinkedHashMap<>();
        f.put("Id", id);
        f.put("Name", name);
        f.put("IsActive", "true");
        f.put("Sales_Role__c", role);
        f.put("ManagerId", manager);
        f.put("Region__c", region);
        f.put("Segment__c", segment);
        f.put("TimeZoneSidKey", zone);
        f.put("Email", name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.com");
        users.put(id, new VersionedRecord(id, since, f));
        zoneOf.put(id, zone);
        roleOf.put(id, role);
        regionOf.put(id, region);
        return id;
    }

    /** The user or account as the latest snapshot at or before {@code t} shows it (the first one if none). */
    static Map<String, String> asOfSnapshot(VersionedRecord r, Instant t, List<Instant> snapshotTimes) {
        Instant seen = snapshotTimes.get(0);
        for (Instant s : snapshotTimes) {
            if (!s.isAfter(t)) {
                seen = s;
            }
        }
        return r.stateAt(seen);
    }
}
