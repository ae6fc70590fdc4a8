package io.apiguard.sidecar.capture;

/**
 * logging-service answered, and refused a batch whole for what it holds (413: over its limits; 400 without
 * {@code accepted}: unreadable), storing nothing. Resending the same batch never passes; smaller ones may, so the
 * shipper splits it at once, and dead-letters a single record refused this way.
 */
final class BatchRejectedException extends RuntimeException {

    BatchRejectedException(String message) {
        super(message, null, false, false);
    }
}
