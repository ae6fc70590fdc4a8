package io.apiguard.support.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;

/**
 * This app's own projected service-account token, presented to the other apiguard apps. It is read when the app
 * starts (before the OIDC tenants fetch their keys) and again on an interval, off the event loops (the kubelet rotates
 * the file well before the token expires), so a call only reads a field. Without a configured file the app sends no
 * token.
 */
@Startup
@ApplicationScoped
public class WorkloadToken {

    private static final Logger LOGGER = Logger.getLogger(WorkloadToken.class);

    private final Optional<Path> file;
    private final Optional<Path> issuerFile;
    private volatile String token;
    private volatile String issuerToken;

    WorkloadToken(SecurityConfig config) {
        this.file = config.workloads().tokenFile();
        this.issuerFile = config.workloads().issuerTokenFile();
    }

    @PostConstruct
    void readAtStart() {
        reload();
    }

    @Scheduled(
            every = "${apiguard.security.workloads.token-refresh:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reload() {
        token = read(file, token);
        issuerToken = read(issuerFile, issuerToken);
    }

    private static String read(Optional<Path> file, String last) {
        if (file.isEmpty()) {
            return null;
        }
        try {
            String read =
                    Files.readString(file.get(), StandardCharsets.US_ASCII).strip();
            return read.isEmpty() ? last : read;
        } catch (IOException e) {
            // keep the last token: it stays valid for a while after the kubelet should have rotated it
            LOGGER.warnf("Token file %s could not be read (%s); keeping the last token", file.get(), e.getMessage());
            return last;
        }
    }

    /** The {@code Authorization} header value, when this app has a token. */
    public Optional<String> authorization() {
        return bearer(token);
    }

    /** The {@code Authorization} header value for the cluster issuer's discovery and keys, when configured. */
    Optional<String> issuerAuthorization() {
        return bearer(issuerToken);
    }

    private static Optional<String> bearer(String value) {
        return value == null ? Optional.empty() : Optional.of("Bearer " + value);
    }
}
