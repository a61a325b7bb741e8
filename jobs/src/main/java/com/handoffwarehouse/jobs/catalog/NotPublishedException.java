package com.handoffwarehouse.jobs.catalog;

/** A reader asked for a silver or gold table that no publication names yet; the message says what to run. */
public final class NotPublishedException extends RuntimeException {
    public NotPublishedException(String message) {
        super(message);
    }
}
