package com.handoffwarehouse.jobs.catalog;

import java.util.List;

/** A warehouse table: its name as analysts query it, its layer, and how it is partitioned. */
public record TableRef(String name, Layer layer, List<String> partitionColumns) {
    public static TableRef of(String name, Layer layer, String... partitionColumns) {
        return new TableRef(name, layer, List.of(partitionColumns));
    }
}
