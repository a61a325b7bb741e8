package com.handoffwarehouse.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.handoffwarehouse.transforms.intermediate.RoutingRules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingRulesLoaderTest {
    private static RoutingRules parse(String yaml) throws Exception {
        return RoutingRulesLoader.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }

    @Test
    void theDefaultFileHoldsOwnerPoolAndFallback() {
        RoutingRules rules = RoutingRulesLoader.load(Optional.empty());
        assertEquals(List.of(RoutingRules.Type.ACCOUNT_OWNER, RoutingRules.Type.REGION_SEGMENT_POOL,
                RoutingRules.Type.FALLBACK), rules.rules().stream().map(RoutingRules.Rule::type).toList());
        assertEquals(1, rules.version());
    }

    @Test
    void priorityRulesAndExplicitPoolsParse() throws Exception {
        RoutingRules rules = parse("""
                version: 3
                rules:
                  - {name: pools, type: region_segment_pool, pools: [{region: NA, segment: ENT, aes: [a1, a2]}]}
                  - {name: hot, type: priority, when: {min_intent_score: 80, inbound: true}, pool: [a3]}
                  - {name: fallback, type: fallback, queue: Q}
                """);
        RoutingRules.Rule hot = rules.rules().get(1);
        assertEquals(80.0, hot.minIntentScore());
        assertEquals(true, hot.inbound());
        assertEquals(List.of("a3"), hot.aes());
        assertEquals(List.of("a1", "a2"), rules.rules().get(0).pools().get(0).aes());
    }

    @Test
    void badKeysAreNamed() {
        String unknown = assertThrows(ConfigException.class, () -> parse(
                "version: 1\nrules:\n  - {name: a, type: fallback, qeue: Q}\n")).getMessage();
        assertTrue(unknown.contains("'rules[0].qeue'"), unknown);
        String type = assertThrows(ConfigException.class, () -> parse(
                "version: 1\nrules:\n  - {name: a, type: round_robin}\n")).getMessage();
        assertTrue(type.contains("'rules[0].type'") && type.contains("round_robin"), type);
        String order = assertThrows(ConfigException.class, () -> parse(
                "version: 1\nrules:\n  - {name: f, type: fallback}\n  - {name: o, type: account_owner}\n")).getMessage();
        assertTrue(order.contains("'rules[0]'"), order);
    }
}
