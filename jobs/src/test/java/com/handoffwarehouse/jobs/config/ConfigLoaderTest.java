package com.handoffwarehouse.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private WarehouseConfig loadOverlay(String yaml) throws IOException {
        Path file = dir.resolve("override.yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(Optional.of(file));
    }

    private String failure(String yaml) {
        return assertThrows(ConfigException.class, () -> loadOverlay(yaml)).getMessage();
    }

    @Test
    void packagedDefaultsMatchTheDesign() throws IOException {
        WarehouseConfig c = loadOverlay("{}");
        assertEquals("./warehouse-data", c.warehouse());
        assertEquals("BANT", c.checklist().framework());
        assertEquals(List.of("Budget__c", "Decision_Maker__c", "Business_Problem__c", "Timeline__c"),
                c.checklist().frameworkFields());
        assertEquals(100, c.checklist().weights().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(8.0, c.sla().acceptanceBusinessHours());
        assertEquals(List.of("US", "CA"), c.territory().regions().get("NA"));
        assertTrue(c.checklist().requiredLeadFields().containsAll(List.of("Budget__c", "Timeline__c",
                "Why_Now__c", "Objections__c", "Next_Step__c", "Use_Case__c", "Desired_Outcome__c")));
        assertEquals(c.checklist().requiredLeadFields().size(),
                c.checklist().requiredLeadFields().stream().distinct().count());
    }

    @Test
    void anOverlayChangesOnlyTheKeysItNames() throws IOException {
        WarehouseConfig c = loadOverlay("sla:\n  acceptance_business_hours: 4\nchecklist:\n  framework: MEDDICC\n");
        assertEquals(4.0, c.sla().acceptanceBusinessHours());
        assertEquals(4.0, c.sla().firstContactBusinessHours());
        assertTrue(c.checklist().requiredLeadFields().contains("Champion__c"));
        assertEquals(15, c.checklist().weights().get("routing"));
    }

    @Test
    void aMisspeltKeyIsNamedWithItsPath() {
        String message = failure("checklist:\n  wieghts: {routing: 100}\n");
        assertTrue(message.contains("unknown key 'checklist.wieghts'"), message);
        assertTrue(message.contains("weights"), message);
    }

    @Test
    void aValueOfTheWrongTypeNamesItsKey() {
        String message = failure("spark:\n  shuffle_partitions: lots\n");
        assertTrue(message.contains("'spark.shuffle_partitions'"), message);
    }

    @Test
    void weightsMustSumToOneHundred() {
        String message = failure("checklist:\n  weights: {routing: 5}\n");
        assertTrue(message.contains("'checklist.weights'") && message.contains("sum to 90"), message);
    }

    @Test
    void theFrameworkMustBeConfigured() {
        String message = failure("checklist:\n  framework: SPIN\n");
        assertTrue(message.contains("'checklist.framework'") && message.contains("SPIN"), message);
    }

    @Test
    void territoryAndHoursAreChecked() {
        assertTrue(failure("territory:\n  regions: {NA: [USA]}\n").contains("'territory.regions.NA'"));
        assertTrue(failure("business_hours:\n  end: \"08:00\"\n").contains("'business_hours.end'"));
        assertTrue(failure("business_hours:\n  holidays: {MARS: [2026-12-25]}\n")
                .contains("'business_hours.holidays.MARS'"));
    }

    @Test
    void aMissingFileSaysWhatToDo() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(Optional.of(dir.resolve("nope.yaml"))));
        assertTrue(e.getMessage().contains("nope.yaml") && e.getMessage().contains("--config"), e.getMessage());
    }
}
