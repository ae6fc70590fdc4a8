package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Singleton;

import io.apiguard.detection.engine.Detector;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The unusual object access detector as configured by {@code apiguard.detection.unusual-access.*}. */
@Singleton
public class UnusualAccessDefinition extends ConfiguredDetector<UnusualAccessDetector.Settings> {

    /**
     * Settings of the unusual-access detector. A person is judged once their baseline holds {@code min-baseline-calls}
     * calls in {@code min-baseline-periods} distinct {@code baseline-period}s, however long ago the first was.
     */
    @ConfigMapping(prefix = "apiguard.detection.unusual-access")
    public interface Config {
        /** Whether it runs. */
        @WithDefault("true")
        boolean enabled();

        /** Calls on objects a person's baseline must hold before the person is judged. */
        @WithDefault("50")
        int minBaselineCalls();

        /** Distinct periods those calls must fall in: a burst of calls in one hour is no baseline. */
        @WithDefault("6")
        int minBaselinePeriods();

        /** The length of such a period. */
        @WithDefault("1h")
        Duration baselinePeriod();

        /** Tumbling window in which objects outside the baseline and calls on never-used object types are counted. */
        @WithDefault("1h")
        Duration window();

        /** Objects outside a person's baseline in a window that raise a detection. */
        @WithDefault("10")
        int minNovelObjects();

        /** Calls on object types a person never used, in a window, that raise a detection. */
        @WithDefault("3")
        int minNovelTypeCalls();

        /** Tumbling horizon in which other people's records read by a person are counted (at least the window). */
        @WithDefault("24h")
        Duration foreignHorizon();

        /** Other people's records read by a person in the horizon that raise a detection. */
        @WithDefault("5")
        int minForeignObjects();

        /** Successful touches by one person that can make an object theirs. */
        @WithDefault("5")
        int ownerMinTouches();

        /** And the share of the object's touches that person must have made (0-1). */
        @WithDefault("0.7")
        double ownerShare();

        /** Objects learned per person; beyond, the person is judged on object types only. */
        @WithDefault("256")
        int maxLearnedObjects();

        /** Object types learned per person. */
        @WithDefault("64")
        int maxLearnedTypes();

        /** Objects whose main readers are kept per partition (least recently touched dropped beyond). */
        @WithDefault("100000")
        int maxOwnedObjects();

        /** People kept per partition (and as many addresses and unverified credentials, apart). */
        @WithDefault("50000")
        int maxSubjects();
    }

    UnusualAccessDefinition(Config config) {
        super(
                "unusual-access",
                List.of(UnusualAccessDetector.TYPE),
                List.of(UnusualAccessDetector.OWASP),
                config.enabled(),
                settings(config));
    }

    static UnusualAccessDetector.Settings settings(Config c) {
        return new UnusualAccessDetector.Settings(
                c.minBaselineCalls(),
                c.minBaselinePeriods(),
                c.baselinePeriod(),
                c.window(),
                c.minNovelObjects(),
                c.minNovelTypeCalls(),
                c.foreignHorizon(),
                c.minForeignObjects(),
                c.ownerMinTouches(),
                c.ownerShare(),
                c.maxLearnedObjects(),
                c.maxLearnedTypes(),
                c.maxOwnedObjects(),
                c.maxSubjects());
    }

    @Override
    public Detector create() {
        return new UnusualAccessDetector(settings);
    }
}
