package io.apiguard.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.apiguard.support.messaging.Consumers.InvalidMessageException;
import io.apiguard.support.messaging.Consumers.OnFailure;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

class ConsumersTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A message that remembers whether it was acked, or nacked and why. */
    private static final class Tracked<T> {
        final CompletableFuture<Throwable> nacked = new CompletableFuture<>();
        final CompletableFuture<Void> acked = new CompletableFuture<>();
        final Message<T> message;

        Tracked(T payload) {
            this.message = Message.of(
                    payload,
                    () -> {
                        acked.complete(null);
                        return CompletableFuture.completedFuture(null);
                    },
                    failure -> {
                        nacked.complete(failure);
                        return CompletableFuture.completedFuture(null);
                    });
        }

        boolean settled() {
            return acked.isDone() || nacked.isDone();
        }
    }

    record Event(String id) {}

    @Test
    void aMessageWithoutPayloadIsNackedNamingTheTypeAndNeverReachesTheHandler() throws Exception {
        // Given
        Tracked<Event> tracked = new Tracked<>(null);
        List<Event> handled = new ArrayList<>();

        // When
        await(Consumers.ackAfter(tracked.message, Event.class, OnFailure.NACK, event -> {
            handled.add(event);
            return Uni.createFrom().voidItem();
        }));

        // Then
        assertThat(handled).isEmpty();
        assertThat(tracked.acked).isNotDone();
        assertThat(tracked.nacked.get(5, TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a valid Event");
    }

    @Test
    void aHandledMessageIsAckedOnceItsUniSucceeds() throws Exception {
        // Given
        Tracked<Event> tracked = new Tracked<>(new Event("e-1"));
        CompletableFuture<Void> store = new CompletableFuture<>();
        List<Event> handled = new ArrayList<>();

        // When: the handler has not finished yet
        CompletionStage<Void> done = Consumers.ackAfter(tracked.message, Event.class, OnFailure.NACK, event -> {
            handled.add(event);
            return Uni.createFrom().completionStage(store);
        });

        // Then: nothing is settled before it did, and it is acked after
        assertThat(handled).containsExactly(new Event("e-1"));
        assertThat(tracked.settled()).isFalse();
        store.complete(null);
        await(done);
        assertThat(tracked.acked).isDone();
        assertThat(tracked.nacked).isNotDone();
    }

    @Test
    void aFailedHandlerNacksWithItsFailureWhenTheConsumerDeadLetters() throws Exception {
        // Given
        Tracked<Event> tracked = new Tracked<>(new Event("e-2"));
        IllegalStateException boom = new IllegalStateException("database down");

        // When
        await(Consumers.ackAfter(
                tracked.message,
                Event.class,
                OnFailure.NACK,
                event -> Uni.createFrom().failure(boom)));

        // Then
        assertThat(tracked.acked).isNotDone();
        assertThat(tracked.nacked.get(5, TimeUnit.SECONDS)).isSameAs(boom);
    }

    @Test
    void aHandlerThatThrowsIsAFailureLikeAFailedUni() throws Exception {
        // Given
        Tracked<Event> tracked = new Tracked<>(new Event("e-3"));
        IllegalStateException boom = new IllegalStateException("detector bug");

        // When
        await(Consumers.ackAfter(tracked.message, Event.class, OnFailure.NACK, Consumers.running(event -> {
            throw boom;
        })));

        // Then
        assertThat(tracked.acked).isNotDone();
        assertThat(tracked.nacked.get(5, TimeUnit.SECONDS)).isSameAs(boom);
    }

    @Test
    void aSynchronousHandlerRunsBeforeTheAck() throws Exception {
        // Given
        Tracked<Event> tracked = new Tracked<>(new Event("e-4"));
        AtomicReference<Boolean> ackedWhenRun = new AtomicReference<>();

        // When
        await(Consumers.ackAfter(
                tracked.message,
                Event.class,
                OnFailure.NACK,
                Consumers.running(event -> ackedWhenRun.set(tracked.acked.isDone()))));

        // Then
        assertThat(ackedWhenRun.get()).isFalse();
        assertThat(tracked.acked).isDone();
    }

    @Test
    void aFailedHandlerFailsTheStageAndSettlesNothingWhenTheConsumerMustNotSkip() {
        // Given
        Tracked<Event> tracked = new Tracked<>(new Event("e-5"));
        IllegalStateException boom = new IllegalStateException("catalog bug");

        // When
        CompletionStage<Void> done = Consumers.ackAfter(
                tracked.message,
                Event.class,
                OnFailure.FAIL,
                event -> Uni.createFrom().failure(boom));

        // Then
        assertThatThrownBy(() -> done.toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(causeChain(e)).contains(boom));
        assertThat(tracked.settled()).isFalse();
    }

    @Test
    void withoutPayloadAConsumerThatMustNotSkipStillNacks() throws Exception {
        // Given: no payload means the record did not deserialize; waiting cannot make it valid
        Tracked<Event> tracked = new Tracked<>(null);

        // When
        await(Consumers.ackAfter(
                tracked.message,
                Event.class,
                OnFailure.FAIL,
                event -> Uni.createFrom().voidItem()));

        // Then
        assertThat(tracked.nacked.get(5, TimeUnit.SECONDS)).hasMessage("not a valid Event");
    }

    @Test
    void aTextThatDoesNotParseIsSeenByTheRefusalHookThenNackedWithTheReason() {
        // Given
        Tracked<String> tracked = new Tracked<>("not json");
        List<String> refusals = new ArrayList<>();
        List<Event> handled = new ArrayList<>();

        // When
        Consumers.parseThenAck(
                        tracked.message,
                        message -> {
                            throw new InvalidMessageException("not valid JSON");
                        },
                        refused -> refusals.add(refused.getMessage()),
                        OnFailure.FAIL,
                        (Event event) -> {
                            handled.add(event);
                            return Uni.createFrom().voidItem();
                        })
                .await()
                .atMost(WAIT);

        // Then
        assertThat(refusals).containsExactly("not valid JSON");
        assertThat(handled).isEmpty();
        assertThat(tracked.acked).isNotDone();
        assertThat(tracked.nacked.join())
                .isInstanceOf(InvalidMessageException.class)
                .hasMessage("not valid JSON");
    }

    @Test
    void aParsedTextIsHandledThenAcked() {
        // Given
        Tracked<String> tracked = new Tracked<>("e-6");
        List<Event> handled = new ArrayList<>();

        // When
        Consumers.parseThenAck(
                        tracked.message,
                        message -> new Event(message.getPayload()),
                        refused -> {
                            throw new AssertionError("refused " + refused.getMessage());
                        },
                        OnFailure.FAIL,
                        event -> {
                            handled.add(event);
                            return Uni.createFrom().voidItem();
                        })
                .await()
                .atMost(WAIT);

        // Then
        assertThat(handled).containsExactly(new Event("e-6"));
        assertThat(tracked.acked).isDone();
        assertThat(tracked.nacked).isNotDone();
    }

    @Test
    void aParsedTextWhoseHandlingFailsFailsTheUniForARetryAndIsParsedAgainOnResubscription() {
        // Given: a handler that fails once, then succeeds
        Tracked<String> tracked = new Tracked<>("e-7");
        List<String> parsed = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("database down");
        Uni<Void> consumed = Consumers.parseThenAck(
                tracked.message,
                message -> {
                    parsed.add(message.getPayload());
                    return new Event(message.getPayload());
                },
                refused -> {},
                OnFailure.FAIL,
                event -> parsed.size() == 1
                        ? Uni.createFrom().failure(boom)
                        : Uni.createFrom().voidItem());

        // When / Then: the first try fails and settles nothing
        assertThatThrownBy(() -> consumed.await().atMost(WAIT)).isSameAs(boom);
        assertThat(tracked.settled()).isFalse();

        // When / Then: a retry (a new subscription) parses again and acks
        consumed.await().atMost(WAIT);
        assertThat(parsed).containsExactly("e-7", "e-7");
        assertThat(tracked.acked).isDone();
    }

    @Test
    void aParsedTextWhoseHandlingFailsIsNackedWhenTheConsumerDeadLetters() {
        // Given
        Tracked<String> tracked = new Tracked<>("e-8");
        IllegalStateException boom = new IllegalStateException("refused downstream");

        // When
        Consumers.parseThenAck(
                        tracked.message,
                        message -> new Event(message.getPayload()),
                        refused -> {},
                        OnFailure.NACK,
                        event -> Uni.createFrom().failure(boom))
                .await()
                .atMost(WAIT);

        // Then
        assertThat(tracked.acked).isNotDone();
        assertThat(tracked.nacked.join()).isSameAs(boom);
    }

    @Test
    void aDeadLetterKeepsTheKeyAndSaysWhereTheRecordCameFromAndWhy() {
        // Given: a record as the connector hands it on
        ConsumerRecord<String, String> consumed = new ConsumerRecord<>("apiguard.calls", 3, 42L, "caller-1", "{bad");
        Message<String> record = Message.of("{bad").addMetadata(new IncomingKafkaRecordMetadata<>(consumed, "calls"));

        // When
        Message<String> letter = Consumers.deadLetter(record, "{bad", "not valid JSON");

        // Then
        assertThat(letter.getPayload()).isEqualTo("{bad");
        OutgoingKafkaRecordMetadata<?> metadata =
                letter.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isEqualTo("caller-1");
        assertThat(header(metadata, Consumers.DeadLetterHeaders.REASON)).isEqualTo("not valid JSON");
        assertThat(header(metadata, Consumers.DeadLetterHeaders.TOPIC)).isEqualTo("apiguard.calls");
        assertThat(header(metadata, Consumers.DeadLetterHeaders.PARTITION)).isEqualTo("3");
        assertThat(header(metadata, Consumers.DeadLetterHeaders.OFFSET)).isEqualTo("42");
    }

    @Test
    void aDeadLetterOfAMessageNotReadFromKafkaCarriesOnlyItsReason() {
        // When
        Message<byte[]> letter = Consumers.deadLetter(Message.of("x"), new byte[0], null);

        // Then
        OutgoingKafkaRecordMetadata<?> metadata =
                letter.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(metadata.getKey()).isNull();
        assertThat(metadata.getHeaders()).extracting(Header::key).containsExactly(Consumers.DeadLetterHeaders.REASON);
        assertThat(header(metadata, Consumers.DeadLetterHeaders.REASON)).isEmpty();
    }

    private static String header(OutgoingKafkaRecordMetadata<?> metadata, String name) {
        Header header = metadata.getHeaders().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void await(CompletionStage<Void> stage) throws Exception {
        stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static List<Throwable> causeChain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
