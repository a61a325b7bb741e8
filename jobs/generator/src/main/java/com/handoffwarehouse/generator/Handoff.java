package com.handoffwarehouse.generator;

import java.time.Instant;

/** A submission the simulation made: which lead, when, and to which AE it was first handed. */
record Handoff(String leadId, Instant submittedAt, String sdrId, String aeAtSubmission) {
}
