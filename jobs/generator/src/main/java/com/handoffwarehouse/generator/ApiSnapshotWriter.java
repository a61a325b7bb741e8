package com.handoffwarehouse.generator;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Daily snapshot folders with Salesforce API names: {@code <out>/<YYYY-MM-DD>/Lead.csv}, as DESIGN section 1 reads. */
final class ApiSnapshotWriter extends SnapshotFolderWriter {
    ApiSnapshotWriter(Path out, TableFiles files, DefectInjector defects, SplittableRandom defectRandom) {
        super(out, files, defects, defectRandom);
    }

    @Override
    DayFile file(Simulation s, String object, List<Map<String, String>> rows, Instant t) {
        return new DayFile(object, SampleColumns.BY_OBJECT.get(object), rows, null);
    }
}
