package com.handoffwarehouse.jobs.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.crm.CrmColumn;
import com.handoffwarehouse.transforms.crm.CrmObject;
import com.handoffwarehouse.transforms.staging.BronzeValidation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnMappingTest {
    @TempDir
    Path dir;

    private static String failure(String yaml) {
        return assertThrows(IngestException.class,
                () -> ColumnMapping.parse(yaml, "m.yaml", SnapshotFixtures.QUALIFICATION)).getMessage();
    }

    @Test
    void thePackagedHubspotMappingCoversEveryRequiredColumn() {
        ColumnMapping hubspot = ColumnMapping.load("hubspot", SnapshotFixtures.QUALIFICATION);
        assertEquals("conf/mappings/hubspot.yaml", hubspot.origin());
        assertEquals(Optional.of(CrmObject.LEAD), hubspot.objectForFile("Contacts"));
        assertEquals(Optional.of(CrmObject.OPPORTUNITY), hubspot.objectForFile("deals"));
        assertEquals(Optional.of(CrmObject.EVENT), hubspot.objectForFile("meetings"));
        assertEquals(Optional.of(CrmObject.USER), hubspot.objectForFile("owners"));
        assertEquals(Optional.of(CrmObject.ACCOUNT), hubspot.objectForFile("companies"));
        assertEquals(Optional.of(CrmObject.TASK), hubspot.objectForFile("tasks"));
        assertEquals(Optional.of("Id"), hubspot.target(CrmObject.LEAD, "record id"));
        assertEquals(Optional.of("StageName"), hubspot.target(CrmObject.OPPORTUNITY, "Deal Stage"));
        assertEquals(Optional.of("Handoff_AE__c"), hubspot.target(CrmObject.LEAD, "handoff_ae"));
        assertEquals(Optional.of("Country/Region"), hubspot.sourceColumn(CrmObject.LEAD, "Country"));
        for (CrmObject o : CrmObject.values()) {
            if (o.optional()) {
                continue;
            }
            for (CrmColumn c : BronzeValidation.requiredColumns(o, SnapshotFixtures.QUALIFICATION)) {
                assertTrue(hubspot.sourceColumn(o, c.name()).isPresent(), o.apiName() + "." + c.name());
            }
        }
    }

    @Test
    void aFileOnDiskWinsAndKeepsItsPathAsOrigin() throws IOException {
        Path file = dir.resolve("crm.yaml");
        Files.writeString(file, "Lead:\n  file: people\n  columns:\n    Owner: OwnerId\n");
        ColumnMapping m = ColumnMapping.load(file.toString(), List.of());
        assertEquals(file.toString(), m.origin());
        assertEquals(Optional.of("OwnerId"), m.target(CrmObject.LEAD, " owner "));
        assertEquals(Optional.empty(), m.target(CrmObject.ACCOUNT, "Owner"));
    }

    @Test
    void mistakesAreErrorsNamingTheKey() {
        assertTrue(failure("Leads: {file: contacts}").startsWith("m.yaml: unknown key 'Leads'. Known keys there: "
                + "User, Account, Lead,"), failure("Leads: {file: contacts}"));
        assertEquals("m.yaml: unknown key 'Lead.colums'. Known keys there: columns, file.",
                failure("Lead: {colums: {Record ID: Id}}"));
        assertTrue(failure("Lead: {columns: {Record ID: Idd}}").startsWith("m.yaml: key 'Lead.columns.Record ID' "
                + "maps to 'Idd', which is not a Lead column of the contract. Known: Id, CreatedDate,"));
        assertEquals("m.yaml: keys 'Lead.columns.Owner' and 'Lead.columns.Contact owner' both map to OwnerId.",
                failure("Lead: {columns: {Owner: OwnerId, Contact owner: OwnerId}}"));
        assertTrue(failure("Lead: {file: contacts.csv}").contains("give the base name without extension"));
        assertTrue(failure("Lead: {file: people}\nAccount: {file: People}").contains("already names Lead's file"));
        assertTrue(failure("Lead: {file: account}").contains("already names Account's file"));
        assertTrue(failure("Lead: {columns: {Owner: OwnerId, owner: Status}}").contains("repeats a source column"));
        assertTrue(failure("Lead: {columns: {Owner: [OwnerId]}}").contains("'Lead.columns.Owner' must be a non-empty"));
        assertTrue(failure("Lead: {file: a}\nLead: {file: b}").contains("not readable as YAML"));
        assertTrue(assertThrows(IngestException.class, () -> ColumnMapping.load("salesloft", List.of()))
                .getMessage().contains("no packaged mapping conf/mappings/salesloft.yaml"));
    }

    @Test
    void leadsMayTargetTheConfiguredFrameworksFields() {
        String yaml = "Lead: {columns: {metrics: Metrics__c}}";
        assertTrue(failure(yaml).contains("'Metrics__c', which is not a Lead column"));
        ColumnMapping m = ColumnMapping.parse(yaml, "m.yaml", List.of("Metrics__c"));
        assertEquals(Optional.of("Metrics__c"), m.target(CrmObject.LEAD, "Metrics"));
    }
}
