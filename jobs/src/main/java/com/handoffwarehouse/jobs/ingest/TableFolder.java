package com.handoffwarehouse.jobs.ingest;

import com.handoffwarehouse.jobs.ingest.SnapshotFolder.Format;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A table given as a folder of part files, as Spark and sync tools write one: its data parts in name order and
 * their format. Spark's readers skip names that start with {@code _} or {@code .} ({@code _SUCCESS}, {@code .crc})
 * and read every other file of the folder with the one format they are given, and its subfolders as partitions;
 * so a folder with a subfolder, a file of another format or no part at all would load other rows than the folder's
 * parts hold, or none, without a word. Such a folder is refused here, naming the entry and what to do.
 */
public final class TableFolder {
    /** The data files of a table folder in name order, and the format of the first (CSV and CSV.gz mix freely). */
    public record Parts(List<String> paths, Format format) {
    }

    private TableFolder() {
    }

    /** Whether Spark's file readers skip an entry of this name. */
    public static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    /**
     * @param folder spelt as the caller gave it; the parts' paths are spelt from it
     * @throws IngestException for a subfolder, a file of no snapshot format, parts of two formats, or no part
     */
    public static Parts of(FileSystem fs, String folder) throws IOException {
        String where = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        List<FileStatus> entries = Arrays.stream(FolderListing.list(fs, new Path(where), name -> true))
                .filter(s -> !hidden(s.getPath().getName()))
                .sorted(Comparator.comparing(s -> s.getPath().getName())).toList();
        String first = null;
        Format format = null;
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            if (entry.isDirectory()) {
                throw refused(where, "has a subfolder, " + name + ", which Spark would read as a partition of the "
                        + "table; partitioned exports are not read. Export the table as one file or one folder of "
                        + "part files");
            }
            Optional<Format> of = Format.of(name.toLowerCase(Locale.ROOT));
            if (of.isEmpty()) {
                throw refused(where, "holds " + name + ", which is not a .csv, .csv.gz, .parquet or .json part but "
                        + "would be read as one. Move it out of the folder");
            }
            if (format == null) {
                first = name;
                format = of.get();
            } else if (family(of.get()) != family(format)) {
                throw refused(where, "holds parts of two formats, " + first + " and " + name + ", and Spark would "
                        + "read them all as " + family(format) + ". Export the table in one format");
            }
        }
        if (format == null) {
            throw refused(where, "holds no part file. Export the table again, or remove the folder if the object "
                    + "is optional");
        }
        return new Parts(entries.stream().map(s -> where + "/" + s.getPath().getName()).toList(), format);
    }

    private static Format family(Format format) {
        return format == Format.CSV_GZ ? Format.CSV : format;
    }

    private static IngestException refused(String folder, String what) {
        return new IngestException("Table folder " + folder + " " + what + ", and re-run; nothing of this run was "
                + "written.");
    }
}
