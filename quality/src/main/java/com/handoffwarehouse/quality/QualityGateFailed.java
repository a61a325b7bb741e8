package com.handoffwarehouse.quality;

/** Stops a run before anything downstream of the failing layer is published. */
public class QualityGateFailed extends RuntimeException {
    public QualityGateFailed(String message) {
        super(message);
    }
}
