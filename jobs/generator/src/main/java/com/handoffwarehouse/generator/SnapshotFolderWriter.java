package com.handoffwarehouse.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Daily snapshot folders {@code <out>/<YYYY-MM-DD>/}, one file per object: the records as they stood at the
 * end of the day plus the injected defect rows. Subclasses spell the files; the rows and the defect stream are
 * the same for all of them, so every daily shape carries the same org and the same defects.
 */
abstract class SnapshotFolderWriter implements ShapeWriter {
    /** One object's file of one day as a shape writes it; {@code flagged} is null where the shape flags nothing. */
    record DayFile(String baseName, List<String> columns, List<Map<String, String>> rows, Integer flagged) {
    }

    private final Path out;
    private final TableFiles files;
    private final DefectInjector defects;
    private final SplittableRandom defectRandom;

    SnapshotFolderWriter(Path out, TableFiles files, DefectInjector defects, SplittableRandom defectRandom) {
        this.out = out;
        this.files = files;
        this.defects = defects;
        this.defectRandom = defectRandom;
    }

    @Override
    public long write(Simulation s, GroundTruth truth, Consumer<String> progress) throws IOException {
        long rows = 0;
        for (int d = 0; d < s.snapshots().size(); d++) {
            long started = System.nanoTime();
            LocalDate day = s.start().plusDays(d);
            Instant t = s.snapshots().get(d);
            Path folder = out.resolve(day.toString());
            Files.createDirectories(folder);
            long dayRows = 0;
            for (String object : SampleColumns.OBJECTS) {
                List<Map<String, String>> content = SampleGenerator.snapshot(object, s.org(), s.sim(), t);
                annotate(s, object, content, t);
                Map<String, Integer> injected = new LinkedHashMap<>();
                content.addAll(defects.defects(defectRandom, object, content, injected));
                DayFile file = file(s, object, content, t);
                files.write(folder, file.baseName(), file.columns(), file.rows());
                truth.file(object, day.toString(), file.rows().size(), injected, file.flagged());
                dayRows += file.rows().size();
            }
            rows += dayRows;
            progress.accept(String.format(Locale.ROOT, "[generate] %s: %d rows (%.1f s)", day, dayRows,
                    (System.nanoTime() - started) / 1e9));
        }
        return rows;
    }

    /**
     * Adds keys to the live rows before defects are copied from them, so that a defect row carries what its
     * original carries. Keys outside the file's columns are not written.
     */
    void annotate(Simulation s, String object, List<Map<String, String>> live, Instant t) {
    }

    /** The file of {@code object} at {@code t} from the live rows followed by the defect rows. */
    abstract DayFile file(Simulation s, String object, List<Map<String, String>> rows, Instant t);
}
