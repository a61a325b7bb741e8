package com.handoffwarehouse.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The columns each object's file carries, in order: the contract's API names plus a few extras a real export has. */
final class SampleColumns {
    static final Map<String, List<String>> BY_OBJECT = Map.of(
            "User", List.of("Id", "Name", "IsActive", "Sales_Role__c", "ManagerId", "Region__c", "Segment__c",
                    "TimeZoneSidKey", "Email"),
            "Account", List.of("Id", "Name", "OwnerId", "BillingCountry", "NumberOfEmployees", "CreatedDate",
                    "Industry"),
            "Lead", lead(),
            "Event", List.of("Id", "WhoId", "WhatId", "OwnerId", "CreatedById", "CreatedDate", "StartDateTime", "Type",
                    "Meeting_Outcome__c", "Subject", "DurationInMinutes"),
            "Task", List.of("Id", "WhoId", "OwnerId", "CreatedById", "CreatedDate", "CompletedDateTime", "TaskSubtype",
                    "Status", "Subject"),
            "Opportunity", List.of("Id", "AccountId", "OwnerId", "CreatedDate", "StageName", "IsClosed", "IsWon",
                    "Amount", "CloseDate", "Name"),
            "OpportunityHistory", List.of("OpportunityId", "StageName", "CreatedDate"),
            "LeadHistory", List.of("LeadId", "Field", "OldValue", "NewValue", "CreatedDate"));

    /** Objects in the order their files are written. */
    static final List<String> OBJECTS = List.of("User", "Account", "Lead", "Event", "Task", "Opportunity",
            "OpportunityHistory", "LeadHistory");

    private SampleColumns() {
    }

    private static List<String> lead() {
        List<String> cols = new ArrayList<>(List.of("Id", "CreatedDate", "OwnerId", "Status", "LeadSource", "Company",
                "Country", "NumberOfEmployees", "IsConverted", "ConvertedDate", "ConvertedAccountId",
                "ConvertedOpportunityId", "Matched_Account__c", "SDR_Owner__c", "Handoff_Submitted_At__c",
                "Handoff_AE__c", "Handoff_Accepted_At__c", "Handoff_Rejected_At__c", "Intent_Score__c"));
        cols.addAll(LeadSimulator.QUALIFICATION);
        cols.addAll(List.of("FirstName", "LastName", "Title"));
        return List.copyOf(cols);
    }
}
