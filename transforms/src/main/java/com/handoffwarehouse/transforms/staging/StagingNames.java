package com.handoffwarehouse.transforms.staging;

import java.util.Locale;

/**
 * Salesforce API names to the snake_case column names of the silver and gold tables, the way dbt
 * staging models (and Fivetran) spell them: CreatedDate is created_date, Handoff_AE__c is handoff_ae.
 */
public final class StagingNames {
    private StagingNames() {
    }

    public static String snake(String apiName) {
        String base = apiName.endsWith("__c") ? apiName.substring(0, apiName.length() - 3) : apiName;
        return base.replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT)
                .replaceAll("_+", "_");
    }
}
