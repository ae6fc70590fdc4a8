package io.apiguard.sidecar.enforcement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The positive model: each call of an API whose spec is checked (its route's {@code validation}: monitor or enforce,
 * set per API by the {@code apiguard.io/openapi-validation} annotation) is validated against its spec operation.
 */
@ConfigMapping(prefix = "apiguard.sidecar.positive-model")
public interface PositiveModelConfig {

    /**
     * Whether the sidecar checks calls against their API's spec at all. Off, every API is treated as {@code off}
     * whatever its rule set says. It also needs inspection ({@code apiguard.sidecar.inspection.enabled}), which reads
     * the headers and body it checks.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * Whether a write (POST, PUT, PATCH) is refused a property its body schema does not declare, anywhere in the JSON
     * body, even where the spec forgot {@code additionalProperties: false} (mass assignment, OWASP API3:2023). An
     * object schema that declares no properties, or says what others it allows, is left as it is.
     */
    @WithDefault("true")
    boolean strictWrites();

    /** The most spec violations recorded of one call (the first is what an enforcing sidecar answers with). */
    @WithDefault("8")
    int maxViolations();
}
