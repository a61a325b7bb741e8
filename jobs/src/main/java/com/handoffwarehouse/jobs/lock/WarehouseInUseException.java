package com.handoffwarehouse.jobs.lock;

/** Another process holds the warehouse's writer lock; the message is the one line the user sees. */
public final class WarehouseInUseException extends RuntimeException {
    public WarehouseInUseException(String message) {
        super(message);
    }
}
