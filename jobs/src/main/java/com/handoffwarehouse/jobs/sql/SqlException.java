package com.handoffwarehouse.jobs.sql;

/** A statement or a server that could not run for a reason the user can fix; the message says which. */
public final class SqlException extends RuntimeException {
    public SqlException(String message) {
        super(message);
    }
}
