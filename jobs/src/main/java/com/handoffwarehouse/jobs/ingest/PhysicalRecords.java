package com.handoffwarehouse.jobs.ingest;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The records a snapshot file holds, counted from its bytes by code that shares nothing with Spark's readers, so
 * that "bronze + quarantine = the file" is checked against an independent count (README, ingest guarantees).
 *
 * <p>CSV is tokenized by RFC 4180 (quote {@code "}, a doubled quote inside a quoted field, fields spanning lines
 * inside quotes, blank lines skipped as Spark skips them): the header's fields, the number of data records, and
 * every record whose field count differs from the header's or whose quoting is broken (a character after a
 * closing quote, a quote inside an unquoted field, a quote still open at the end of the file), with its lines and
 * raw text. JSON lines count their non-blank lines; Parquet takes the row count of its footer. A gzip stream that
 * ends early or is not gzip fails here, before Spark reads the file, with the file's name.
 *
 * <p>A table written by Spark or a sync tool may be a folder of part files (beside {@code _SUCCESS} and
 * {@code .crc} files, which Spark's readers skip too): each part is counted on its own, its records numbered after
 * those of the parts before it in name order, and CSV parts must share one header, since Spark reads every part
 * with the first part's columns.
 */
public final class PhysicalRecords {
    /** Raw text kept per broken record; beyond it the text is cut, since it only has to identify the record. */
    private static final int MAX_RAW_CHARS = 100_000;

    /**
     * A record the CSV tokenizer found broken: its 1-based position among the data records of the table, its lines
     * in {@code file} (the part file that holds it, or the table's own file).
     */
    public record Broken(long recordNumber, long firstLine, long lastLine, String rawText, String problem,
                         String file) {
        public boolean spansLines() {
            return lastLine > firstLine;
        }
    }

    /** A file of the table: its name and how many data records come before it (0 for the first). */
    public record Part(String name, long recordsBefore) {
    }

    /**
     * What a file or folder of part files holds: the header (CSV only, else empty), the data records, the broken
     * ones, and its files in the order their records are numbered.
     */
    public record Count(List<String> header, long records, List<Broken> broken, List<Part> parts) {
    }

    private PhysicalRecords() {
    }

    public static Count of(Configuration hadoop, String path, SnapshotFolder.Format format) {
        List<String> header = null;
        String headerFile = null;
        long records = 0;
        List<Broken> broken = new ArrayList<>();
        List<Part> parts = new ArrayList<>();
        for (String name : files(hadoop, path)) {
            Count one = switch (format) {
                case CSV, CSV_GZ -> csv(hadoop, name, false);
                case JSON -> new Count(List.of(), lines(hadoop, name), List.of(), List.of());
                case PARQUET -> new Count(List.of(), parquetRows(hadoop, name), List.of(), List.of());
            };
            if (header == null) {
                header = one.header();
                headerFile = name;
            } else if (!header.equals(one.header())) {
                throw new IngestException("Table " + path + " is a folder of part files with different headers: "
                        + name + " has " + one.header() + " where " + headerFile + " has " + header + ". Spark "
                        + "would read every part with the first part's columns; export the table again with one "
                        + "header; nothing of this run was written.");
            }
            for (Broken b : one.broken()) {
                broken.add(new Broken(records + b.recordNumber(), b.firstLine(), b.lastLine(), b.rawText(),
                        b.problem(), name));
            }
            parts.add(new Part(new Path(name).getName(), records));
            records += one.records();
        }
        return new Count(header == null ? List.of() : header, records, List.copyOf(broken), List.copyOf(parts));
    }

    /** Only a CSV file's header (the first part's, for a folder), read without scanning the rest. */
    public static List<String> csvHeader(Configuration hadoop, String path) {
        List<String> files = files(hadoop, path);
        return files.isEmpty() ? List.of() : csv(hadoop, files.get(0), true).header();
    }

    /** The file itself, or the data files of a folder of parts ({@link TableFolder}). */
    private static List<String> files(Configuration hadoop, String path) {
        try {
            Path root = new Path(path);
            FileSystem fs = root.getFileSystem(hadoop);
            return fs.getFileStatus(root).isDirectory() ? TableFolder.of(fs, path).paths() : List.of(path);
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private static Count csv(Configuration hadoop, String path, boolean headerOnly) {
        try (Reader in = open(hadoop, path)) {
            return new CsvTokenizer(in, headerOnly).run();
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private static long lines(Configuration hadoop, String path) {
        long records = 0;
        try (BufferedReader in = new BufferedReader(open(hadoop, path))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    records++;
                }
            }
            return records;
        } catch (IOException e) {
            throw unreadable(path, e);
        }
    }

    private static long parquetRows(Configuration hadoop, String path) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(path), hadoop))) {
            return reader.getRecordCount();
        } catch (IOException | RuntimeException e) {
            throw unreadable(path, e);
        }
    }

    private static Reader open(Configuration hadoop, String path) throws IOException {
        Path file = new Path(path);
        InputStream raw = file.getFileSystem(hadoop).open(file);
        InputStream in = path.toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? gunzip(raw) : raw;
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    private static InputStream gunzip(InputStream raw) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static IngestException unreadable(String path, Exception e) {
        String what = e instanceof EOFException || String.valueOf(e.getMessage()).contains("Unexpected end")
                ? "ends before its last record (a truncated download or copy?)"
                : e instanceof ZipException ? "is not a valid gzip file (" + e.getMessage() + ")"
                : e instanceof java.nio.file.AccessDeniedException
                        || String.valueOf(e.getMessage()).contains("Permission denied")
                        ? "cannot be read (permission denied)"
                        : "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
        return new IngestException("Snapshot file " + path + " " + what + ". Copy or export the file again and "
                + "re-run; nothing of this run was written.", e);
    }

    /** RFC 4180 over a character stream, counting physical lines so broken records can be located. */
    private static final class CsvTokenizer {
        private final Reader in;
        private final boolean headerOnly;
        private final List<Broken> broken = new ArrayList<>();
        private final StringBuilder raw = new StringBuilder();
        private final StringBuilder field = new StringBuilder();
        private List<String> header;
        private final List<String> headerFields = new ArrayList<>();
        private long line = 1;
        private long recordStartLine = 1;
        private long records;
        private int fields;
        private String problem;
        private boolean content;

        CsvTokenizer(Reader in, boolean headerOnly) {
            this.in = in;
            this.headerOnly = headerOnly;
        }

        Count run() throws IOException {
            boolean quoted = false;
            boolean afterQuote = false;
            int c = in.read();
            if (c == '\uFEFF') {
                c = in.read();
            }
            for (; c != -1; c = in.read()) {
                char ch = (char) c;
                if (quoted) {
                    keep(ch);
                    if (ch == '"') {
                        quoted = false;
                        afterQuote = true;
                    } else {
                        field.append(ch);
                        if (ch == '\n') {
                            line++;
                        }
                    }
                    continue;
                }
                if (ch == '\r') {
                    continue;
                }
                if (ch == '\n') {
                    endRecord();
                    line++;
                    recordStartLine = line;
                    afterQuote = false;
                    if (headerOnly && header != null) {
                        break;
                    }
                    continue;
                }
                keep(ch);
                content = true;
                if (ch == ',') {
                    endField();
                    afterQuote = false;
                } else if (ch == '"') {
                    if (afterQuote) {
                        // A doubled quote inside a quoted field: back inside it.
                        field.append('"');
                        quoted = true;
                        afterQuote = false;
                    } else if (field.isEmpty()) {
                        quoted = true;
                    } else {
                        brokenQuote("a quote inside an unquoted field");
                        field.append(ch);
                    }
                } else {
                    if (afterQuote) {
                        brokenQuote("text after a closing quote");
                        afterQuote = false;
                    }
                    field.append(ch);
                }
            }
            if (quoted) {
                content = true;
                brokenQuote("a quote opened on line " + recordStartLine + " is never closed");
            }
            endRecord();
            return new Count(header == null ? List.of() : header, records, List.copyOf(broken), List.of());
        }

        private void keep(char ch) {
            if (raw.length() < MAX_RAW_CHARS) {
                raw.append(ch);
            }
        }

        private void brokenQuote(String what) {
            if (problem == null) {
                problem = what;
            }
        }

        private void endField() {
            if (header == null) {
                headerFields.add(field.toString());
            }
            fields++;
            field.setLength(0);
        }

        private void endRecord() {
            if (!content) {
                reset();
                return;
            }
            endField();
            if (header == null) {
                header = List.copyOf(headerFields);
            } else {
                records++;
                if (problem == null && fields != header.size()) {
                    problem = fields + " fields where the header has " + header.size();
                }
                if (problem != null) {
                    broken.add(new Broken(records, recordStartLine, line, raw.toString(), problem, null));
                }
            }
            reset();
        }

        private void reset() {
            raw.setLength(0);
            field.setLength(0);
            fields = 0;
            problem = null;
            content = false;
        }
    }
}
