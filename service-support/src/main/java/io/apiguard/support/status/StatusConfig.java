package io.apiguard.support.status;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How a service describes itself in its status document. */
@ConfigMapping(prefix = "apiguard.status")
public interface StatusConfig {

    /** The maturity level (1-5) whose evidence this service owns; 0 for apps that own none. */
    @WithDefault("0")
    int level();

    /** How long one evidence contributor may take before its entry reports a timeout instead of figures. */
    @WithDefault("2s")
    Duration contributorTimeout();
}
