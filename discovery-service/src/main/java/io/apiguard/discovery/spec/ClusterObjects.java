package io.apiguard.discovery.spec;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;

/** The Services and ConfigMaps a spec annotation may involve, from whatever knows them (informers, manifests). */
public interface ClusterObjects {

    /** Knows nothing: no annotated Service, no ConfigMap. */
    ClusterObjects NONE = new ClusterObjects() {
        @Override
        public Service service(String namespace, String name) {
            return null;
        }

        @Override
        public ConfigMap configMap(String namespace, String name) {
            return null;
        }
    };

    /** Service {@code namespace/name}, or null when unknown. */
    Service service(String namespace, String name);

    /** ConfigMap {@code namespace/name} (one discovery may read), or null when unknown. */
    ConfigMap configMap(String namespace, String name);
}
