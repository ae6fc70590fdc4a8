package io.apiguard.posture.findings;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.apiguard.common.events.PostureFinding;
import io.apiguard.common.events.Topics;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes every state change of a finding on {@code apiguard.findings}, keyed by api id, as CloudEvents. Sending
 * does not wait for the broker: the finding is already stored, and a failed send is logged.
 */
@ApplicationScoped
public class FindingEventProducer {

    private static final Logger LOGGER = Logger.getLogger(FindingEventProducer.class);

    private final Emitter<PostureFinding> emitter;

    FindingEventProducer(
            @Channel(Topics.FINDINGS) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 100_000)
                    Emitter<PostureFinding> emitter) {
        this.emitter = emitter;
    }

    /** Publishes one event per finding. */
    public void publish(List<Finding> findings) {
        for (Finding finding : findings) {
            PostureFinding event = finding.toEvent();
            emitter.send(Message.of(event)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(event.apiId())
                            .build())
                    .withNack(failure -> {
                        LOGGER.warnf(
                                "finding %s (%s) not published: %s",
                                event.id(), event.state().wire(), failure.getMessage());
                        return CompletableFuture.completedFuture(null);
                    }));
        }
    }
}
