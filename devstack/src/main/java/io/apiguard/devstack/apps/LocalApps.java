package io.apiguard.devstack.apps;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.devstack.config.LocalPorts;
import io.apiguard.devstack.config.StackOptions;
import io.apiguard.devstack.security.LocalSecurity;
import io.apiguard.testing.postgres.PostgresEndpoint;

/** The six apps of the local run, each configured for this machine's broker and PostgreSQL server. */
public final class LocalApps {

    /**
     * Every app binds to the loopback interface: the local run's tokens are real, but its issuer's keys live only as
     * long as the run and its databases have no password; it is not a deployment.
     */
    static final String LOOPBACK = "127.0.0.1";

    /**
     * The local run's cluster: the demo's accounts API as its team declares it, an Ingress and a Service in
     * {@code k8s/examples}. Discovery reads this file alone when no cluster answers, so every API it knows is served
     * by the demo behind the sidecar.
     */
    public static final String DEMO_MANIFEST = "demo-accounts-api.yaml";
    /** The host the demo's Ingress declares, and the one the scenario calls the sidecar's proxy by. */
    public static final String DEMO_HOST = "localhost";
    /** The Service the demo's Ingress routes to, which the sidecar reports calls for and enforces on. */
    public static final String DEMO_SERVICE = "demo-api";

    private LocalApps() {}

    /** The database each service owns, named as in the services' prod configuration. */
    public static List<String> databases() {
        return List.of("discovery", "logging", "posture", "detection", "enforcement").stream()
                .map(LocalApps::databaseOf)
                .toList();
    }

    /**
     * The demo's identities: the scenario's people call through the shared account, which authenticates with its API
     * key (verified against the owners table, so it may name its end users in X-End-User); bearer tokens are verified
     * with the local issuer's keys.
     */
    static Map<String, String> demoIdentity(LocalSecurity.Settings security) {
        return Map.of(
                "apiguard.identity.shared-accounts",
                LocalSecurity.SHARED_ACCOUNT,
                "apiguard.identity.api-key-owners-file",
                security.apiKeyOwners().toString(),
                "apiguard.identity.jwt.jwks-url",
                security.callerJwks(),
                // the scenario's clients are behind a proxy on this machine that names them in X-Forwarded-For
                "apiguard.identity.trusted-proxies",
                "127.0.0.1");
    }

    /** Where the local run's tokens and keys are, and its issuer. */
    public static LocalSecurity.Settings security(StackOptions options) {
        return LocalSecurity.Settings.of(
                options.paths().localDir(), options.ports().issuer());
    }

    /** The demo's Ingress and Service: {@code k8s/examples/}{@value #DEMO_MANIFEST}. */
    public static Path demoManifest(StackOptions options) {
        return options.paths().examples().resolve(DEMO_MANIFEST);
    }

    public static List<AppSpec> of(StackOptions options, String bootstrapServers) {
        LocalPorts ports = options.ports();
        LocalSecurity.Settings security = security(options);
        // Discovery watches the cluster of the current kubeconfig when it answers; else it reads the demo's manifest.
        Map<String, String> discovery = Map.of(
                "apiguard.discovery.source",
                "auto",
                "apiguard.discovery.offline-paths",
                demoManifest(options).toString());
        return List.of(
                service(
                        options,
                        security,
                        "discovery-service",
                        "discovery",
                        ports.discovery(),
                        bootstrapServers,
                        discovery),
                service(
                        options,
                        security,
                        "logging-service",
                        "logging",
                        ports.logging(),
                        bootstrapServers,
                        demoIdentity(security)),
                service(
                        options,
                        security,
                        "posture-service",
                        "posture",
                        ports.posture(),
                        bootstrapServers,
                        statusClients(ports)),
                service(
                        options,
                        security,
                        "detection-service",
                        "detection",
                        ports.detection(),
                        bootstrapServers,
                        Map.of()),
                service(
                        options,
                        security,
                        "enforcement-service",
                        "enforcement",
                        ports.enforcement(),
                        bootstrapServers,
                        Map.of(
                                "apiguard.enforcement.signing.private-key-file",
                                security.signingKey().toString(),
                                "apiguard.enforcement.signing.key-id",
                                security.keyId(),
                                // the local run has no cluster to find sidecars in: they register themselves, and are
                                // pushed
                                // to at the address they call from, at the sidecar's admin port
                                "apiguard.enforcement.discovery.enabled",
                                "false",
                                "apiguard.enforcement.discovery.admin-port",
                                String.valueOf(ports.sidecarAdmin()),
                                // the demo shows blocking: rules made from detections enforce at once
                                "apiguard.enforcement.policy.mode",
                                "enforce",
                                // a first-time attacker has no baseline, which keeps the detection's confidence at ~0.7
                                "apiguard.enforcement.policy.min-confidence",
                                "0.6")),
                sidecar(options, security));
    }

    private static AppSpec service(
            StackOptions options,
            LocalSecurity.Settings security,
            String name,
            String shortName,
            int port,
            String bootstrapServers,
            Map<String, String> own) {
        PostgresEndpoint postgres = options.postgres();
        String database = databaseOf(shortName);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", LOOPBACK);
        properties.put("quarkus.http.port", String.valueOf(port));
        properties.put("quarkus.management.host", LOOPBACK);
        properties.put("quarkus.management.port", String.valueOf(LocalPorts.management(port)));
        properties.put("kafka.bootstrap.servers", bootstrapServers);
        properties.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(database));
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        properties.put("quarkus.datasource.username", postgres.user());
        properties.putAll(security.appProperties(name));
        properties.putAll(own);
        return new AppSpec(
                name,
                options.paths().quarkusRunJar(name),
                port,
                properties,
                Map.of("QUARKUS_DATASOURCE_PASSWORD", postgres.password()));
    }

    private static AppSpec sidecar(StackOptions options, LocalSecurity.Settings security) {
        LocalPorts ports = options.ports();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.http.host", LOOPBACK);
        properties.put("quarkus.http.port", String.valueOf(ports.sidecarAdmin()));
        properties.put("quarkus.management.host", LOOPBACK);
        properties.put("quarkus.management.port", String.valueOf(LocalPorts.management(ports.sidecarAdmin())));
        properties.putAll(security.appProperties("sidecar"));
        properties.put("apiguard.sidecar.proxy-host", LOOPBACK);
        properties.put("apiguard.sidecar.proxy-port", String.valueOf(ports.sidecarProxy()));
        // It fronts the demo API, as it would front the API container of its pod.
        properties.put("apiguard.sidecar.upstream", "http://127.0.0.1:" + ports.demoApi());
        properties.put("quarkus.rest-client.logging.url", "http://127.0.0.1:" + ports.logging());
        properties.put("apiguard.sidecar.capture.service", DEMO_SERVICE);
        // The pod its token is bound to: logging-service believes a sidecar's word on the caller only for calls to
        // its own pod.
        properties.put("apiguard.sidecar.capture.namespace", LocalSecurity.SIDECAR.namespace());
        properties.put("apiguard.sidecar.capture.pod", LocalSecurity.SIDECAR.pod());
        properties.putAll(demoIdentity(security));
        properties.put("quarkus.rest-client.enforcement.url", "http://127.0.0.1:" + ports.enforcement());
        properties.put(
                "apiguard.sidecar.enforcement.verification-keys-dir",
                security.publicKeys().toString());
        // pushes are accepted from enforcement-service's account only
        properties.put(
                "apiguard.security.workloads.rule-publishers",
                LocalSecurity.Settings.serviceAccountOf("enforcement-service"));
        properties.put("apiguard.sidecar.enforcement.namespace", LocalSecurity.SIDECAR.namespace());
        properties.put("apiguard.sidecar.enforcement.pod", LocalSecurity.SIDECAR.pod());
        properties.put("apiguard.sidecar.enforcement.service", DEMO_SERVICE);
        properties.put("apiguard.sidecar.enforcement.pull-interval", "5s");
        return new AppSpec(
                "sidecar", options.paths().quarkusRunJar("sidecar"), ports.sidecarAdmin(), properties, Map.of());
    }

    /** Where posture reads every other service's status: the ports of this run, not the defaults of its config. */
    static Map<String, String> statusClients(LocalPorts ports) {
        return Map.of(
                "quarkus.rest-client.discovery.url", "http://" + LOOPBACK + ":" + ports.discovery(),
                "quarkus.rest-client.logging.url", "http://" + LOOPBACK + ":" + ports.logging(),
                "quarkus.rest-client.detection.url", "http://" + LOOPBACK + ":" + ports.detection(),
                "quarkus.rest-client.enforcement.url", "http://" + LOOPBACK + ":" + ports.enforcement());
    }

    static String databaseOf(String shortName) {
        return "apiguard_" + shortName;
    }
}
