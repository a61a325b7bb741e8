package com.handoffwarehouse.transforms.vocabulary;

/** The kinds of open SLA breach in {@code mart_sla_breaches_open} (DESIGN section 5). */
public final class SlaBreach {
    public static final String ACCEPTANCE = "ACCEPTANCE";
    public static final String FIRST_CONTACT = "FIRST_CONTACT";

    private SlaBreach() {
    }
}
