package com.handoffwarehouse.generator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How Fivetran's Salesforce connector spells what the API shape writes: snake_case tables and columns,
 * timestamps as {@code yyyy-MM-dd HH:mm:ss} UTC (millis only when there are some), booleans TRUE/FALSE.
 * Values are recognised by their API spelling rather than by column, so a garbled defect value, which
 * matches neither, stays as it is.
 *
 * <p>The names are written out here as the connector documents them rather than derived by the warehouse's
 * reader, which this generator fakes: a naming bug in the reader then fails the shape tests instead of
 * being copied into the sample.
 */
final class FivetranSpelling {
    static final String SYNCED = "_fivetran_synced";
    static final String DELETED = "_fivetran_deleted";
    static final String IS_DELETED = "is_deleted";
    static final String START = "_fivetran_start";
    static final String END = "_fivetran_end";
    static final String ACTIVE = "_fivetran_active";

    private static final Map<String, String> TABLES = Map.of("User", "user", "Account", "account", "Lead", "lead",
            "Event", "event", "Task", "task", "Opportunity", "opportunity", "OpportunityHistory",
            "opportunity_history", "LeadHistory", "lead_history");
    private static final Map<String, String> COLUMN_NAMES = Map.ofEntries(
            Map.entry("Id", "id"), Map.entry("Name", "name"), Map.entry("IsActive", "is_active"),
            Map.entry("Sales_Role__c", "sales_role_c"), Map.entry("ManagerId", "manager_id"),
            Map.entry("Region__c", "region_c"), Map.entry("Segment__c", "segment_c"),
            Map.entry("TimeZoneSidKey", "time_zone_sid_key"), Map.entry("Email", "email"),
            Map.entry("OwnerId", "owner_id"), Map.entry("BillingCountry", "billing_country"),
            Map.entry("NumberOfEmployees", "number_of_employees"), Map.entry("CreatedDate", "created_date"),
            Map.entry("Industry", "industry"), Map.entry("Status", "status"), Map.entry("LeadSource", "lead_source"),
            Map.entry("Company", "company"), Map.entry("Country", "country"),
            Map.entry("IsConverted", "is_converted"), Map.entry("ConvertedDate", "converted_date"),
            Map.entry("ConvertedAccountId", "converted_account_id"),
            Map.entry("ConvertedOpportunityId", "converted_opportunity_id"),
            Map.entry("Matched_Account__c", "matched_account_c"), Map.entry("SDR_Owner__c", "sdr_owner_c"),
            Map.entry("Handoff_Submitted_At__c", "handoff_submitted_at_c"), Map.entry("Handoff_AE__c", "handoff_ae_c"),
            Map.entry("Handoff_Accepted_At__c", "handoff_accepted_at_c"),
            Map.entry("Handoff_Rejected_At__c", "handoff_rejected_at_c"),
            Map.entry("Intent_Score__c", "intent_score_c"), Map.entry("Business_Problem__c", "business_problem_c"),
            Map.entry("Why_Now__c", "why_now_c"), Map.entry("Decision_Maker__c", "decision_maker_c"),
            Map.entry("Stakeholders__c", "stakeholders_c"), Map.entry("Use_Case__c", "use_case_c"),
            Map.entry("Desired_Outcome__c", "desired_outcome_c"), Map.entry("Objections__c", "objections_c"),
            Map.entry("Next_Step__c", "next_step_c"), Map.entry("Budget__c", "budget_c"),
            Map.entry("Timeline__c", "timeline_c"), Map.entry("FirstName", "first_name"),
            Map.entry("LastName", "last_name"), Map.entry("Title", "title"), Map.entry("WhoId", "who_id"),
            Map.entry("WhatId", "what_id"), Map.entry("CreatedById", "created_by_id"),
            Map.entry("StartDateTime", "start_date_time"), Map.entry("Type", "type"),
            Map.entry("Meeting_Outcome__c", "meeting_outcome_c"), Map.entry("Subject", "subject"),
            Map.entry("DurationInMinutes", "duration_in_minutes"),
            Map.entry("CompletedDateTime", "completed_date_time"), Map.entry("TaskSubtype", "task_subtype"),
            Map.entry("AccountId", "account_id"), Map.entry("StageName", "stage_name"),
            Map.entry("IsClosed", "is_closed"), Map.entry("IsWon", "is_won"), Map.entry("Amount", "amount"),
            Map.entry("CloseDate", "close_date"), Map.entry("OpportunityId", "opportunity_id"),
            Map.entry("LeadId", "lead_id"), Map.entry("Field", "field"), Map.entry("OldValue", "old_value"),
            Map.entry("NewValue", "new_value"));
    private static final Pattern API_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private FivetranSpelling() {
    }

    static String table(String object) {
        return known(TABLES, object);
    }

    /** The API shape's columns of {@code object}, in its order, as Fivetran names them. */
    static List<String> columns(String object) {
        return SampleColumns.BY_OBJECT.get(object).stream().map(FivetranSpelling::columnName).toList();
    }

    /** An API-named row in Fivetran's spelling; keys already spelled as Fivetran's bookkeeping columns stay. */
    static Map<String, String> row(Map<String, String> api) {
        Map<String, String> out = new LinkedHashMap<>();
        api.forEach((k, v) -> out.put(bookkeeping(k) ? k : columnName(k), value(v)));
        return out;
    }

    private static boolean bookkeeping(String column) {
        return column.startsWith("_fivetran_") || column.equals(IS_DELETED);
    }

    static String value(String v) {
        if (v == null) {
            return null;
        }
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true") ? "TRUE" : "FALSE";
        }
        if (v.length() == 24 && v.charAt(10) == 'T' && API_TIMESTAMP.matcher(v).matches()) {
            try {
                return timestamp(Fmt.parseTs(v));
            } catch (DateTimeParseException e) {
                return v;
            }
        }
        return v;
    }

    /** Fivetran's spelling of an instant, as in {@code _fivetran_synced}. */
    static String timestamp(Instant t) {
        return t.getNano() == 0 ? SECONDS.format(t) : MILLIS.format(t);
    }

    /** Always with millis, as History Mode writes {@code _fivetran_start} and {@code _fivetran_end}. */
    static String exactTimestamp(Instant t) {
        return MILLIS.format(t);
    }

    private static String columnName(String api) {
        return known(COLUMN_NAMES, api);
    }

    private static String known(Map<String, String> names, String api) {
        String name = names.get(api);
        if (name == null) {
            throw new IllegalArgumentException("No Fivetran spelling for " + api);
        }
        return name;
    }
}
