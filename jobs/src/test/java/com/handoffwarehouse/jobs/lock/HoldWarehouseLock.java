package com.handoffwarehouse.jobs.lock;

import java.io.IOException;

/**
 * Another writer process for the lock tests. {@code hold ROOT}: takes the lock, prints "locked", and keeps it
 * until standard input closes or the process is killed. {@code try ROOT}: prints the outcome of one attempt.
 */
public final class HoldWarehouseLock {
    private HoldWarehouseLock() {
    }

    public static void main(String[] args) throws IOException {
        try (WarehouseLock lock = WarehouseLock.acquire(args[1], "build", notice -> System.out.println(notice))) {
            System.out.println("locked");
            System.out.flush();
            if (args[0].equals("hold")) {
                while (System.in.read() >= 0) {
                    Thread.onSpinWait();
                }
            }
        } catch (WarehouseInUseException e) {
            System.out.println(e.getMessage());
        }
    }
}
