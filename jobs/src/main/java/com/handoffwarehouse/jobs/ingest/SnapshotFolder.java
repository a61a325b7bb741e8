package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.transforms.crm.CrmObject;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The layout of a snapshots folder (DESIGN section 1): {@code <dir>/<YYYY-MM-DD>/<Object>.<format>}, or an object
 * written as a folder of part files, {@code <dir>/<YYYY-MM-DD>/<Object>/part-*.<format>} ({@link TableFolder}); object
 * names matched case-insensitively to the API name or to a column mapping's file names. Files beside the date
 * folders are ignored (a ground_truth.json, a README), as are hidden folders ({@code .x}, {@code _x}); a folder whose
 * name is not a calendar date ({@code 2026-13-45}, {@code latest}) is an error naming it, since it most likely holds
 * a snapshot that would otherwise be skipped without a word. So is a date folder that lacks a required object or
 * holds two files for one object, or a folder that cannot be read. Listed through Hadoop's FileSystem, so the
 * folder may be local or on object storage.
 */
public final class SnapshotFolder {
    private static final Pattern DATE_FOLDER = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** The file formats a snapshot may come in, by file name ending. */
    public enum Format {
        CSV(".csv"), CSV_GZ(".csv.gz"), PARQUET(".parquet"), JSON(".json");

        private final String suffix;

        Format(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }

        /** The format of a lower-cased file name. */
        public static Optional<Format> of(String lowerCaseName) {
            return Arrays.stream(values()).filter(f -> lowerCaseName.endsWith(f.suffix)).findFirst();
        }
    }

    /** One object's file in one date folder; {@code path} is spelt from the folder as the caller gave it. */
    public record SnapshotFile(CrmObject object, LocalDate date, String path, Format format) {
    }

    private final String dir;
    private final FileSystem fs;
    private final Optional<ColumnMapping> mapping;
    private final List<LocalDate> dates;
    private final Map<LocalDate, Map<CrmObject, SnapshotFile>> files = new ConcurrentHashMap<>();

    private SnapshotFolder(String dir, FileSystem fs, Optional<ColumnMapping> mapping, List<LocalDate> dates) {
        this.dir = dir;
        this.fs = fs;
        this.mapping = mapping;
        this.dates = dates;
    }

    /** Lists the date folders; their files are listed when a date is first asked for. */
    public static SnapshotFolder scan(Configuration hadoop, String dir, Optional<ColumnMapping> mapping) {
        String trimmed = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
        try {
            Path root = new Path(trimmed);
            FileSystem fs = root.getFileSystem(hadoop);
            if (fs.getFileStatus(root).isFile()) {
                throw new IngestException("Snapshot folder " + dir + " is a file; give the folder that holds the "
                        + "date folders (<dir>/YYYY-MM-DD/<Object>.csv).");
            }
            List<LocalDate> dates = new ArrayList<>();
            List<String> notDates = new ArrayList<>();
            for (FileStatus s : FolderListing.list(fs, root, name -> DATE_FOLDER.matcher(name).matches())) {
                String name = s.getPath().getName();
                if (!s.isDirectory() || name.startsWith(".") || name.startsWith("_")) {
                    continue;
                }
                Optional<LocalDate> date = DATE_FOLDER.matcher(name).matches() ? parseDate(name) : Optional.empty();
                date.ifPresentOrElse(dates::add, () -> notDates.add(trimmed + "/" + name
                        + (DATE_FOLDER.matcher(name).matches() ? " (not a calendar date)" : "")));
            }
            if (!notDates.isEmpty()) {
                throw new IngestException("Snapshot folder " + dir + " has folder(s) whose name is not a snapshot "
                        + "date YYYY-MM-DD: " + String.join(", ", notDates) + ". Rename each to the date it holds, or "
                        + "move it out of " + dir + "; nothing was ingested.");
            }
            Collections.sort(dates);
            return new SnapshotFolder(trimmed, fs, mapping, List.copyOf(dates));
        } catch (FileNotFoundException e) {
            throw new IngestException("Snapshot folder " + dir + " does not exist.", e);
        } catch (IOException e) {
            throw unreadable(dir, e);
        }
    }

    public String dir() {
        return dir;
    }

    /** The dates that have a folder, ascending. */
    public List<LocalDate> dates() {
        return dates;
    }

    /**
     * The object files of one date folder.
     *
     * @throws IngestException when the folder lacks a required object or has two files for one object
     */
    public Map<CrmObject, SnapshotFile> files(LocalDate date) {
        if (!dates.contains(date)) {
            throw new IngestException("Snapshot folder " + dir + " has no folder " + date + ".");
        }
        return files.computeIfAbsent(date, this::list);
    }

    private Map<CrmObject, SnapshotFile> list(LocalDate date) {
        String folder = dir + "/" + date;
        Map<CrmObject, SnapshotFile> found = new EnumMap<>(CrmObject.class);
        try {
            FileStatus[] entries = FolderListing.list(fs, new Path(folder), name -> Format.of(
                    name.toLowerCase(Locale.ROOT)).isPresent() || objectNamed(name).isPresent());
            for (FileStatus s : entries) {
                String name = s.getPath().getName();
                Optional<Format> fileFormat = s.isFile() ? Format.of(name.toLowerCase(Locale.ROOT)) : Optional.empty();
                if (TableFolder.hidden(name) || s.isFile() && fileFormat.isEmpty()) {
                    continue;
                }
                String base = fileFormat.map(f -> name.substring(0, name.length() - f.suffix().length())).orElse(name);
                Optional<CrmObject> object = objectNamed(base);
                if (object.isEmpty()) {
                    continue;
                }
                String path = folder + "/" + name;
                Format format = fileFormat.isPresent() ? fileFormat.get() : TableFolder.of(fs, path).format();
                SnapshotFile file = new SnapshotFile(object.get(), date, path, format);
                SnapshotFile other = found.putIfAbsent(object.get(), file);
                if (other != null) {
                    throw new IngestException("Snapshot folder " + folder + " has two files for "
                            + object.get().apiName() + ": " + fileName(other) + " and " + name
                            + ". Keep one of them.");
                }
            }
        } catch (IOException e) {
            throw unreadable(folder, e);
        }
        for (CrmObject object : CrmObject.values()) {
            if (!object.optional() && !found.containsKey(object)) {
                throw new IngestException("Snapshot folder " + folder + " has no " + object.apiName()
                        + " file; expected one of " + expectedNames(object) + ".");
            }
        }
        return found;
    }

    /** The object a file's base name or an object folder's name stands for, by API name or the mapping. */
    private Optional<CrmObject> objectNamed(String base) {
        return CrmObject.fromApiName(base).or(() -> mapping.flatMap(m -> m.objectForFile(base)));
    }

    private String expectedNames(CrmObject object) {
        List<String> bases = new ArrayList<>(List.of(object.apiName()));
        mapping.flatMap(m -> m.fileBaseName(object)).ifPresent(bases::add);
        return bases.stream()
                .flatMap(b -> Arrays.stream(Format.values()).map(f -> b + f.suffix()))
                .collect(Collectors.joining(", ")) + " (or a folder " + object.apiName() + "/ of such part files)";
    }

    private static String fileName(SnapshotFile file) {
        return file.path().substring(file.path().lastIndexOf('/') + 1);
    }

    /** A folder that exists but cannot be listed (permissions, a storage error): named, with what to check. */
    static IngestException unreadable(String folder, IOException e) {
        return new IngestException("Snapshot folder " + folder + " cannot be read (" + e.getMessage() + "). Check "
                + "that this user may list it (permissions, storage credentials) and re-run; nothing was ingested.", e);
    }

    private static Optional<LocalDate> parseDate(String name) {
        try {
            return Optional.of(LocalDate.parse(name));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
