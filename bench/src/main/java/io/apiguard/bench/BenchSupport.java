package io.apiguard.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.apiguard.testing.oidc.LocalIssuer;

/** What the end-to-end benchmarks share: command-line options, free ports, waiting for an app to be ready. */
public final class BenchSupport {

    private BenchSupport() {}

    /** The value after {@code name} on the command line, or {@code fallback}. */
    public static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** The integer after {@code name} on the command line, or {@code fallback}. */
    public static int intOption(String[] args, String name, int fallback) {
        return Integer.parseInt(option(args, name, String.valueOf(fallback)));
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The flags that put an app of a benchmark behind the same front door as in production: its management interface
     * (health, metrics) on {@code managementPort}, the operators' and the cluster's issuers of the local
     * {@code issuer}, and a token file that makes it present itself as {@code self}.
     */
    public static List<String> frontDoorFlags(LocalIssuer issuer, LocalIssuer.Workload self, int managementPort)
            throws IOException {
        Path token = Files.createTempFile("apiguard-bench-token", ".jwt");
        token.toFile().deleteOnExit();
        Files.writeString(token, issuer.cluster().workloadToken(self, Duration.ofHours(4)));
        return Stream.concat(
                        Stream.of("-Dquarkus.management.port=" + managementPort),
                        issuer.appProperties(token).entrySet().stream()
                                .map(entry -> "-D" + entry.getKey() + "=" + entry.getValue()))
                .toList();
    }

    /**
     * Waits until the app whose management interface is on {@code port} answers its readiness check.
     *
     * @return {@link System#nanoTime()} when it did
     * @throws IllegalStateException when the process exits or the timeout passes, naming its log
     */
    public static long awaitReady(int port, Process process, Path log, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return System.nanoTime();
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited; its log: " + log);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not ready within " + timeout + "; its log: " + log);
    }
}
