package io.apiguard.enforcement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.apiguard.common.spec.SpecValidation;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How enforcement-service signs and distributes rule sets (the policy has its own {@code PolicyConfig}). */
@ConfigMapping(prefix = "apiguard.enforcement")
public interface EnforcementConfig {

    /** How rule sets are signed: enforcement-service holds the only private key, sidecars its public key. */
    Signing signing();

    /**
     * Custom payload signatures rules may name, id to regular expression over path and query, e.g.
     * {@code apiguard.enforcement.signatures.admin-probe=(?i)/wp-admin}; the built-in ones need no entry.
     */
    Map<String, String> signatures();

    /** Distribution of rule sets to sidecars. */
    Distribution distribution();

    /** Sidecar discovery by pod label. */
    Discovery discovery();

    /** The sidecars' positive model: calls checked against their API's OpenAPI spec. */
    PositiveModel positiveModel();

    /** Positive-model settings. */
    interface PositiveModel {

        /**
         * What sidecars do with a call that breaks its API's spec when the Service or Ingress naming the spec does not
         * say ({@code apiguard.io/openapi-validation}): {@code off}, {@code monitor} (record and count the violation,
         * forward the call) or {@code enforce} (answer 400). An API without a readable spec is always off.
         */
        @WithDefault("monitor")
        SpecValidation defaultValidation();
    }

    /** Signing settings. */
    interface Signing {

        /**
         * The PKCS#8 PEM private key rule sets are signed with: EC P-256 (ES256) or Ed25519 (EdDSA), e.g. made with
         * {@code openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256}. Kept in a Secret in apiguard's own
         * namespace; sidecars get only the public key.
         */
        Path privateKeyFile();

        /** The key's id ({@code kid}): the name of its public key file ({@code <kid>.pem}) at every sidecar. */
        String keyId();

        /**
         * How long a signed rule set may be installed after it was signed: a push captured and replayed later than
         * this is refused even by the sidecar it was meant for. Every push and pull is signed afresh.
         */
        @WithDefault("10m")
        Duration validity();
    }

    /** Distribution settings. */
    interface Distribution {

        /**
         * How often sidecars whose acknowledged version is behind the current one are pushed to again, on top of the
         * push on every change and its retries.
         */
        @WithDefault("30s")
        Duration reconcileInterval();

        /** A sidecar not heard from (heartbeat or acknowledged push) for this long no longer counts as enforcing. */
        @WithDefault("60s")
        Duration staleAfter();

        /**
         * A registration not renewed by a heartbeat for this long is forgotten (a pod found by its label stays while
         * the pod runs).
         */
        @WithDefault("10m")
        Duration registrationTtl();
    }

    /** Discovery settings. */
    interface Discovery {

        /** Whether pods labelled {@link #labelSelector()} are watched (needs list/watch on pods). */
        @WithDefault("true")
        boolean enabled();

        /** The label that marks pods with a sidecar. */
        @WithDefault("apiguard.io/sidecar=enabled")
        String labelSelector();

        /**
         * The sidecar's admin port (where rule sets are pushed) when its pod does not name a container port
         * {@code apiguard-admin}, and for sidecars that register outside a watched cluster.
         */
        @WithDefault("8091")
        int adminPort();
    }
}
