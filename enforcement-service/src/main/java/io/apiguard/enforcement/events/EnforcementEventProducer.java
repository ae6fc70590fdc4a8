package io.apiguard.enforcement.events;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.apiguard.common.events.EnforcementEvent;
import io.apiguard.common.events.EnforcementEventKind;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.common.events.Topics;
import io.apiguard.support.messaging.KafkaSends;
import io.smallrye.mutiny.Uni;

/**
 * Publishes {@code apiguard.enforcement} as CloudEvents: rule events keyed by rule id, push acknowledgements keyed by
 * sidecar id. Audit events must not be lost silently: a failed send is logged with what it was.
 */
@ApplicationScoped
public class EnforcementEventProducer {

    private static final Logger LOGGER = Logger.getLogger(EnforcementEventProducer.class);

    private final Emitter<EnforcementEvent> emitter;

    EnforcementEventProducer(
            @Channel(Topics.ENFORCEMENT) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                    Emitter<EnforcementEvent> emitter) {
        this.emitter = emitter;
    }

    /** A rule was created, changed or left the active set. */
    public Uni<Void> rule(EnforcementEventKind kind, EnforcementRule rule, long ruleSetVersion, Instant now) {
        return send(new EnforcementEvent(kind, rule, ruleSetVersion, null, now), rule.id());
    }

    /** A sidecar acknowledged version {@code ruleSetVersion}. */
    public Uni<Void> pushed(String sidecar, long ruleSetVersion, Instant now) {
        return send(
                new EnforcementEvent(EnforcementEventKind.RULE_SET_PUSHED, null, ruleSetVersion, sidecar, now),
                sidecar);
    }

    private Uni<Void> send(EnforcementEvent event, String key) {
        return Uni.createFrom()
                .completionStage(KafkaSends.acknowledged(emitter, event, key).exceptionally(failure -> {
                    LOGGER.warnf(
                            "enforcement event %s for %s not published: %s",
                            event.kind().wire(), key, failure.getMessage());
                    return null;
                }));
    }
}
