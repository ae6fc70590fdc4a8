package io.apiguard.devstack.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.oidc.LocalIssuer.Workload;
import io.apiguard.testing.rules.RuleSetKeys;

/**
 * The local run's front door, through the same code path as a cluster's: a local OIDC issuer (keys generated at
 * start) stands in for the operators' identity provider and for the cluster's service-account issuer. It writes the
 * people's tokens ({@code .local/tokens/operator}, {@code viewer}, {@code admin}) for curl and the scenario, one
 * projected-style token per app ({@code .local/tokens/workloads/<app>}), and a fresh rule-set key pair
 * ({@code .local/keys}).
 */
public final class LocalSecurity implements AutoCloseable {

    /** The namespace the local run's workloads claim to be in. */
    public static final String NAMESPACE = "local";
    /** The sidecar's pod, as its configuration and its token name it. */
    public static final Workload SIDECAR = Workload.pod(NAMESPACE, "demo-api", "demo-api-0");
    /** The people of the local run. */
    public static final String OPERATOR = "olivia.operator@apiguard.local";

    public static final String VIEWER = "victor.viewer@apiguard.local";
    public static final String ADMIN = "ada.admin@apiguard.local";

    private static final Duration PEOPLE_TTL = Duration.ofHours(12);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WORKLOAD_TTL = Duration.ofHours(24);

    private final Settings settings;
    private final LocalIssuer issuer;

    private LocalSecurity(Settings settings, LocalIssuer issuer) {
        this.settings = settings;
        this.issuer = issuer;
    }

    /**
     * Where everything is, derived from the paths and the issuer's port without touching anything.
     *
     * @param operatorsIssuer the operators' issuer URL
     * @param clusterIssuer   the workloads' issuer URL
     * @param tokens          the directory of the tokens
     * @param keys            the rule-set keys
     */
    public record Settings(String operatorsIssuer, String clusterIssuer, Path tokens, Path keys) {

        /** The settings of a local run rooted at {@code localDir} with the issuer on {@code issuerPort}. */
        public static Settings of(Path localDir, int issuerPort) {
            return new Settings(
                    LocalIssuer.operatorsIssuer(issuerPort),
                    LocalIssuer.clusterIssuer(issuerPort),
                    localDir.resolve("tokens"),
                    localDir.resolve("keys"));
        }

        /** The token file of a person ({@code operator}, {@code viewer}, {@code admin}). */
        public Path personToken(String role) {
            return tokens.resolve(role);
        }

        /** The token file an app presents to the others. */
        public Path workloadToken(String app) {
            return tokens.resolve("workloads").resolve(app);
        }

        /** The demo's shared account's API key: the partner backend's credential, which the scenario calls with. */
        public Path sharedAccountKey() {
            return tokens.resolve("fintech-api-key");
        }

        /** The API-key owners file logging-service and the sidecar verify API keys against. */
        public Path apiKeyOwners() {
            return tokens.getParent().resolve("identity").resolve("api-key-owners.json");
        }

        /** The JWKS the demo API's callers' tokens must be signed with: the local issuer's people. */
        public String callerJwks() {
            return operatorsIssuer + "/jwks";
        }

        /** enforcement-service's signing key. */
        public Path signingKey() {
            return keys.resolve("rule-set-signing.pem");
        }

        /** The sidecar's directory of trusted public keys. */
        public Path publicKeys() {
            return keys.resolve("public");
        }

        /** The signing key's id. */
        public String keyId() {
            return "local-1";
        }

        /** The workload identity of an app of the local run: {@code local/apiguard-<short name>}. */
        public static Workload workloadOf(String app) {
            if ("sidecar".equals(app)) {
                return SIDECAR;
            }
            String shortName = app.replace("-service", "");
            return Workload.pod(NAMESPACE, "apiguard-" + shortName, app + "-0");
        }

        /** Namespace/service-account of an app, as the security settings name it. */
        public static String serviceAccountOf(String app) {
            Workload workload = workloadOf(app);
            return workload.namespace() + "/" + workload.serviceAccount();
        }

        /** The properties that make {@code app} verify tokens of the local issuer and present its own token. */
        public Map<String, String> appProperties(String app) {
            Map<String, String> properties =
                    new LinkedHashMap<>(LocalIssuer.appProperties(operatorsIssuer, clusterIssuer, workloadToken(app)));
            // posture reads every app's status with its own token
            properties.put("apiguard.security.workloads.viewers", serviceAccountOf("posture-service"));
            return properties;
        }
    }

    /** Starts the issuer on {@code issuerPort}, writes every token and a fresh rule-set key pair. */
    public static LocalSecurity start(Settings settings, int issuerPort, Iterable<String> apps) throws IOException {
        LocalIssuer issuer = LocalIssuer.start(issuerPort);
        try {
            LocalSecurity security = new LocalSecurity(settings, issuer);
            security.writeTokens(apps);
            deleteRecursively(settings.keys());
            RuleSetKeys.generate(settings.keys(), settings.keyId());
            return security;
        } catch (IOException | RuntimeException e) {
            issuer.close();
            throw e;
        }
    }

    /** The shared account whose key the scenario's partner backend holds. */
    public static final String SHARED_ACCOUNT = "FinTech_User_01";

    private void writeTokens(Iterable<String> apps) throws IOException {
        // the partner backend's API key, verified against the owners table: the only way it may name its end users
        String key = "ak_" + UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", "");
        write(settings.sharedAccountKey(), key);
        Files.createDirectories(settings.apiKeyOwners().getParent());
        Files.writeString(
                settings.apiKeyOwners(),
                JSON.writeValueAsString(List.of(Map.of(
                        "fingerprint",
                        Fingerprints.of(key),
                        "subject",
                        SHARED_ACCOUNT,
                        "service",
                        true,
                        "organisation",
                        "fintech-partner",
                        "roles",
                        List.of()))));
        write(settings.personToken("operator"), issuer.operators().operatorToken(OPERATOR, PEOPLE_TTL, "operator"));
        write(settings.personToken("viewer"), issuer.operators().operatorToken(VIEWER, PEOPLE_TTL, "viewer"));
        write(settings.personToken("admin"), issuer.operators().operatorToken(ADMIN, PEOPLE_TTL, "admin"));
        for (String app : apps) {
            write(settings.workloadToken(app), issuer.cluster().workloadToken(Settings.workloadOf(app), WORKLOAD_TTL));
        }
    }

    /** The shared account's API key. */
    public String sharedAccountKey() throws IOException {
        return Files.readString(settings.sharedAccountKey()).strip();
    }

    /** The token of a person of the local run ({@code operator}, {@code viewer}, {@code admin}). */
    public String personToken(String role) throws IOException {
        return Files.readString(settings.personToken(role)).strip();
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public void close() {
        issuer.close();
    }

    /** Writes a token readable by its owner only: it is a credential. */
    private static void write(Path file, String token) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token + "\n");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
