package io.apiguard.bench.firewall;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends corpus requests to one firewall and keeps each one's status. Vert.x's HTTP client writes the method, the
 * request target and the headers as given, so an attack's raw URI reaches the firewall as the CRS test wrote it (the
 * JDK client would refuse it as an invalid {@link java.net.URI}). A bounded number of requests are in flight at once.
 *
 * <p>Threading: {@link #send} blocks its caller until every answer or failure is in; the client's callbacks run on
 * its event loop.
 */
final class CorpusSender implements AutoCloseable {

    /** No answer: the connection failed or closed before a response. */
    static final int NO_ANSWER = -1;
    /** Not sent: the client refused the request as given. */
    static final int NOT_SENT = -2;

    private static final int IN_FLIGHT = 16;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient client;
    private final String host;
    private final int port;

    CorpusSender(String host, int port) {
        this.host = host;
        this.port = port;
        this.client = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
    }

    /** The status of each request, by id; {@link #NO_ANSWER} or {@link #NOT_SENT} when there was none. */
    Map<String, Integer> send(List<CorpusRequest> requests) throws InterruptedException {
        Map<String, Integer> statuses = new ConcurrentHashMap<>();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        CountDownLatch done = new CountDownLatch(requests.size());
        for (CorpusRequest request : requests) {
            slots.acquire();
            Future<HttpClientResponse> response;
            try {
                response = send(request);
            } catch (RuntimeException refused) {
                response = Future.failedFuture(new NotSentException(refused));
            }
            response.onComplete(result -> {
                statuses.put(
                        request.id(),
                        result.succeeded()
                                ? result.result().statusCode()
                                : result.cause() instanceof NotSentException ? NOT_SENT : NO_ANSWER);
                slots.release();
                done.countDown();
            });
        }
        if (!done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("answers still missing after 10 minutes");
        }
        return statuses;
    }

    private Future<HttpClientResponse> send(CorpusRequest request) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.valueOf(request.method()))
                .setHost(host)
                .setPort(port)
                .setURI(request.uri())
                .setTimeout(10_000);
        request.headers().forEach(options::addHeader);
        return client.request(options).compose(outgoing -> {
            Future<HttpClientResponse> answer =
                    request.body().isEmpty() ? outgoing.send() : outgoing.send(Buffer.buffer(request.body()));
            // the body is read (and dropped) so the connection goes back to the pool
            return answer.compose(response -> response.body().map(body -> response));
        });
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The client refused a request before sending it. */
    private static final class NotSentException extends RuntimeException {
        NotSentException(RuntimeException cause) {
            super(cause);
        }
    }
}
