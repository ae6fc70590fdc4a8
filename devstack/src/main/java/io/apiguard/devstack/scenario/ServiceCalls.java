package io.apiguard.devstack.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.testing.http.ResponseStatus;

/**
 * Calls the services' APIs on loopback with a bearer token and reads their JSON answers; every failure is an answer
 * with the reason (refused, not JSON, not reachable), never an exception. Thread-safe.
 */
final class ServiceCalls {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = io.apiguard.common.json.EventJson.mapper();

    /** What a service answered: its JSON body when it answered 2xx with JSON, else why not. */
    record Answer(int status, JsonNode body, String failure) {

        boolean ok() {
            return body != null;
        }
    }

    Answer get(int port, String path, String bearer) {
        return send("GET", port, path, bearer, null);
    }

    Answer post(int port, String path, String bearer, Object json) {
        try {
            return send("POST", port, path, bearer, mapper.writeValueAsString(json));
        } catch (IOException e) {
            return new Answer(-1, null, "the request cannot be written: " + e.getMessage());
        }
    }

    /** The status of a call without a token. */
    int anonymousStatus(int port, String path) {
        return call(HttpRequest.newBuilder(uri(port, path)).timeout(TIMEOUT).build());
    }

    /** A call through the sidecar's proxy: its status and body as text; status -1 and the reason when it failed. */
    Exchange exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Exchange(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Exchange(-1, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exchange(-1, "interrupted");
        }
    }

    /** What a call through the proxy was answered. */
    record Exchange(int status, String body) {}

    /** A call the way a client app makes it, through the sidecar's proxy; its status, or -1 when it failed. */
    int call(HttpRequest request) {
        return ResponseStatus.of(http, request);
    }

    private Answer send(String method, int port, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(port, path))
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/json")
                .timeout(TIMEOUT);
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                return new Answer(response.statusCode(), null, "HTTP " + response.statusCode());
            }
            return new Answer(response.statusCode(), mapper.readTree(response.body()), null);
        } catch (IOException e) {
            return new Answer(-1, null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, "interrupted");
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
