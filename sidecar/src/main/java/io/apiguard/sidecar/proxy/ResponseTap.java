package io.apiguard.sidecar.proxy;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A response body on its way to the client, of which the first {@code limit} bytes (none when 0) are copied as they
 * pass, for the data-class search once the call ends; it also tells a failure of the API's side from the client's. Nothing is held back: every chunk goes on to the client as it arrives, and
 * the copy is a copy (the chunk the client is sent is not shared with it).
 *
 * <p>Threading: used on the call's event loop only; {@link #copied} is read there too, when the call is recorded.
 */
final class ResponseTap implements ReadStream<Buffer> {

    private final ReadStream<Buffer> body;
    private final int limit;
    private Buffer copy;
    private boolean apiFailed;

    ResponseTap(ReadStream<Buffer> body, int limit) {
        this.body = body;
        this.limit = limit;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            body.handler(null);
        } else {
            body.handler(chunk -> {
                keep(chunk);
                handler.handle(chunk);
            });
        }
        return this;
    }

    private void keep(Buffer chunk) {
        int room = limit - (copy == null ? 0 : copy.length());
        if (room <= 0) {
            return;
        }
        if (copy == null) {
            copy = Buffer.buffer(Math.min(limit, Math.max(chunk.length(), 256)));
        }
        copy.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
    }

    /** The bytes copied so far (at most the limit); empty when none passed. */
    byte[] copied() {
        return copy == null ? new byte[0] : copy.getBytes();
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        if (handler == null) {
            body.exceptionHandler(null);
        } else {
            body.exceptionHandler(failure -> {
                apiFailed = true;
                handler.handle(failure);
            });
        }
        return this;
    }

    /** True when the API's side failed (its connection broke mid-body), as opposed to the client's. */
    boolean apiFailed() {
        return apiFailed;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        body.endHandler(endHandler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        body.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        body.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        body.fetch(amount);
        return this;
    }
}
