package io.apiguard.logging.plumbing;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/** Test-only consumer: stores every call record it receives, with its CloudEvent attributes, through Hibernate Reactive. */
@ApplicationScoped
public class PlumbingProbeConsumer {

    private final ObjectMapper objectMapper;

    PlumbingProbeConsumer(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Incoming(InfrastructurePlumbingTest.INCOMING)
    @SuppressWarnings("unchecked")
    public CompletionStage<Void> consume(Message<ApiCallRecord> message) throws JsonProcessingException {
        IncomingCloudEventMetadata<ApiCallRecord> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new IllegalStateException("not a CloudEvent"));
        String key = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> String.valueOf(metadata.getKey()))
                .orElse(null);
        ApiCallRecord call = message.getPayload();
        PlumbingProbe probe = new PlumbingProbe();
        probe.callId = call.id();
        probe.subject = call.identity().subject();
        probe.cloudEventId = cloudEvent.getId();
        probe.cloudEventType = cloudEvent.getType();
        probe.cloudEventSource = cloudEvent.getSource().toString();
        probe.kafkaKey = key;
        probe.payload = objectMapper.writeValueAsString(call);
        probe.receivedAt = Instant.now();
        return Panache.withTransaction(probe::persist)
                .onItem().transformToUni(persisted -> Uni.createFrom().completionStage(message.ack()))
                .subscribeAsCompletionStage();
    }
}
