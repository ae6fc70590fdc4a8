package io.apiguard.discovery.gateway;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;

/** The Gateways HTTPRoutes attach to, as the informers cache them. */
@FunctionalInterface
public interface Gateways {

    /** Knows no Gateway: a route's TLS and exposure are judged without its listeners. */
    Gateways NONE = (namespace, name) -> null;

    /** Gateway {@code namespace/name}; null when it is not known (not created yet, or not watched). */
    Gateway find(String namespace, String name);
}
