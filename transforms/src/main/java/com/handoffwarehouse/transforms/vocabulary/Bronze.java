package com.handoffwarehouse.transforms.vocabulary;

import java.util.List;

/**
 * The bookkeeping columns every bronze row carries beside the CRM's own (DESIGN section 2), and the optional
 * version metadata of sources that keep every version of a record (Fivetran History Mode).
 */
public final class Bronze {
    /** The snapshot a row belongs to; bronze tables are partitioned by it. */
    public static final String SNAPSHOT_DATE = "snapshot_date";
    public static final String INGESTED_AT = "_ingested_at";
    /** The file or table the row came from, as error messages name it. */
    public static final String SOURCE_FILE = "_source_file";
    /** 1-based position within {@link #SOURCE_FILE}: keeps "first occurrence wins" deterministic. */
    public static final String ROW_NUMBER = "_row_number";

    /**
     * When the version a row shows began, and when the record was deleted, if the source knows: snapshots only
     * date a change to the day that shows it; these give the instant.
     */
    public static final String VERSION_START = "_version_start";
    public static final String DELETED_AT = "_deleted_at";

    /**
     * The raw text of a record whose field count or quoting is broken (or a JSON line that does not parse), set
     * by the reader and null on well-formed rows; such a row goes to quarantine with rule {@code malformed_record}.
     */
    public static final String MALFORMED_RECORD = "_malformed_record";

    /** Columns of a bronze row that are not part of the record. */
    public static final List<String> METADATA = List.of(SNAPSHOT_DATE, INGESTED_AT, SOURCE_FILE, ROW_NUMBER);
    public static final List<String> VERSION_METADATA = List.of(VERSION_START, DELETED_AT);

    private Bronze() {
    }
}
