package com.handoffwarehouse.generator;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Salesforce-shaped 18-character Ids: the object's 3-character prefix and a per-prefix counter. */
final class Ids {
    private final Map<String, Long> counters = new HashMap<>();

    String next(String prefix) {
        long n = counters.merge(prefix, 1L, Long::sum);
        String body = Long.toString(n, 36).toUpperCase(Locale.ROOT);
        return prefix + "0".repeat(15 - body.length()) + body;
    }
}
