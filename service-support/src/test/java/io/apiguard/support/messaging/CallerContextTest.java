package io.apiguard.support.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

class CallerContextTest {

    private final Vertx vertx = Vertx.vertx();
    // stands for the Kafka producer's thread, on which the broker's acknowledgement arrives
    private final ExecutorService producer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws Exception {
        producer.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anOutcomeArrivingOnAnotherThreadGoesOnFromTheContextThatAssembledIt() throws Exception {
        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Context> resumedOn = new CompletableFuture<>();

        caller.runOnContext(ignored -> acknowledgedOnTheProducer()
                .plug(CallerContext.resume())
                .subscribe()
                .with(acked -> resumedOn.complete(Vertx.currentContext()), resumedOn::completeExceptionally));

        assertThat(resumedOn.get(10, TimeUnit.SECONDS)).isSameAs(caller);
    }

    @Test
    void withoutItTheOutcomeStaysOnTheProducersThread() throws Exception {
        Context caller = vertx.getOrCreateContext();
        CompletableFuture<Boolean> onAContext = new CompletableFuture<>();

        caller.runOnContext(ignored -> acknowledgedOnTheProducer()
                .subscribe()
                .with(acked -> onAContext.complete(Vertx.currentContext() != null), onAContext::completeExceptionally));

        assertThat(onAContext.get(10, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void outsideVertxTheUniIsLeftAsItIs() {
        Uni<String> acked = Uni.createFrom().item("acked");

        assertThat(CallerContext.<String>resume().apply(acked)).isSameAs(acked);
    }

    private Uni<String> acknowledgedOnTheProducer() {
        return Uni.createFrom().emitter(emitter -> producer.execute(() -> emitter.complete("acked")));
    }
}
