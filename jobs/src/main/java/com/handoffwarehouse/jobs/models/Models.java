package com.handoffwarehouse.jobs.models;

import java.util.ArrayList;
import java.util.List;

/** Every model of the warehouse: staging, intermediate and gold. A new table is one more declaration here. */
public final class Models {
    private Models() {
    }

    public static List<Model> all() {
        List<Model> all = new ArrayList<>(StagingModels.all());
        all.addAll(IntermediateModels.all());
        all.addAll(MartModels.all());
        return List.copyOf(all);
    }
}
