package io.apiguard.testing.http;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The status a call was answered with, for callers that only count answers: a failure to get one is a status too
 * ({@link #NO_ANSWER}), never an exception, so a loop of calls goes on through a refused connection or a timeout.
 */
public final class ResponseStatus {

    /** What {@link #of} returns when the call got no answer: refused, timed out, or interrupted. */
    public static final int NO_ANSWER = -1;

    private ResponseStatus() {}

    /**
     * Sends {@code request} with {@code http}, discarding the body; an interrupt is kept on the thread.
     *
     * @return the answer's status, or {@link #NO_ANSWER}
     */
    public static int of(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }
}
