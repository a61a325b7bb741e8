package com.handoffwarehouse.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a layer's suites for one job run. Every suite runs even after a failure, so quality_results shows all
 * that is wrong with a snapshot at once rather than one problem per attempt.
 */
public final class QualityGate {
    private final String runId;

    public QualityGate(String runId) {
        this.runId = runId;
    }

    public GateResult run(List<QualitySuite> suites) {
        List<CheckOutcome> outcomes = new ArrayList<>();
        for (QualitySuite suite : suites) {
            outcomes.addAll(suite.run());
        }
        return new GateResult(runId, outcomes);
    }
}
