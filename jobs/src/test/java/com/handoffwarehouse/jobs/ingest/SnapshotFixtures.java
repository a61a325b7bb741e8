package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Small hand-written snapshots in the contract's shape, written as API-named CSV folders. */
final class SnapshotFixtures {
    /** The default configuration's required Lead fields (checklist items + BANT). */
    static final List<String> QUALIFICATION = List.of("Business_Problem__c", "Why_Now__c", "Decision_Maker__c",
            "Use_Case__c", "Desired_Outcome__c", "Objections__c", "Next_Step__c", "Budget__c", "Timeline__c");

    private SnapshotFixtures() {
    }

    /** One object's rows, each a column-to-value map in contract order, extra columns last. */
    static final class Rows {
        final List<Map<String, String>> rows = new ArrayList<>();

        Rows add(Map<String, String> row) {
            rows.add(row);
            return this;
        }

        List<String> header() {
            Set<String> columns = new LinkedHashSet<>();
            rows.forEach(r -> columns.addAll(r.keySet()));
            return new ArrayList<>(columns);
        }
    }

    static Map<String, String> row(CrmObject object, String... pairs) {
        Map<String, String> r = new LinkedHashMap<>();
        for (CrmColumn c : BronzeValidation.requiredColumns(object, QUALIFICATION)) {
            r.put(c.name(), null);
        }
        for (int i = 0; i < pairs.length; i += 2) {
            r.put(pairs[i], pairs[i + 1]);
        }
        return r;
    }

    /**
     * A small consistent CRM as of {@code date}: an SDR, an AE and their manager, an account, three leads
     * (one handed off and accepted, with multi-line notes), a meeting, a task and an opportunity. Lead L2's
     * status moves with the date, so snapshots differ.
     */
    static Map<CrmObject, Rows> snapshot(LocalDate date) {
        Map<CrmObject, Rows> s = new EnumMap<>(CrmObject.class);
        s.put(CrmObject.USER, new Rows()
                .add(row(CrmObject.USER, "Id", "u1", "Name", "Sam Sdr", "IsActive", "true", "Sales_Role__c", "SDR",
                        "ManagerId", "m1", "Region__c", "NA", "Segment__c", "SMB", "TimeZoneSidKey",
                        "America/New_York"))
                .add(row(CrmObject.USER, "Id", "u2", "Name", "Alex Ae", "IsActive", "TRUE", "Sales_Role__c", "AE",
                        "ManagerId", "m1", "Region__c", "NA", "Segment__c", "SMB", "TimeZoneSidKey",
                        "America/Chicago"))
                .add(row(CrmObject.USER, "Id", "m1", "Name", "Morgan, Manager", "IsActive", "1", "Sales_Role__c",
                        "MANAGER", "Region__c", "NA", "Segment__c", "SMB", "TimeZoneSidKey", "America/New_York")));
        s.put(CrmObject.ACCOUNT, new Rows()
                .add(row(CrmObject.ACCOUNT, "Id", "A1", "Name", "Acme, Inc.", "OwnerId", "u2", "BillingCountry", "US",
                        "NumberOfEmployees", "150", "CreatedDate", "2026-01-10T09:00:00Z")));
        s.put(CrmObject.LEAD, new Rows()
                .add(lead("L1", "2026-08-20T12:00:00+02:00", "Working", "150",
                        "Handoff_Submitted_At__c", "2026-08-31T15:30:00Z", "Handoff_AE__c", "u2",
                        "Handoff_Accepted_At__c", "2026-09-01 09:15:00", "Intent_Score__c", "85.5",
                        "Business_Problem__c", "Reports take days,\n\"manual\" exports",
                        "Next_Step__c", "Demo on Tuesday", "Phone", "+1 555 0100"))
                .add(lead("L2", "2026-08-21T08:00:00.250Z", date.getDayOfMonth() % 2 == 0 ? "Open" : "Working",
                        "1200", "Intent_Score__c", "12", "Phone", null))
                .add(lead("L3", "2026-08-22 17:45:00", "Open", null, "Country", "Germany",
                        "Phone", "")));
        s.put(CrmObject.EVENT, new Rows()
                .add(row(CrmObject.EVENT, "Id", "E1", "WhoId", "L1", "OwnerId", "u2", "CreatedById", "u1",
                        "CreatedDate", "2026-08-31T15:00:00Z", "StartDateTime", "2026-09-02T14:00:00-05:00",
                        "Type", "Meeting")));
        s.put(CrmObject.TASK, new Rows()
                .add(row(CrmObject.TASK, "Id", "T1", "WhoId", "L1", "OwnerId", "u2", "CreatedById", "u2",
                        "CreatedDate", "2026-08-31T16:00:00Z", "CompletedDateTime", "2026-09-01T10:00:00Z",
                        "TaskSubtype", "Call", "Status", "Completed")));
        s.put(CrmObject.OPPORTUNITY, new Rows()
                .add(row(CrmObject.OPPORTUNITY, "Id", "O1", "AccountId", "A1", "OwnerId", "u2",
                        "CreatedDate", "2026-09-01T11:00:00Z", "StageName", "Discovery", "IsClosed", "false",
                        "IsWon", "false", "Amount", "12000.50", "CloseDate", "2026-10-30")));
        return s;
    }

    private static Map<String, String> lead(String id, String created, String status, String employees,
                                            String... more) {
        Map<String, String> r = row(CrmObject.LEAD, "Id", id, "CreatedDate", created, "OwnerId", "u1",
                "Status", status, "LeadSource", "Inbound", "Company", "Acme, Inc.", "Country", "US",
                "NumberOfEmployees", employees, "IsConverted", "false", "SDR_Owner__c", "u1");
        for (int i = 0; i < more.length; i += 2) {
            r.put(more[i], more[i + 1]);
        }
        return r;
    }

    static void write(Path root, LocalDate date, Map<CrmObject, Rows> snapshot) {
        snapshot.forEach((object, rows) -> writeCsv(root.resolve(date.toString()).resolve(object.apiName() + ".csv"),
                rows.header(), rows.rows));
    }

    /** RFC 4180 CSV: every value quoted, null written as an empty unquoted field. */
    static void writeCsv(Path file, List<String> header, List<Map<String, String>> rows) {
        StringBuilder out = new StringBuilder();
        out.append(header.stream().map(SnapshotFixtures::quoted).collect(Collectors.joining(","))).append('\n');
        for (Map<String, String> r : rows) {
            out.append(header.stream().map(h -> r.get(h) == null ? "" : quoted(r.get(h)))
                    .collect(Collectors.joining(","))).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }
}
