package com.handoffwarehouse.jobs.ingest.fivetran;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.jobs.ingest.ColumnMapping;
import com.handoffwarehouse.transforms.SharedSpark;
import com.handoffwarehouse.transforms.crm.CrmObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Fivetran's naming of Salesforce, told apart from the API's, and its deletion flags. */
class FivetranSalesforceTest {
    @Test
    void columnNamesFollowTheConnector() {
        Map<String, String> expected = Map.ofEntries(Map.entry("OwnerId", "owner_id"),
                Map.entry("IsConverted", "is_converted"), Map.entry("ConvertedOpportunityId", "converted_opportunity_id"),
                Map.entry("CreatedDate", "created_date"), Map.entry("NumberOfEmployees", "number_of_employees"),
                Map.entry("TimeZoneSidKey", "time_zone_sid_key"), Map.entry("StageName", "stage_name"),
                Map.entry("WhoId", "who_id"), Map.entry("StartDateTime", "start_date_time"),
                Map.entry("CompletedDateTime", "completed_date_time"), Map.entry("Foo_Bar__c", "foo_bar_c"),
                Map.entry("SDR_Owner__c", "sdr_owner_c"), Map.entry("Handoff_AE__c", "handoff_ae_c"));
        expected.forEach((api, snake) -> assertEquals(snake, FivetranSalesforce.columnName(api), api));
        assertEquals("opportunity_field_history", FivetranSalesforce.tableName(CrmObject.OPPORTUNITY_FIELD_HISTORY));
        assertEquals("user", FivetranSalesforce.tableName(CrmObject.USER));
    }

    @Test
    void theMappingReadsEveryContractColumnBack() {
        ColumnMapping mapping = FivetranSalesforce.mapping(List.of("Budget__c"));
        assertEquals(Optional.of("Handoff_Submitted_At__c"), mapping.target(CrmObject.LEAD, "handoff_submitted_at_c"));
        assertEquals(Optional.of("NumberOfEmployees"), mapping.target(CrmObject.ACCOUNT, "number_of_employees"));
        assertEquals(Optional.of("Budget__c"), mapping.target(CrmObject.LEAD, "budget_c"));
        assertEquals(Optional.of("lead_history"), mapping.fileBaseName(CrmObject.LEAD_HISTORY));
    }

    @Test
    void aHeaderIsFivetransBySyncColumnOrSpelling() {
        assertTrue(FivetranSalesforce.isFivetranHeader(CrmObject.LEAD, List.of("id", "_fivetran_synced")));
        assertTrue(FivetranSalesforce.isFivetranHeader(CrmObject.LEAD, List.of("id", "created_date", "owner_id",
                "is_converted", "handoff_ae_c")));
        assertFalse(FivetranSalesforce.isFivetranHeader(CrmObject.LEAD, List.of("Id", "CreatedDate", "OwnerId",
                "IsConverted", "Handoff_AE__c")));
        assertFalse(FivetranSalesforce.isFivetranHeader(CrmObject.LEAD, List.of("id", "status", "company")),
                "one-word columns look alike in both spellings");
    }

    @Test
    void rowsFlaggedDeletedByEitherFlagAreLeftOutAndBookkeepingDropped() {
        StructType schema = new StructType().add("id", DataTypes.StringType).add("region_hint_c", DataTypes.StringType)
                .add("is_deleted", DataTypes.StringType).add("_fivetran_deleted", DataTypes.StringType)
                .add("_fivetran_synced", DataTypes.StringType);
        Dataset<Row> loaded = SharedSpark.session().createDataFrame(List.of(
                RowFactory.create("L1", "west", "FALSE", "FALSE", "2026-09-01 10:00:00"),
                RowFactory.create("L2", "west", "TRUE", "FALSE", "2026-09-01 10:00:00"),
                RowFactory.create("L3", "west", "false", "true", "2026-09-01 10:00:00"),
                RowFactory.create("L4", "west", null, " ", "2026-09-01 10:00:00")), schema);
        Dataset<Row> live = FivetranSalesforce.live(loaded, CrmObject.LEAD, FivetranSalesforce.mapping(List.of()));
        assertEquals(List.of("id", "region_hint__c"), Arrays.asList(live.columns()),
                "a custom field the contract does not name keeps its __c, so staging names it as for the API");
        assertEquals(List.of("L1", "L4"), live.orderBy("id").select("id").collectAsList().stream()
                .map(r -> r.getString(0)).toList());
    }
}
