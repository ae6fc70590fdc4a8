package io.apiguard.devstack.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.rules.PemKeys;
import io.apiguard.common.rules.RuleSetJws;

/** The local run's identities: a live issuer, owner-only token files, a usable key pair. */
class LocalSecurityTest {

    @Test
    void writesEveryTokenAndAKeyPairAndServesTheIssuersKeys(@TempDir Path dir) throws Exception {
        // Given
        LocalSecurity.Settings settings = LocalSecurity.Settings.of(dir, 0);

        // When: a free port stands in for 8089
        try (LocalSecurity security = LocalSecurity.start(settings, 0, List.of("logging-service", "sidecar"))) {
            // Then: the people's tokens and one per app, readable by their owner only
            for (Path file : List.of(
                    settings.personToken("operator"),
                    settings.personToken("viewer"),
                    settings.personToken("admin"),
                    settings.workloadToken("logging-service"),
                    settings.workloadToken("sidecar"))) {
                assertThat(file).isRegularFile();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                        .isEqualTo("rw-------");
            }
            String operator = payload(security.personToken("operator"));
            assertThat(operator)
                    .contains("\"olivia.operator@apiguard.local\"")
                    .contains("\"operator\"")
                    .contains("\"aud\":\"apiguard\"");
            String sidecar =
                    payload(Files.readString(settings.workloadToken("sidecar")).strip());
            assertThat(sidecar).contains("system:serviceaccount:local:demo-api").contains("\"demo-api-0\"");

            // the shared account's API key, and the owners table that verifies it by its fingerprint only
            String key = security.sharedAccountKey();
            assertThat(Files.readString(settings.apiKeyOwners()))
                    .contains("\"fingerprint\":\"" + Fingerprints.of(key) + "\"")
                    .contains("\"subject\":\"FinTech_User_01\"")
                    .doesNotContain(key);

            // and a key pair whose halves belong together
            RuleSetJws.Signer signer =
                    new RuleSetJws.Signer(PemKeys.privateKey(settings.signingKey()), settings.keyId());
            RuleSetJws.Verifier verifier = new RuleSetJws.Verifier(Map.of(
                    settings.keyId(), PemKeys.publicKey(settings.publicKeys().resolve(settings.keyId() + ".pem"))));
            String jws = signer.sign(
                    "{\"version\":1}".getBytes(), 1, "local/demo-api-0", Instant.now(), Duration.ofMinutes(1));
            assertThat(verifier.verify(jws, "local/demo-api-0", Instant.now(), true)
                            .valid())
                    .isTrue();
        }
    }

    @Test
    void theIssuerServesDiscoveryAndKeysWhileItRuns(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        LocalSecurity.Settings settings = LocalSecurity.Settings.of(dir, port);
        try (LocalSecurity security = LocalSecurity.start(settings, port, List.of())) {
            HttpResponse<String> discovery = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(settings.clusterIssuer() + "/.well-known/openid-configuration"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(discovery.statusCode()).isEqualTo(200);
            assertThat(discovery.body()).contains("\"issuer\":\"" + settings.clusterIssuer() + "\"");
        }
    }

    private static String payload(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
