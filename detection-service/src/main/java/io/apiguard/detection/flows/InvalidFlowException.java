package io.apiguard.detection.flows;

import io.apiguard.support.messaging.Consumers;

/** A raw collector record that is not a flow this adapter can map; its message is the dead-letter reason. */
public final class InvalidFlowException extends Consumers.InvalidMessageException {

    public InvalidFlowException(String reason) {
        super(reason);
    }
}
