package com.handoffwarehouse.transforms.vocabulary;

import java.util.List;

/** Event.Meeting_Outcome__c values (DESIGN section 1); blank while the meeting is pending. */
public final class MeetingOutcome {
    public static final String HELD = "Held";
    public static final String NO_SHOW = "No Show";
    public static final String CANCELED = "Canceled";
    public static final String RESCHEDULED = "Rescheduled";

    /** The outcomes a meeting can end with; Rescheduled is a step on the way, not an end. */
    public static final List<String> FINAL = List.of(HELD, NO_SHOW, CANCELED);

    private MeetingOutcome() {
    }
}
