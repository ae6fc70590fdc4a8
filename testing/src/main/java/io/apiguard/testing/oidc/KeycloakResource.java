package io.apiguard.testing.oidc;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Keycloak (the {@code keycloak-quarkus-dist} from Maven Central, unpacked by the build into the directory named
 * by the system property {@code apiguard.keycloak.home}) in dev mode on a free loopback port, with the realm
 * {@code apiguard} imported: realm roles {@code apiguard-viewers} and {@code apiguard-operators}, the public client
 * {@code apiguard-cli} (password grant, audience {@code apiguard}), and the users {@code kim} (operator) and
 * {@code val} (viewer). It points the operators' tenant at that realm; tokens come from a real login
 * ({@link #login}). Started once per JVM, stopped with it.
 */
public class KeycloakResource implements QuarkusTestResourceLifecycleManager {

    /** The realm the test users live in. */
    public static final String REALM = "apiguard";

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static volatile String base;
    private static Process keycloak;

    @Override
    public Map<String, String> start() {
        String url = startOnce();
        return Map.of(
                "quarkus.oidc.auth-server-url",
                url + "/realms/" + REALM,
                "quarkus.oidc.token.audience",
                LocalIssuer.AUDIENCE);
    }

    @Override
    public void stop() {
        // Shared by the tests of this JVM; a shutdown hook stops it.
    }

    /** Logs {@code user} in with the password grant of {@code apiguard-cli}; the access token. */
    public static String login(String user, String password) {
        return given().formParams(Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        "apiguard-cli",
                        "username",
                        user,
                        "password",
                        password,
                        "scope",
                        "openid"))
                .post(base + "/realms/" + REALM + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    private static synchronized String startOnce() {
        if (base != null) {
            return base;
        }
        Path home = Path.of(System.getProperty("apiguard.keycloak.home", "target/keycloak"));
        Path script = home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(
                    "no Keycloak at " + home + " (the build unpacks keycloak-quarkus-dist there)");
        }
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            try (InputStream realm = KeycloakResource.class.getResourceAsStream("/keycloak/apiguard-realm.json")) {
                Files.copy(realm, imports.resolve("apiguard-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(
                            "bash",
                            script.toString(),
                            "start-dev",
                            "--import-realm",
                            "--http-host=127.0.0.1",
                            "--http-port=" + port,
                            "--hostname-strict=false")
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("keycloak.log").toFile());
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            // a small heap: it shares two cores and the test JVM's machine
            builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            keycloak = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> keycloak.destroy(), "keycloak-stop"));
            String url = "http://127.0.0.1:" + port;
            awaitRealm(url, home);
            base = url;
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak could not start", e);
        }
    }

    private static void awaitRealm(String url, Path home) {
        HttpClient http = HttpClient.newHttpClient();
        URI discovery = URI.create(url + "/realms/" + REALM + "/.well-known/openid-configuration");
        await().atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!keycloak.isAlive()) {
                        throw new IllegalStateException("Keycloak exited; its log: " + home.resolve("keycloak.log"));
                    }
                    return http.send(HttpRequest.newBuilder(discovery).build(), HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
