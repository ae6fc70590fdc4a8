package io.apiguard.sidecar.inspection;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the proxy reads of a call beyond the URI for the firewall to inspect, and how much of it. */
@ConfigMapping(prefix = "apiguard.sidecar.inspection")
public interface InspectionConfig {

    /**
     * Whether the proxy reads request headers and bodies for the rules, and responses for data classes. Off, the rules
     * see the URI only, nothing is buffered or copied, and the record carries no {@code inspection}.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * The largest request body buffered for inspection, in bytes. A larger one (by its {@code Content-Length}, or
     * once a chunked body grows past it) streams through to the API untouched, uninspected, and is counted.
     */
    @WithDefault("65536")
    int maxBodyBytes();

    /**
     * Whether response bodies are searched for sensitive data classes (card numbers, ...) for the call record (with
     * inspection on and calls recorded).
     */
    @WithDefault("true")
    boolean inspectResponses();

    /**
     * How many bytes of a response body are copied, as they pass, for the data-class search; the response itself is
     * never held back. A longer one is searched in its first this many bytes.
     */
    @WithDefault("65536")
    int maxResponseBytes();
}
