package io.apiguard.detection.detectors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.apiguard.detection.engine.Detector;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The non-learnt identifier detector as configured by {@code apiguard.detection.non-learnt-identifier.*}. */
@Singleton
public class NonLearntIdentifierDefinition extends ConfiguredDetector<NonLearntIdentifierDetector.Settings> {

    private static final Logger LOGGER = Logger.getLogger(NonLearntIdentifierDefinition.class);
    private static final int MIN_KEY = 16;

    /**
     * Settings of the non-learnt identifier detector. Its key is the one the sidecars fingerprint returned ids with
     * ({@code apiguard.sidecar.returned-objects.key}); the detector view never shows it.
     */
    @ConfigMapping(prefix = "apiguard.detection.non-learnt-identifier")
    public interface Config {
        /** Whether it runs (it judges nobody without {@link #key()}). */
        @WithDefault("true")
        boolean enabled();

        /**
         * The sidecars' object-id key (HMAC-SHA256, at least 16 characters), to fingerprint the ids of paths as they
         * fingerprint the ids responses return. Unset: the detector is inert.
         */
        Optional<String> key();

        /** Tumbling window per caller and endpoint in which ids never given are counted. */
        @WithDefault("10m")
        Duration window();

        /** Distinct ids never given to the caller, in a window, that raise a detection. */
        @WithDefault("10")
        int minNeverGiven();

        /** And the share of the window's distinct ids they must be (0-1). */
        @WithDefault("0.5")
        double minNeverGivenShare();

        /** The learned share of ids callers were given first at which an endpoint is judged (0-1). */
        @WithDefault("0.8")
        double minGivenShare();

        /** Callers' windows an endpoint must have learned from before it is judged. */
        @WithDefault("10")
        int minLearnedWindows();

        /** EWMA weight of a new window in the endpoint's learned share. */
        @WithDefault("0.1")
        double alpha();

        /** How long an id a response returned counts as given to its caller (between one and two of these). */
        @WithDefault("24h")
        Duration givenHorizon();

        /** Event time after a start or a rebalance before anyone is judged (what callers were given is not kept). */
        @WithDefault("1h")
        Duration warmUp();

        /** Ids remembered per caller and generation; a caller past it is not judged. */
        @WithDefault("1024")
        int maxGivenPerCaller();

        /** Distinct ids counted per caller and endpoint per window. */
        @WithDefault("256")
        int maxUsedPerWindow();

        /** Callers kept per partition (and as many unverified credentials, apart). */
        @WithDefault("20000")
        int maxCallers();

        /** Endpoints (template and resource type) whose share is learned per partition. */
        @WithDefault("10000")
        int maxEndpoints();
    }

    private final byte[] key;

    NonLearntIdentifierDefinition(Config config) {
        super(
                "non-learnt-identifier",
                List.of(NonLearntIdentifierDetector.TYPE),
                List.of(NonLearntIdentifierDetector.OWASP),
                config.enabled(),
                settings(config));
        if (config.key().isPresent() && config.key().get().length() < MIN_KEY) {
            throw new IllegalArgumentException(
                    "apiguard.detection.non-learnt-identifier.key must be at least " + MIN_KEY + " characters");
        }
        if (config.enabled() && config.key().isEmpty()) {
            LOGGER.info("the non-learnt identifier detector judges nobody: "
                    + "apiguard.detection.non-learnt-identifier.key is not set");
        }
        this.key = config.key().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    static NonLearntIdentifierDetector.Settings settings(Config c) {
        return new NonLearntIdentifierDetector.Settings(
                c.window(),
                c.minNeverGiven(),
                c.minNeverGivenShare(),
                c.minGivenShare(),
                c.minLearnedWindows(),
                c.alpha(),
                c.givenHorizon(),
                c.warmUp(),
                c.maxGivenPerCaller(),
                c.maxUsedPerWindow(),
                c.maxCallers(),
                c.maxEndpoints());
    }

    @Override
    public Detector create() {
        return new NonLearntIdentifierDetector(settings, key);
    }
}
