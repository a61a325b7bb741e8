package com.handoffwarehouse.jobs.ingest;

/**
 * An extract that cannot be ingested as it stands (a missing file or column, an unknown mapping key); the
 * message names the file and what to change. Raised before anything is written.
 */
public final class IngestException extends RuntimeException {
    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
