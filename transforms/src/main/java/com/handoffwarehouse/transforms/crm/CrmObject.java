package com.handoffwarehouse.transforms.crm;

import static com.handoffwarehouse.transforms.crm.CrmColumn.bool;
import static com.handoffwarehouse.transforms.crm.CrmColumn.date;
import static com.handoffwarehouse.transforms.crm.CrmColumn.dbl;
import static com.handoffwarehouse.transforms.crm.CrmColumn.decimal;
import static com.handoffwarehouse.transforms.crm.CrmColumn.integer;
import static com.handoffwarehouse.transforms.crm.CrmColumn.string;
import static com.handoffwarehouse.transforms.crm.CrmColumn.timestamp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The CRM objects of the input contract (DESIGN section 1) with their required columns and types.
 * Extra columns found in an extract are kept as strings; the qualification fields of the configured
 * framework are added to Lead's required columns at run time (see {@link #QUALIFICATION_FIELDS}).
 */
public enum CrmObject {
    USER("User", "Id", false, List.of(
            string("Id"), string("Name"), bool("IsActive"), string("Sales_Role__c"), string("ManagerId"),
            string("Region__c"), string("Segment__c"), string("TimeZoneSidKey"))),
    ACCOUNT("Account", "Id", false, List.of(
            string("Id"), string("Name"), string("OwnerId"), string("BillingCountry"),
            integer("NumberOfEmployees"), timestamp("CreatedDate"))),
    LEAD("Lead", "Id", false, List.of(
            string("Id"), timestamp("CreatedDate"), string("OwnerId"), string("Status"), string("LeadSource"),
            string("Company"), string("Country"), integer("NumberOfEmployees"), bool("IsConverted"),
            date("ConvertedDate"), string("ConvertedAccountId"), string("ConvertedOpportunityId"),
            string("Matched_Account__c"), string("SDR_Owner__c"), timestamp("Handoff_Submitted_At__c"),
            string("Handoff_AE__c"), timestamp("Handoff_Accepted_At__c"), timestamp("Handoff_Rejected_At__c"),
            dbl("Intent_Score__c"))),
    EVENT("Event", "Id", false, List.of(
            string("Id"), string("WhoId"), string("WhatId"), string("OwnerId"), string("CreatedById"),
            timestamp("CreatedDate"), timestamp("StartDateTime"), string("Type"), string("Meeting_Outcome__c"))),
    TASK("Task", "Id", false, List.of(
            string("Id"), string("WhoId"), string("OwnerId"), string("CreatedById"), timestamp("CreatedDate"),
            timestamp("CompletedDateTime"), string("TaskSubtype"), string("Status"))),
    OPPORTUNITY("Opportunity", "Id", false, List.of(
            string("Id"), string("AccountId"), string("OwnerId"), timestamp("CreatedDate"), string("StageName"),
            bool("IsClosed"), bool("IsWon"), decimal("Amount"), date("CloseDate"))),
    OPPORTUNITY_HISTORY("OpportunityHistory", "OpportunityId", true, List.of(
            string("OpportunityId"), string("StageName"), timestamp("CreatedDate"))),
    LEAD_HISTORY("LeadHistory", "LeadId", true, List.of(
            string("LeadId"), string("Field"), string("OldValue"), string("NewValue"), timestamp("CreatedDate"))),
    OPPORTUNITY_FIELD_HISTORY("OpportunityFieldHistory", "OpportunityId", true, List.of(
            string("OpportunityId"), string("Field"), string("OldValue"), string("NewValue"),
            timestamp("CreatedDate")));

    /** Every qualification field the contract knows; the configured framework decides which are required. */
    public static final List<String> QUALIFICATION_FIELDS = List.of(
            "Business_Problem__c", "Why_Now__c", "Decision_Maker__c", "Stakeholders__c", "Use_Case__c",
            "Desired_Outcome__c", "Objections__c", "Next_Step__c", "Budget__c", "Timeline__c");

    private final String apiName;
    private final String keyColumn;
    private final boolean optional;
    private final List<CrmColumn> requiredColumns;

    CrmObject(String apiName, String keyColumn, boolean optional, List<CrmColumn> requiredColumns) {
        this.apiName = apiName;
        this.keyColumn = keyColumn;
        this.optional = optional;
        this.requiredColumns = requiredColumns;
    }

    /** The Salesforce API name, which is also the file's base name in a snapshot folder. */
    public String apiName() {
        return apiName;
    }

    /**
     * The column that must be present on every row. For records it is also unique per snapshot; history
     * objects have many rows per parent, so theirs is only required.
     */
    public String keyColumn() {
        return keyColumn;
    }

    public boolean keyIsUnique() {
        return !isHistory();
    }

    public boolean isHistory() {
        return this == OPPORTUNITY_HISTORY || this == LEAD_HISTORY || this == OPPORTUNITY_FIELD_HISTORY;
    }

    /** Optional objects may be absent from a snapshot; the others must be there. */
    public boolean optional() {
        return optional;
    }

    public List<CrmColumn> requiredColumns() {
        return requiredColumns;
    }

    /** snake_case of the API name: Lead is lead, OpportunityHistory is opportunity_history. */
    public String tableSuffix() {
        return apiName.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    public static Optional<CrmObject> fromApiName(String name) {
        for (CrmObject o : values()) {
            if (o.apiName.equalsIgnoreCase(name)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
