package com.handoffwarehouse.jobs.build;

/** A build that cannot run on what the warehouse holds; the message says what to run first. */
public final class BuildException extends RuntimeException {
    public BuildException(String message) {
        super(message);
    }
}
