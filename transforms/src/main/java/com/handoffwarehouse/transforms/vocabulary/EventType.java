package com.handoffwarehouse.transforms.vocabulary;

import java.util.Arrays;
import java.util.List;

/** The event types of {@code int_lead_timeline} (DESIGN section 3). */
public enum EventType {
    LEAD_CREATED, OWNER_CHANGED, STATUS_CHANGED, MEETING_BOOKED, MEETING_RESCHEDULED, MEETING_HELD,
    MEETING_NO_SHOW, MEETING_CANCELED, HANDOFF_SUBMITTED, HANDOFF_ACCEPTED, HANDOFF_REJECTED, AE_FIRST_CONTACT,
    OPPORTUNITY_CREATED, STAGE_CHANGED, CLOSED_WON, CLOSED_LOST, LEAD_DELETED;

    public static List<String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
