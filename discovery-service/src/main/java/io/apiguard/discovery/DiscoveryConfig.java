package io.apiguard.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of discovery-service ({@code apiguard.discovery.*}). */
@ConfigMapping(prefix = "apiguard.discovery")
public interface DiscoveryConfig {

    /** Where declarations come from: {@code cluster}, {@code offline} (manifest files), or {@code auto} (cluster when reachable). */
    @WithDefault("auto")
    SourceKind source();

    /** Namespaces to watch; empty watches all (needs cluster-wide list/watch on ingresses and services). */
    Optional<List<String>> namespaces();

    /** Only Ingresses with these labels, e.g. {@code apiguard.io/watch=true}; empty watches all. */
    Optional<String> labelSelector();

    /** Ingress classes that serve internal traffic only; their APIs count as internal, not external. */
    Optional<Set<String>> internalIngressClasses();

    /** How long to wait for the cluster when {@code source=auto} decides between cluster and offline. */
    @WithDefault("5s")
    Duration clusterProbeTimeout();

    /** How often the informers re-list from their cache (a safety net against missed events). */
    @WithDefault("10m")
    Duration informerResync();

    /** Files and folders of Ingress manifests read when the source is offline (multi-document YAML, kind List). */
    Optional<List<String>> offlinePaths();

    /** A declared API with no call for this long becomes a zombie. */
    @WithDefault("7d")
    Duration zombieAfter();

    /** How often to look for zombies. */
    @WithDefault("1m")
    Duration zombieSweepInterval();

    /** How often call counters are written to the table; announcements (new operation, new shadow) are immediate. */
    @WithDefault("5s")
    Duration flushInterval();

    /** Learned operations (method + path template) kept per API. */
    @WithDefault("50")
    int maxOperationsPerApi();

    /** Traffic-only (shadow) APIs kept; beyond that, unmatched calls are counted but not inventoried. */
    @WithDefault("5000")
    int maxShadowApis();

    /**
     * Appended to the calls channel's consumer group, {@code discovery-service}. Replicas that share a group split the
     * calls between them, but every replica must see every call to stay a warm standby for the leader: with leader
     * election on, the chart gives each replica a group of its own ({@code -<pod name>}). Empty: one group.
     */
    Optional<String> callsGroupSuffix();

    /**
     * Where a calls consumer group with no committed offset starts: {@code earliest} (one replica: nothing produced
     * before its first start is missed) or {@code latest} (a replica's own group: a new pod must not replay the
     * topic, which the leader already counted).
     */
    @WithDefault("earliest")
    String callsStartAt();

    /** OpenAPI documents named by {@code apiguard.io/openapi} annotations. */
    Specs specs();

    /** Gateway API routes: HTTPRoutes and the Gateways they attach to ({@code apiguard.discovery.gateway-api.*}). */
    GatewayApi gatewayApi();

    /** Whether and how Gateway API routes are read. */
    interface GatewayApi {

        /**
         * Watch HTTPRoutes and Gateways ({@code gateway.networking.k8s.io/v1}). Unset (the default): when the cluster
         * serves that API group at start-up, so a cluster without the Gateway API CRDs starts as before. True watches
         * them without asking: on a cluster that does not serve them, the informers do not sync and the start fails,
         * saying so.
         */
        Optional<Boolean> enabled();

        /** Gateway classes that serve traffic from inside the cluster or a private network only. */
        Optional<Set<String>> internalClasses();
    }

    /** Where specs come from and how much of them is read ({@code apiguard.discovery.specs.*}). */
    interface Specs {

        /**
         * The label a ConfigMap needs for discovery to read it. Discovery watches only ConfigMaps with this label (one
         * informer per watched namespace), never every ConfigMap of the cluster: those hold other teams'
         * configuration, and caching them all would cost memory and widen what discovery can read. An annotation that
         * names an unlabelled ConfigMap is recorded as an error on the API.
         */
        @WithDefault("apiguard.io/openapi")
        String configMapLabel();

        /** Documents larger than this (UTF-8 bytes) are refused unread and recorded as an error on the API. */
        @WithDefault("2097152")
        int maxBytes();

        /** Operations read from one spec; the rest are left out of the inventory (the event stays small). */
        @WithDefault("200")
        int maxOperations();

        /**
         * URL prefixes an {@code apiguard.io/openapi} annotation may name a spec under, e.g.
         * {@code https://specs.example.com/}. Empty (the default): no URL is fetched, only ConfigMaps are read, so an
         * annotation cannot make discovery call anywhere an operator did not allow. Redirects are never followed.
         */
        Optional<List<String>> allowedUrls();

        /** How long one fetch of a spec URL may take, connection included. */
        @WithDefault("5s")
        Duration fetchTimeout();

        /** How long a fetched spec (or the error of a failed fetch) is kept before the next resync fetches it again. */
        @WithDefault("5m")
        Duration fetchRefresh();
    }

    /** Where declarations come from. */
    enum SourceKind {
        AUTO,
        CLUSTER,
        OFFLINE
    }
}
