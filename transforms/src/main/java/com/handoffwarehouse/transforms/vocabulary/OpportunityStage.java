package com.handoffwarehouse.transforms.vocabulary;

/** The closing Opportunity.StageName values the marts recognise. */
public final class OpportunityStage {
    public static final String CLOSED_WON = "Closed Won";
    public static final String CLOSED_LOST = "Closed Lost";

    private OpportunityStage() {
    }
}
