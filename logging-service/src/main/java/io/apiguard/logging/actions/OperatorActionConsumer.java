package io.apiguard.logging.actions;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.apiguard.common.events.EventTypes;
import io.apiguard.common.events.OperatorAction;
import io.apiguard.common.events.Topics;
import io.apiguard.common.json.EventJson;
import io.apiguard.support.messaging.Consumers;
import io.apiguard.support.messaging.Consumers.OnFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;

/**
 * Keeps every operator action of {@code apiguard.audit}, one message at a time in topic order. Messages are read as
 * text and parsed here, so one that is not an {@link OperatorAction} is nacked to {@code apiguard.audit.dlq} as it was
 * sent, with the reason in the {@code dead-letter-reason} header, and the channel goes on. A valid action is never
 * dead-lettered for the database's sake: when storing fails it is retried with backoff (up to a day) and the partition
 * waits, since an audit trail with a hole is worse than a late one.
 */
@ApplicationScoped
public class OperatorActionConsumer {

    private static final Logger LOGGER = Logger.getLogger(OperatorActionConsumer.class);

    private final OperatorActionRepository repository;
    private final ObjectMapper mapper = EventJson.mapper();
    private final Counter refused;

    OperatorActionConsumer(OperatorActionRepository repository, MeterRegistry registry) {
        this.repository = repository;
        this.refused = Counter.builder("apiguard.logging.actions.refused")
                .description("Messages of apiguard.audit sent to the dead-letter topic")
                .register(registry);
    }

    @Incoming(Topics.AUDIT)
    @Retry(maxRetries = 1_000, delay = 500, maxDuration = 1, durationUnit = ChronoUnit.DAYS)
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public Uni<Void> consume(Message<String> message) {
        return Consumers.parseThenAck(
                message,
                this::parse,
                invalid -> {
                    refused.increment();
                    LOGGER.debugf("Refused a message of %s: %s", Topics.AUDIT, invalid.getMessage());
                },
                OnFailure.FAIL,
                action -> repository.store(action, message.getPayload()).invoke(stored -> {
                    if (!stored) {
                        LOGGER.debugf("Operator action %s is stored already (a redelivery)", action.id());
                    }
                }));
    }

    private OperatorAction parse(Message<String> message) {
        String type = message.getMetadata(IncomingCloudEventMetadata.class)
                .map(IncomingCloudEventMetadata::getType)
                .orElse(null);
        // Without CloudEvents headers the topic's one payload type is assumed; with them, another type (a v2) is not
        // read as a v1.
        if (type != null && !EventTypes.OPERATOR_ACTION.equals(type)) {
            throw new InvalidActionException("CloudEvents type '" + type + "' is not " + EventTypes.OPERATOR_ACTION);
        }
        String payload = message.getPayload();
        if (payload == null || payload.isBlank()) {
            throw new InvalidActionException("empty message");
        }
        try {
            OperatorAction action = mapper.readValue(payload, OperatorAction.class);
            if (action == null) {
                throw new InvalidActionException("an operator action must be a JSON object, not null");
            }
            return action;
        } catch (ValueInstantiationException e) {
            // the record's own invariant, e.g. "targetId is required and must not be blank"
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new InvalidActionException(
                    cause.getMessage() != null
                            ? cause.getMessage()
                            : "not a valid operator action (" + cause.getClass().getSimpleName() + ")");
        } catch (MismatchedInputException e) {
            throw new InvalidActionException(e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InvalidActionException("not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A message of {@code apiguard.audit} that is not an operator action; its message is the dead-letter reason. */
    static final class InvalidActionException extends Consumers.InvalidMessageException {
        InvalidActionException(String reason) {
            super(reason);
        }
    }
}
