package com.handoffwarehouse.generator;

import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the simulated people work and what wins deals: the effect sizes the generator puts into the sample, so
 * that the quality mart, the SLA marts and the no-convert audit have real effects to find.
 *
 * <p>Work: SDRs and AEs act inside their working day ({@code workStart}-{@code workEnd}, Monday to Friday, in
 * their own TimeZoneSidKey), except a {@code lateShare} of actions done in the evening and a
 * {@code weekendShare} done at the weekend. The defaults are conf/warehouse.yaml's business hours.
 *
 * <p>Conversion: a held first meeting of an accepted handoff turns into an opportunity with probability
 * {@code baseConversion} when nothing is wrong with the handoff; each thing wrong multiplies that probability
 * by (1 - its effect): a checklist item missing at submission ({@code missingItemEffects}, by the item keys of
 * DESIGN section 4, "routing" being routing correctness), a first AE contact outside the first-contact SLA
 * ({@code slowContactEffect}), and a first meeting that was a no-show rather than held ({@code noShowEffect};
 * such a lead can still convert later, outside the meeting-to-opportunity metric). An effect of 0 is no effect.
 *
 * @param fastContactShare share of handoffs whose AE makes the first contact well inside the SLA
 */
public record SampleBehaviour(LocalTime workStart, LocalTime workEnd, double lateShare, double weekendShare,
                              double fastContactShare, double baseConversion, double slowContactEffect,
                              double noShowEffect, Map<String, Double> missingItemEffects) {
    /** The checklist items of DESIGN section 4, in its order. */
    public static final List<String> ITEMS = List.of("routing", "framework", "business_problem", "why_now",
            "stakeholders", "use_case_outcome", "objections", "next_step", "followup_task");

    public SampleBehaviour {
        if (!workStart.isBefore(workEnd)) {
            throw new IllegalArgumentException("workStart must be before workEnd");
        }
        share("lateShare", lateShare);
        share("weekendShare", weekendShare);
        share("lateShare + weekendShare", lateShare + weekendShare);
        share("fastContactShare", fastContactShare);
        share("baseConversion", baseConversion);
        share("slowContactEffect", slowContactEffect);
        share("noShowEffect", noShowEffect);
        if (!missingItemEffects.keySet().equals(Set.copyOf(ITEMS))) {
            throw new IllegalArgumentException("missingItemEffects must name exactly the items " + ITEMS);
        }
        missingItemEffects.forEach((item, effect) -> share("missingItemEffects." + item, effect));
        missingItemEffects = Map.copyOf(missingItemEffects);
    }

    /**
     * Defaults: 8 % of actions in the evening and 3 % at the weekend; 75 % of first contacts fast; a perfect
     * handoff converts 19 times in 20, and every item matters, next step and routing the most.
     */
    public static SampleBehaviour defaults() {
        Map<String, Double> items = new LinkedHashMap<>();
        items.put("routing", 0.45);
        items.put("framework", 0.30);
        items.put("business_problem", 0.35);
        items.put("why_now", 0.30);
        items.put("stakeholders", 0.30);
        items.put("use_case_outcome", 0.30);
        items.put("objections", 0.30);
        items.put("next_step", 0.45);
        items.put("followup_task", 0.35);
        return new SampleBehaviour(LocalTime.of(9, 0), LocalTime.of(17, 0), 0.08, 0.03, 0.75, 0.95, 0.50, 0.85,
                items);
    }

    /** The chance that a handoff with these items missing, this contact speed and this show-up converts. */
    double conversion(java.util.Collection<String> missing, boolean fastContact, boolean showedUp) {
        double p = baseConversion;
        for (String item : missing) {
            p *= 1 - missingItemEffects.get(item);
        }
        if (!fastContact) {
            p *= 1 - slowContactEffect;
        }
        if (!showedUp) {
            p *= 1 - noShowEffect;
        }
        return p;
    }

    /** The effects as ground_truth.json records them beside the sample's parameters. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("work_start", workStart.toString());
        out.put("work_end", workEnd.toString());
        out.put("late_share", lateShare);
        out.put("weekend_share", weekendShare);
        out.put("fast_contact_share", fastContactShare);
        out.put("base_conversion", baseConversion);
        out.put("slow_contact_effect", slowContactEffect);
        out.put("no_show_effect", noShowEffect);
        Map<String, Double> items = new LinkedHashMap<>();
        ITEMS.forEach(item -> items.put(item, missingItemEffects.get(item)));
        out.put("missing_item_effects", items);
        return out;
    }

    private static void share(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + value);
        }
    }
}
