package io.apiguard.sidecar.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that grew past the inspection bound while it was being read: the bytes already read, then the rest
 * of the request as it arrives, so the API receives the body exactly as sent. Starts paused (the request was paused
 * when the bound was passed); the first {@link #resume} (the pipe to the API starting) emits the prefix.
 *
 * <p>Threading: used on the request's event loop only, like the request it wraps.
 */
final class PrefixedReadStream implements ReadStream<Buffer> {

    private final Buffer prefix;
    private final ReadStream<Buffer> rest;
    private Handler<Buffer> handler;
    private boolean prefixSent;
    private boolean paused = true;

    PrefixedReadStream(Buffer prefix, ReadStream<Buffer> rest) {
        this.prefix = prefix;
        this.rest = rest;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        this.handler = handler;
        rest.handler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        rest.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        rest.endHandler(endHandler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        paused = true;
        rest.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        paused = false;
        if (!prefixSent && handler != null) {
            prefixSent = true;
            // the pipe may pause this stream while it writes the prefix (the API is slow): then the rest waits
            handler.handle(prefix);
        }
        if (!paused) {
            rest.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        return resume();
    }
}
