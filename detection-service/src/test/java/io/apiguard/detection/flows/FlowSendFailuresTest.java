package io.apiguard.detection.flows;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which failures of a flow's send dead-letter its raw record, and which make the adapter send it again. */
class FlowSendFailuresTest {

    @Test
    void aFlowTheBrokerRefusesForWhatItIsIsDeadLetteredEvenBehindTheConnectorsOwnError() {
        // When / Then
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(new RecordTooLargeException("1 MB")))
                .isTrue();
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(new SerializationException("no")))
                .isTrue();
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(
                        new IllegalStateException("Retries exhausted", new RecordTooLargeException("1 MB"))))
                .isTrue();
    }

    @Test
    void aBrokerAwayOrRefusingForItsOwnStateMakesTheBatchBeSentAgainNotDeadLettered() {
        // When / Then
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(new TimeoutException("delivery.timeout.ms")))
                .isFalse();
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(new NotEnoughReplicasException("isr")))
                .isFalse();
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(
                        new InvalidRecordException("Timestamp 1 of message with offset 0 is out of range")))
                .as("the topic's timestamp range: the operator's to fix")
                .isFalse();
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(
                        new IllegalStateException("Retries exhausted", new TimeoutException("expired"))))
                .isFalse();
        assertThat(FlowCollectorConsumer.refusesTheRecordItself(new IllegalStateException("buffer full")))
                .isFalse();
    }
}
