package io.apiguard.sidecar.inspection;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which object ids a JSON response returned to its caller, for detection's non-learnt identifier check: whether they
 * are recorded, how many, and the key they are fingerprinted with.
 */
@ConfigMapping(prefix = "apiguard.sidecar.returned-objects")
public interface ReturnedObjectsConfig {

    /**
     * Whether successful JSON responses record the object ids they return (also needs {@link #key()}, and responses
     * inspected: {@code apiguard.sidecar.inspection.inspect-responses}).
     */
    @WithDefault("true")
    boolean enabled();

    /** The most ids one call records; a longer list is recorded in its first this many distinct ids. */
    @WithDefault("64")
    int maxPerCall();

    /** Field names that hold object ids besides {@code id}, {@code uuid}, {@code guid}, {@code *Id}, {@code *_id}. */
    Optional<List<String>> fields();

    /**
     * The key ids are fingerprinted with (HMAC-SHA256), the same in every sidecar and in detection
     * ({@code apiguard.detection.non-learnt-identifier.key}); at least 16 characters. Unset: no call records returned
     * ids (a plain hash of a numeric id is undone by counting).
     */
    Optional<String> key();
}
