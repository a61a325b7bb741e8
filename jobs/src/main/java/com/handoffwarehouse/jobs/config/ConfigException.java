package com.handoffwarehouse.jobs.config;

/** A configuration that cannot be used; the message names the file, the key and what to do. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
