package io.apiguard.testing.oidc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * An OpenID Connect issuer on the loopback interface with two realms: {@code operators} (people, roles in the
 * {@code groups} claim, as most providers can be configured to send) and {@code cluster} (Kubernetes projected
 * service-account tokens, with the {@code kubernetes.io} claim a kubelet's token carries). Each realm has its own RSA key,
 * generated at start, and serves its discovery document and JWKS; nothing is kept on disk. Thread-safe.
 */
public final class LocalIssuer implements AutoCloseable {

    /** The audience of every token apiguard accepts. */
    public static final String AUDIENCE = "apiguard";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalIssuer shared;

    private final HttpServer server;
    private final Realm operators;
    private final Realm cluster;

    private LocalIssuer(HttpServer server) {
        this.server = server;
        int port = server.getAddress().getPort();
        this.operators = new Realm(operatorsIssuer(port), true);
        this.cluster = new Realm(clusterIssuer(port), true);
        server.createContext("/realms/operators/", exchange -> serve(exchange, operators));
        server.createContext("/realms/cluster/", exchange -> serve(exchange, cluster));
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "local-oidc-issuer");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    /** Starts an issuer on {@code 127.0.0.1:port} (0: a free port). */
    public static LocalIssuer start(int port) {
        try {
            return new LocalIssuer(HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16));
        } catch (IOException e) {
            throw new UncheckedIOException("the local OIDC issuer cannot listen on port " + port, e);
        }
    }

    /** The issuer every test of this JVM shares; started on first use, stopped with the JVM. */
    public static synchronized LocalIssuer shared() {
        if (shared == null) {
            shared = start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "local-oidc-issuer-stop"));
        }
        return shared;
    }

    /** The realm of people: operators, viewers, admins. */
    /** The operators' issuer URL of an issuer on {@code port}, known before it starts. */
    public static String operatorsIssuer(int port) {
        return "http://127.0.0.1:" + port + "/realms/operators";
    }

    /** The cluster's (workloads') issuer URL of an issuer on {@code port}, known before it starts. */
    public static String clusterIssuer(int port) {
        return "http://127.0.0.1:" + port + "/realms/cluster";
    }

    /**
     * The settings that put an app behind the same front door as in production: it verifies operators' tokens of
     * {@code operatorsIssuer} (audience {@link #AUDIENCE}) and workloads' tokens of {@code clusterIssuer}, and presents
     * the token in {@code tokenFile} to the apps it calls. In a stable order.
     */
    public static Map<String, String> appProperties(String operatorsIssuer, String clusterIssuer, Path tokenFile) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.oidc.auth-server-url", operatorsIssuer);
        properties.put("quarkus.oidc.token.audience", AUDIENCE);
        properties.put("quarkus.oidc.workload.auth-server-url", clusterIssuer);
        properties.put("apiguard.security.workloads.token-file", tokenFile.toString());
        return properties;
    }

    /** {@link #appProperties(String, String, Path)} for this issuer. */
    public Map<String, String> appProperties(Path tokenFile) {
        return appProperties(operators.issuer(), cluster.issuer(), tokenFile);
    }

    public Realm operators() {
        return operators;
    }

    /** The realm of workloads: the cluster's service-account token issuer. */
    public Realm cluster() {
        return cluster;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static void serve(HttpExchange exchange, Realm realm) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Object body;
        if (path.endsWith("/.well-known/openid-configuration")) {
            body = realm.discovery();
        } else if (path.endsWith("/jwks")) {
            body = realm.jwks();
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes =
                body instanceof String text ? text.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * One issuer URL and its signing key.
     */
    public static final class Realm {

        private final String issuer;
        private final KeyPair keys;
        private final String keyId = UUID.randomUUID().toString();
        private final boolean published;

        private Realm(String issuer, boolean published) {
            this.issuer = issuer;
            this.published = published;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                this.keys = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("RSA is required of every JVM", e);
            }
        }

        /** The {@code iss} of this realm's tokens and the base of its discovery document. */
        public String issuer() {
            return issuer;
        }

        /**
         * A realm that claims this realm's issuer but signs with a key nobody published: what a forger has.
         */
        public Realm forger() {
            return new Realm(issuer, false);
        }

        /** An operator's access token for {@code subject} with the provider roles {@code roles}, valid for {@code ttl}. */
        public String operatorToken(String subject, Duration ttl, String... roles) {
            return sign(claims(subject, ttl).groups(Set.of(roles)).claim("preferred_username", subject));
        }

        /** A projected service-account token of {@code workload} (audience {@code apiguard}), valid for {@code ttl}. */
        public String workloadToken(Workload workload, Duration ttl) {
            Map<String, Object> kubernetes = new LinkedHashMap<>();
            kubernetes.put("namespace", workload.namespace());
            kubernetes.put(
                    "serviceaccount", Map.of("name", workload.serviceAccount(), "uid", uid(workload.serviceAccount())));
            if (workload.pod() != null) {
                kubernetes.put("pod", Map.of("name", workload.pod(), "uid", workload.podUid()));
            }
            return sign(claims("system:serviceaccount:" + workload.namespace() + ":" + workload.serviceAccount(), ttl)
                    .claim("kubernetes.io", kubernetes));
        }

        /** Claims with this realm's issuer, the apiguard audience, {@code subject} and a lifetime of {@code ttl}. */
        public JwtClaimsBuilder claims(String subject, Duration ttl) {
            Instant now = Instant.now();
            return Jwt.claims()
                    .issuer(issuer)
                    .audience(AUDIENCE)
                    .subject(subject)
                    .issuedAt(now)
                    .expiresAt(now.plus(ttl));
        }

        /** Signs {@code claims} with this realm's key (RS256, with its key id). */
        public String sign(JwtClaimsBuilder claims) {
            return claims.jws().keyId(keyId).sign(keys.getPrivate());
        }

        private Map<String, Object> discovery() {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("issuer", issuer);
            document.put("jwks_uri", issuer + "/jwks");
            document.put("response_types_supported", List.of("id_token"));
            document.put("subject_types_supported", List.of("public"));
            document.put("id_token_signing_alg_values_supported", List.of("RS256"));
            return document;
        }

        private String jwks() {
            if (!published) {
                return "{\"keys\":[]}";
            }
            RsaJsonWebKey key = new RsaJsonWebKey((RSAPublicKey) keys.getPublic());
            key.setKeyId(keyId);
            key.setAlgorithm("RS256");
            key.setUse("sig");
            return new JsonWebKeySet(key).toJson();
        }

        private static String uid(String name) {
            return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    /**
     * A pod as the cluster issuer names it.
     *
     * @param namespace      its namespace
     * @param serviceAccount its service account
     * @param pod            its name; null for a token not bound to a pod
     * @param podUid         its uid
     */
    public record Workload(String namespace, String serviceAccount, String pod, String podUid) {

        /** A pod-bound workload with a uid derived from its name. */
        public static Workload pod(String namespace, String serviceAccount, String pod) {
            return new Workload(
                    namespace,
                    serviceAccount,
                    pod,
                    UUID.nameUUIDFromBytes((namespace + "/" + pod).getBytes(StandardCharsets.UTF_8))
                            .toString());
        }
    }
}
