package io.apiguard.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoApiTest {

    /** Calls on one kept-alive connection. */
    private static final int CALLS = 200;
    /** Nagle against delayed ACK costs about 40 ms a call; a loopback call without it well under a millisecond. */
    private static final double MAX_MILLIS_PER_CALL = 10;

    private static DemoApi api;
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @BeforeAll
    static void start() throws IOException {
        api = DemoApi.start(0);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void callsOnOneKeptAliveConnectionAreNotHeldBackByDelayedAcks() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // Given: a warm connection
            for (int id = 1; id <= 20; id++) {
                assertThat(call(out, in, "/accounts/" + id)).contains("\"id\":" + id);
            }

            // When
            long started = System.nanoTime();
            for (int call = 1; call <= CALLS; call++) {
                String body = call(out, in, "/accounts/" + call + (call % 2 == 0 ? "/statements" : ""));
                assertThat(body).contains(call % 2 == 0 ? "\"account\":" + call : "\"id\":" + call);
            }
            double millisPerCall = (System.nanoTime() - started) / 1e6 / CALLS;

            // Then: every call on the same socket, none waiting for an ACK
            assertThat(millisPerCall).as("ms per kept-alive call").isLessThan(MAX_MILLIS_PER_CALL);
        }
    }

    @Test
    void servesAccountsAndTheirStatements() throws Exception {
        assertThat(get("/accounts/42")).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.body()).isEqualTo("{\"id\":42,\"owner\":\"customer-42\",\"balance\":\"3822.42\"}");
        });
        assertThat(get("/accounts/5000/statements").body()).startsWith("{\"account\":5000,\"statements\":[");
        assertThat(get("/health").body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void anythingElseIsA404NeverAnError() throws Exception {
        assertThat(get("/accounts/0").statusCode()).isEqualTo(404);
        assertThat(get("/accounts/5001").body()).contains("No such account");
        // too long to be an account, and a number that would overflow a long
        assertThat(get("/accounts/99999999999999999999999").statusCode()).isEqualTo(404);
        assertThat(get("/accounts/abc").statusCode()).isEqualTo(404);
        assertThat(get("/accounts/1/statements/2").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(uri("/accounts/1"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
    }

    @Test
    void booksATransferWithWhateverItsBodyCarriesWhichIsWhatTheSidecarIsFor() throws Exception {
        // When: a transfer that also sets a field no client should set
        HttpResponse<String> booked =
                post("/accounts/7/transfers", "{\"to\":9,\"amount\":\"10.00\",\"approved\":true}");

        // Then
        assertThat(booked.statusCode()).isEqualTo(201);
        assertThat(booked.body())
                .contains(
                        "\"from\":7", "\"to\":9", "\"amount\":\"10.00\"", "\"approved\":true", "\"status\":\"booked\"");
    }

    @Test
    void aTransferThatIsNoJsonObjectIsA400AndATransferTooLargeA413() throws Exception {
        assertThat(post("/accounts/7/transfers", "not json").statusCode()).isEqualTo(400);
        assertThat(post("/accounts/7/transfers", "[1,2]").statusCode()).isEqualTo(400);
        assertThat(post("/accounts/7/transfers", "{\"reference\":\"" + "x".repeat(5_000) + "\"}")
                        .statusCode())
                .isEqualTo(413);
        assertThat(post("/accounts/5001/transfers", "{}").statusCode()).isEqualTo(404);
        assertThat(get("/accounts/7/transfers").statusCode()).isEqualTo(404);
    }

    @Test
    void aTakenPortIsAnIoExceptionSayingSo() {
        assertThatThrownBy(() -> DemoApi.start(api.port()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in use");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + api.port() + path);
    }

    /** One HTTP/1.1 request on the open socket; the response's body, read by its Content-Length. */
    private static String call(OutputStream out, InputStream in, String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        assertThat(head).startsWith("HTTP/1.1 200");
        int length = head.lines()
                .map(line -> line.toLowerCase(Locale.ROOT))
                .filter(line -> line.startsWith("content-length:"))
                .map(line -> Integer.parseInt(
                        line.substring("content-length:".length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed after " + head.size() + " bytes");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
