package io.apiguard.discovery.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.hash.Hashing;

import io.apiguard.common.spec.OpenApiDocuments;
import io.apiguard.common.spec.SpecException;
import io.apiguard.common.spec.SpecFacts;
import io.apiguard.discovery.DiscoveryConfig;
import io.apiguard.discovery.ingress.DeclaredRoute;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * Finds and reads the spec of each declared route: the {@code apiguard.io/openapi: <configmap>/<key>} annotation of
 * its Ingress or HTTPRoute, else of the Service it routes to, names a ConfigMap key in the same namespace, or a URL under a prefix
 * the operator allows ({@link SpecUrls}). A spec that cannot be read (no such ConfigMap or key, not allowed or not
 * fetched, too large, not OpenAPI 3.0/3.1) is attached as an error, so the API still reaches the inventory and the
 * error shows on it. Parsed documents are cached by content, so a resync does not parse
 * unchanged documents again. Thread-safe.
 */
@ApplicationScoped
public class ApiSpecs {

    /** The annotation that names an API's OpenAPI document. */
    public static final String ANNOTATION = "apiguard.io/openapi";

    private final OpenApiDocuments documents;
    private final DiscoveryConfig.Specs config;
    private final Cache<String, SpecLoad> parsed =
            Caffeine.newBuilder().maximumSize(256).build();

    private final SpecUrls urls;

    ApiSpecs(DiscoveryConfig config, SpecUrls urls) {
        this.config = config.specs();
        this.urls = urls;
        this.documents = new OpenApiDocuments(this.config.maxBytes());
    }

    /**
     * {@code routes} of {@code declaring} (an Ingress or an HTTPRoute), each with the spec its annotations name
     * (unchanged when none is named).
     */
    public List<DeclaredRoute> attach(HasMetadata declaring, List<DeclaredRoute> routes, ClusterObjects objects) {
        List<DeclaredRoute> attached = new ArrayList<>(routes.size());
        for (DeclaredRoute route : routes) {
            String annotation = annotation(declaring);
            if (annotation == null && route.backend() != null && route.backend().service() != null) {
                annotation = annotation(
                        objects.service(route.namespace(), route.backend().service()));
            }
            attached.add(annotation == null ? route : route.withSpec(load(route.namespace(), annotation, objects)));
        }
        return attached;
    }

    SpecLoad load(String namespace, String annotation, ClusterObjects objects) {
        String value = annotation.trim();
        if (SpecUrls.isUrl(value)) {
            SpecUrls.Fetched fetched = urls.fetch(value);
            return fetched.error() != null ? SpecLoad.failed(value, fetched.error()) : parse(value, fetched.document());
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1 || value.indexOf('/', slash + 1) >= 0) {
            return SpecLoad.failed(
                    "annotation:" + namespace + "/" + value,
                    ANNOTATION + " must name <configmap>/<key> in the same namespace, not '" + value + "'");
        }
        String name = value.substring(0, slash);
        String key = value.substring(slash + 1);
        String reference = "configmap:" + namespace + "/" + name + "/" + key;
        ConfigMap configMap = objects.configMap(namespace, name);
        if (configMap == null) {
            return SpecLoad.failed(
                    reference,
                    "ConfigMap " + namespace + "/" + name + " not found (discovery reads only ConfigMaps labelled "
                            + config.configMapLabel() + ")");
        }
        String document = document(configMap, key);
        if (document == null) {
            return SpecLoad.failed(reference, "ConfigMap " + namespace + "/" + name + " has no key " + key);
        }
        return parse(reference, document);
    }

    private SpecLoad parse(String reference, String document) {
        String cacheKey = reference + "@" + Hashing.sha256().hashString(document, StandardCharsets.UTF_8);
        return parsed.get(cacheKey, ignored -> read(reference, document));
    }

    private SpecLoad read(String reference, String document) {
        try {
            SpecFacts facts = documents.read(document);
            if (facts.operations().size() > config.maxOperations()) {
                facts = new SpecFacts(
                        facts.openapi(),
                        facts.title(),
                        facts.version(),
                        facts.operations().subList(0, config.maxOperations()));
            }
            return SpecLoad.read(reference, facts, document);
        } catch (SpecException e) {
            return SpecLoad.failed(reference, e.getMessage());
        }
    }

    /** The text under {@code key} of the ConfigMap's {@code data} (a spec is text; {@code binaryData} is not read). */
    private static String document(ConfigMap configMap, String key) {
        Map<String, String> data = configMap.getData();
        return data == null ? null : data.get(key);
    }

    private static String annotation(HasMetadata object) {
        if (object == null
                || object.getMetadata() == null
                || object.getMetadata().getAnnotations() == null) {
            return null;
        }
        String value = object.getMetadata().getAnnotations().get(ANNOTATION);
        return value == null || value.isBlank() ? null : value;
    }
}
