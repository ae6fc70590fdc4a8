package io.apiguard.logging.plumbing;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** Test-only row: one call record as the test consumer received it, CloudEvent attributes included. */
@Entity
@Table(name = "plumbing_probe")
public class PlumbingProbe extends PanacheEntityBase {

    @Id
    @Column(name = "call_id")
    public UUID callId;

    public String subject;

    @Column(name = "cloud_event_id")
    public String cloudEventId;

    @Column(name = "cloud_event_type")
    public String cloudEventType;

    @Column(name = "cloud_event_source")
    public String cloudEventSource;

    @Column(name = "kafka_key")
    public String kafkaKey;

    public String payload;

    @Column(name = "received_at")
    public Instant receivedAt;
}
