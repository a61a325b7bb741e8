package com.handoffwarehouse.jobs.catalog;

/** Warehouse layers (DESIGN section 2); each is a folder under the warehouse root. */
public enum Layer {
    BRONZE, QUARANTINE, SILVER, GOLD, OPS;

    public String folder() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
