package io.apiguard.discovery.ingress;

import java.util.OptionalInt;

/** Resolves a Service's named port to its number, from whatever knows the cluster's Services. */
@FunctionalInterface
public interface ServicePorts {

    /** Knows no Service: named ports stay named. */
    ServicePorts NONE = (namespace, service, portName) -> OptionalInt.empty();

    /** The number of {@code portName} on Service {@code namespace/service}, if known. */
    OptionalInt resolve(String namespace, String service, String portName);
}
