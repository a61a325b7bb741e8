package com.handoffwarehouse.transforms.vocabulary;

import java.util.List;

/** The routing re-evaluation's verdicts (DESIGN section 4). */
public final class RoutingVerdict {
    /** The account owner got it, or the actual AE is in the expected pool. */
    public static final String CORRECT = "CORRECT";
    /** An active AE owned the matched account and someone else got it. */
    public static final String WRONG_OWNER = "WRONG_OWNER";
    public static final String WRONG_POOL = "WRONG_POOL";
    /** No owner and an empty pool. */
    public static final String UNROUTABLE = "UNROUTABLE";

    public static final List<String> ALL = List.of(CORRECT, WRONG_OWNER, WRONG_POOL, UNROUTABLE);

    private RoutingVerdict() {
    }
}
