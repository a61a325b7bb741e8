package com.handoffwarehouse.transforms.intermediate;

import java.util.List;

/**
 * A versioned routing rule file (conf/routing.yaml), evaluated in order (DESIGN section 4).
 *
 * @param version recorded on every fct_handoff row it judged
 */
public record RoutingRules(int version, List<Rule> rules) {
    public enum Type { ACCOUNT_OWNER, REGION_SEGMENT_POOL, PRIORITY, FALLBACK }

    /**
     * @param pools        REGION_SEGMENT_POOL only: explicit pools replacing the derived ones for their cell
     * @param minIntentScore PRIORITY only: applies when Intent_Score__c is at least this (null: any)
     * @param inbound      PRIORITY only: applies to inbound (true) or outbound (false) leads (null: both)
     * @param aes          PRIORITY only: the pool of AEs the rule routes to
     * @param queue        FALLBACK only: the queue's name
     */
    public record Rule(String name, Type type, List<Pool> pools, Double minIntentScore, Boolean inbound,
                       List<String> aes, String queue) {
    }

    public record Pool(String region, String segment, List<String> aes) {
    }
}
