package com.handoffwarehouse.transforms.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BronzeValidationTest {
    private static final List<String> QUALIFICATION = List.of("Budget__c", "Timeline__c");
    private static final String D1 = "2026-09-01";
    private static final String D2 = "2026-09-02";

    private final SparkSession spark = SharedSpark.session();

    /** A Lead row that passes every rule; tests override single values. */
    private static Map<String, String> lead(String id) {
        Map<String, String> r = new LinkedHashMap<>();
        for (CrmColumn c : BronzeValidation.requiredColumns(CrmObject.LEAD, QUALIFICATION)) {
            r.put(c.name(), null);
        }
        r.put("Id", id);
        r.put("CreatedDate", "2026-08-20T10:00:00Z");
        r.put("OwnerId", "u1");
        r.put("NumberOfEmployees", "250");
        r.put("IsConverted", "false");
        r.put("Intent_Score__c", "85.5");
        r.put("Budget__c", "50k");
        return r;
    }

    private static Map<String, String> with(Map<String, String> row, String... pairs) {
        Map<String, String> r = new LinkedHashMap<>(row);
        for (int i = 0; i < pairs.length; i += 2) {
            r.put(pairs[i], pairs[i + 1]);
        }
        return r;
    }

    /** Rows given as (snapshot date, source file, row number, values); every value column is a string. */
    private record Raw(String date, String file, long rowNumber, Map<String, String> values) {
    }

    private Dataset<Row> frame(List<Raw> rows) {
        List<String> columns = new ArrayList<>(rows.get(0).values().keySet());
        StructType schema = new StructType();
        for (String c : columns) {
            schema = schema.add(c, DataTypes.StringType);
        }
        schema = schema.add("snapshot_date", DataTypes.DateType)
                .add("_source_file", DataTypes.StringType)
                .add("_row_number", DataTypes.LongType);
        List<Row> out = new ArrayList<>();
        for (Raw r : rows) {
            List<Object> v = new ArrayList<>();
            columns.forEach(c -> v.add(r.values().get(c)));
            v.add(Date.valueOf(r.date()));
            v.add(r.file());
            v.add(r.rowNumber());
            out.add(RowFactory.create(v.toArray()));
        }
        return spark.createDataFrame(out, schema);
    }

    private static Raw at(long rowNumber, Map<String, String> values) {
        return new Raw(D1, "/s/" + D1 + "/Lead.csv", rowNumber, values);
    }

    private BronzeValidation.Result validate(CrmObject object, Raw... rows) {
        return BronzeValidation.validate(frame(List.of(rows)), object, QUALIFICATION);
    }

    /** row number to "rule/column" for the quarantined rows. */
    private static Map<Long, String> rules(BronzeValidation.Result result) {
        return result.quarantined().collectAsList().stream().collect(Collectors.toMap(
                r -> r.<Long>getAs("_row_number"), r -> r.getAs("rule") + "/" + r.getAs("column")));
    }

    @Test
    void eachRuleQuarantinesWithTheOffendingColumn() {
        BronzeValidation.Result result = validate(CrmObject.LEAD,
                at(1, lead("L1")),
                at(2, lead(null)),
                at(3, lead("   ")),
                at(4, with(lead("L4"), "CreatedDate", "yesterday")),
                at(5, with(lead("L5"), "ConvertedDate", "2026-13-45")),
                at(6, with(lead("L6"), "IsConverted", "yes")),
                at(7, with(lead("L7"), "NumberOfEmployees", "1,000")),
                at(8, with(lead("L8"), "NumberOfEmployees", "12.5")),
                at(9, with(lead("L9"), "Intent_Score__c", "high")),
                at(10, with(lead("L10"), "Handoff_Accepted_At__c", "2026-09-01T25:00:00Z")));
        assertEquals(Map.of(
                2L, "null_key/Id",
                3L, "null_key/Id",
                4L, "unparseable_timestamp/CreatedDate",
                5L, "unparseable_date/ConvertedDate",
                6L, "unparseable_boolean/IsConverted",
                7L, "unparseable_number/NumberOfEmployees",
                8L, "unparseable_number/NumberOfEmployees",
                9L, "unparseable_number/Intent_Score__c",
                10L, "unparseable_timestamp/Handoff_Accepted_At__c"), rules(result));
        assertEquals(List.of("L1"), result.valid().select("Id").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList());
    }

    @Test
    void decimalAmountsThatDoNotParseAreUnparseableNumbers() {
        Map<String, String> opp = new LinkedHashMap<>();
        CrmObject.OPPORTUNITY.requiredColumns().forEach(c -> opp.put(c.name(), null));
        opp.put("Id", "O1");
        BronzeValidation.Result result = validate(CrmObject.OPPORTUNITY,
                at(1, with(opp, "Amount", "12000.50")),
                at(2, with(opp, "Id", "O2", "Amount", "$12,000")));
        assertEquals(Map.of(2L, "unparseable_number/Amount"), rules(result));
        assertEquals(new BigDecimal("12000.50"), result.valid().first().getAs("Amount"));
    }

    @Test
    void aRowIsQuarantinedForTheFirstRuleItBreaks() {
        BronzeValidation.Result result = validate(CrmObject.LEAD,
                at(1, with(lead(""), "CreatedDate", "bad")),
                at(2, with(lead("L2"), "NumberOfEmployees", "many", "CreatedDate", "bad")),
                at(3, with(lead("L3"), "IsConverted", "maybe", "Intent_Score__c", "?")),
                at(4, with(lead("L4"), "Intent_Score__c", "?")),
                at(5, with(lead("L4"), "CreatedDate", "bad")));
        assertEquals(Map.of(
                1L, "null_key/Id",
                2L, "unparseable_timestamp/CreatedDate",
                3L, "unparseable_boolean/IsConverted",
                4L, "unparseable_number/Intent_Score__c",
                5L, "unparseable_timestamp/CreatedDate"), rules(result));
    }

    @Test
    void duplicateKeysKeepTheFirstBySourceFileAndRowNumberWithinEachSnapshot() {
        BronzeValidation.Result result = validate(CrmObject.LEAD,
                new Raw(D1, "/s/b.csv", 1, with(lead("L1"), "OwnerId", "b1")),
                new Raw(D1, "/s/a.csv", 7, with(lead("L1"), "OwnerId", "a7")),
                new Raw(D1, "/s/a.csv", 3, with(lead("L1"), "OwnerId", "a3")),
                new Raw(D2, "/s/c.csv", 9, with(lead("L1"), "OwnerId", "c9")),
                // The first occurrence is quarantined for its own rule, so the next one is the record.
                new Raw(D1, "/s/a.csv", 1, with(lead("L2"), "CreatedDate", "bad")),
                new Raw(D1, "/s/a.csv", 2, with(lead("L2"), "OwnerId", "kept")));
        List<Row> q = result.quarantined().orderBy("_source_file", "_row_number").collectAsList();
        assertEquals(List.of("/s/a.csv#1 unparseable_timestamp", "/s/a.csv#7 duplicate_key",
                        "/s/b.csv#1 duplicate_key"),
                q.stream().map(r -> r.getAs("_source_file") + "#" + r.getAs("_row_number") + " " + r.getAs("rule"))
                        .toList());
        List<String> kept = result.valid().orderBy("snapshot_date", "Id").collectAsList().stream()
                .map(r -> r.getAs("snapshot_date") + " " + r.getAs("Id") + " " + r.getAs("OwnerId")).toList();
        assertEquals(List.of(D1 + " L1 a3", D1 + " L2 kept", D2 + " L1 c9"), kept);
    }

    @Test
    void historyObjectsRepeatTheirKeyFreely() {
        Map<String, String> h = new LinkedHashMap<>();
        CrmObject.LEAD_HISTORY.requiredColumns().forEach(c -> h.put(c.name(), null));
        h.put("LeadId", "L1");
        h.put("CreatedDate", "2026-09-01T10:00:00Z");
        BronzeValidation.Result result = validate(CrmObject.LEAD_HISTORY, at(1, h), at(2, h), at(3, with(h,
                "LeadId", " ")));
        assertEquals(2, result.valid().count());
        assertEquals(Map.of(3L, "null_key/LeadId"), rules(result));
    }

    @Test
    void timestampsWithZoneOffsetsAndFractionsParseToTheSameInstant() {
        String[] forms = {"2026-09-01T10:00:00Z", "2026-09-01T12:00:00+02:00", "2026-09-01T10:00:00.000Z",
            "2026-09-01 10:00:00", "2026-09-01T05:00:00-05:00", "2026-09-01T10:00:00.000000+00:00",
            "2026-09-01T10:00:00"};
        List<Raw> rows = new ArrayList<>();
        for (int i = 0; i < forms.length; i++) {
            rows.add(at(i + 1, with(lead("L" + i), "CreatedDate", forms[i])));
        }
        rows.add(at(99, with(lead("MS"), "CreatedDate", "2026-09-01T10:00:00.123+01:00")));
        BronzeValidation.Result result = BronzeValidation.validate(frame(rows), CrmObject.LEAD, QUALIFICATION);
        assertTrue(rules(result).isEmpty(), () -> rules(result).toString());
        for (Row r : result.valid().collectAsList()) {
            Instant expected = r.getAs("Id").equals("MS") ? Instant.parse("2026-09-01T09:00:00.123Z")
                    : Instant.parse("2026-09-01T10:00:00Z");
            assertEquals(expected, r.<Timestamp>getAs("CreatedDate").toInstant(), r.<String>getAs("Id"));
        }
    }

    @Test
    void booleansNumbersAndBlanksParse() {
        BronzeValidation.Result result = validate(CrmObject.LEAD,
                at(1, with(lead("T1"), "IsConverted", "true", "NumberOfEmployees", "250.0")),
                at(2, with(lead("T2"), "IsConverted", "TRUE", "NumberOfEmployees", "1e3")),
                at(3, with(lead("T3"), "IsConverted", "1", "NumberOfEmployees", " 42 ")),
                at(4, with(lead("F1"), "IsConverted", "false", "Intent_Score__c", "")),
                at(5, with(lead("F2"), "IsConverted", "FALSE", "ConvertedDate", "  ")),
                at(6, with(lead("F3"), "IsConverted", "0", "ConvertedDate", "2026-09-03")),
                at(7, with(lead("N1"), "IsConverted", " ", "OwnerId", "  ")));
        assertTrue(rules(result).isEmpty(), () -> rules(result).toString());
        Map<String, Row> byId = result.valid().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs("Id"), r -> r));
        for (String id : List.of("T1", "T2", "T3")) {
            assertEquals(Boolean.TRUE, byId.get(id).getAs("IsConverted"));
        }
        for (String id : List.of("F1", "F2", "F3")) {
            assertEquals(Boolean.FALSE, byId.get(id).getAs("IsConverted"));
        }
        assertEquals(250, (int) byId.get("T1").getAs("NumberOfEmployees"));
        assertEquals(1000, (int) byId.get("T2").getAs("NumberOfEmployees"));
        assertEquals(42, (int) byId.get("T3").getAs("NumberOfEmployees"));
        assertNull(byId.get("F1").getAs("Intent_Score__c"));
        assertNull(byId.get("F2").getAs("ConvertedDate"));
        assertEquals(Date.valueOf("2026-09-03"), byId.get("F3").getAs("ConvertedDate"));
        assertNull(byId.get("N1").getAs("IsConverted"));
        assertNull(byId.get("N1").getAs("OwnerId"), "a blank string is null like any blank value");
    }

    @Test
    void badValuesAreQuarantinedAlsoUnderAnsiMode() {
        spark.conf().set("spark.sql.ansi.enabled", "true");
        try {
            BronzeValidation.Result result = validate(CrmObject.LEAD,
                    at(1, with(lead("L1"), "CreatedDate", "soon")),
                    at(2, with(lead("L2"), "NumberOfEmployees", "99999999999")),
                    at(3, with(lead("L3"), "Intent_Score__c", "high")),
                    at(4, with(lead("L4"), "ConvertedDate", "2026-02-30")));
            assertEquals(Map.of(1L, "unparseable_timestamp/CreatedDate", 2L, "unparseable_number/NumberOfEmployees",
                    3L, "unparseable_number/Intent_Score__c", 4L, "unparseable_date/ConvertedDate"), rules(result));
            assertEquals(0, result.valid().count());
        } finally {
            spark.conf().unset("spark.sql.ansi.enabled");
        }
    }

    @Test
    void outputColumnsAreContractThenSortedExtrasThenMetadata() {
        Map<String, String> row = with(lead("L1"), "zeta", "z", "Alpha", "a");
        BronzeValidation.Result result = validate(CrmObject.LEAD, at(1, row), at(2, with(row, "Id", "")));
        List<String> expected = new ArrayList<>();
        BronzeValidation.requiredColumns(CrmObject.LEAD, QUALIFICATION).forEach(c -> expected.add(c.name()));
        expected.addAll(List.of("Alpha", "zeta", "snapshot_date", "_source_file", "_row_number"));
        assertEquals(expected, Arrays.asList(result.valid().columns()));
        assertEquals(DataTypes.TimestampType, result.valid().schema().apply("CreatedDate").dataType());
        assertEquals(DataTypes.IntegerType, result.valid().schema().apply("NumberOfEmployees").dataType());
        assertEquals(DataTypes.StringType, result.valid().schema().apply("zeta").dataType());

        assertEquals(List.of("snapshot_date", "_source_file", "_row_number", "rule", "column", "raw_record"),
                Arrays.asList(result.quarantined().columns()));
        Row q = result.quarantined().first();
        String json = q.getAs("raw_record");
        assertTrue(json.startsWith("{\"Id\":\"\",\"CreatedDate\":\"2026-08-20T10:00:00Z\","), json);
        assertTrue(json.contains("\"Status\":null"), "nulls are kept so the row reads whole: " + json);
        assertTrue(json.endsWith("\"Budget__c\":\"50k\",\"Timeline__c\":null,\"Alpha\":\"a\",\"zeta\":\"z\"}"),
                json);
        assertEquals(Date.valueOf(D1), q.getAs("snapshot_date"));
        assertEquals("/s/" + D1 + "/Lead.csv", q.getAs("_source_file"));
    }

    @Test
    void leadsRequireTheConfiguredQualificationFields() {
        Map<String, String> row = lead("L1");
        row.remove("Timeline__c");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> validate(CrmObject.LEAD, at(1, row)));
        assertTrue(e.getMessage().contains("Timeline__c"), e.getMessage());
        assertFalse(BronzeValidation.requiredColumns(CrmObject.ACCOUNT, QUALIFICATION).stream()
                .anyMatch(c -> c.name().equals("Budget__c")));
    }
}
