package com.handoffwarehouse.jobs.catalog;

import java.util.Locale;

/** Warehouse layers (DESIGN section 2); each is a folder under the warehouse root. */
public enum Layer {
    BRONZE, QUARANTINE, SILVER, GOLD, OPS;

    public String folder() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether readers see this layer through the publication (pinned to the versions a build published
     * together) rather than at each table's newest version.
     */
    public boolean published() {
        return this == SILVER || this == GOLD;
    }

    public static Layer ofFolder(String folder) {
        return valueOf(folder.toUpperCase(Locale.ROOT));
    }
}
