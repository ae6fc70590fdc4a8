package io.apiguard.testing.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test application at this JVM's shared {@link LocalIssuer}: the operators' tenant and the cluster's
 * workload tenant, and a token file that makes the app present itself as {@link Tokens#APP} to the apps it calls.
 * The apps verify these tokens exactly as they verify a real provider's: discovery, JWKS over HTTP, signature, issuer,
 * audience, lifetime.
 */
public class OidcIssuerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return LocalIssuer.shared().appProperties(appTokenFile());
    }

    @Override
    public void stop() {
        // Shared by every test application of this JVM; it stops with the JVM.
    }

    private static synchronized Path appTokenFile() {
        try {
            Path file = Files.createTempFile("apiguard-app-token", ".jwt");
            file.toFile().deleteOnExit();
            Files.writeString(file, Tokens.workload(Tokens.APP));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
