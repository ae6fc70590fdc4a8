package io.apiguard.discovery.spec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.hash.Hashing;

import io.apiguard.common.spec.OpenApiDocuments;
import io.apiguard.common.spec.SpecException;
import io.apiguard.common.spec.SpecFacts;
import io.apiguard.common.spec.SpecValidation;
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
 * unchanged documents again.
 *
 * <p>The object that names the spec may also say what the sidecar does with calls that break it
 * ({@link SpecValidation#ANNOTATION}: off, monitor, enforce). An unknown value is ignored (enforcement's default
 * applies) and logged once per value and object, never making the spec unreadable: a typo must not take an API's
 * contract away. Thread-safe.
 */
@ApplicationScoped
public class ApiSpecs {

    /** The annotation that names an API's OpenAPI document. */
    public static final String ANNOTATION = "apiguard.io/openapi";

    private static final Logger LOGGER = Logger.getLogger(ApiSpecs.class);

    private final OpenApiDocuments documents;
    private final DiscoveryConfig.Specs config;
    private final Cache<String, SpecLoad> parsed =
            Caffeine.newBuilder().maximumSize(256).build();

    private final SpecUrls urls;
    /** The unknown validation value last logged per object ({@code kind namespace/name}), so each is logged once. */
    private final Cache<String, String> unknownValidations =
            Caffeine.newBuilder().maximumSize(1024).build();

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
            HasMetadata named = annotation(declaring) == null ? null : declaring;
            if (named == null && route.backend() != null && route.backend().service() != null) {
                HasMetadata service =
                        objects.service(route.namespace(), route.backend().service());
                named = annotation(service) == null ? null : service;
            }
            attached.add(
                    named == null
                            ? route
                            : route.withSpec(load(route.namespace(), annotation(named), objects)
                                    .withValidation(validation(named))));
        }
        return attached;
    }

    /**
     * The positive-model mode {@code object} asks for ({@link SpecValidation#ANNOTATION}, any case); null when it
     * asks for none or for one that does not exist (logged once per value).
     */
    SpecValidation validation(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(SpecValidation.ANNOTATION);
        String key = object.getKind() + " " + object.getMetadata().getNamespace() + "/"
                + object.getMetadata().getName();
        if (value == null || value.isBlank()) {
            unknownValidations.invalidate(key);
            return null;
        }
        String wire = value.trim().toLowerCase(Locale.ROOT);
        for (SpecValidation mode : SpecValidation.values()) {
            if (mode.wire().equals(wire)) {
                unknownValidations.invalidate(key);
                return mode;
            }
        }
        if (!value.equals(unknownValidations.getIfPresent(key))) {
            unknownValidations.put(key, value);
            LOGGER.warnf(
                    "%s: %s must be off, monitor or enforce, not '%s'; ignored, enforcement's default applies",
                    key, SpecValidation.ANNOTATION, oneLine(value));
        }
        return null;
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
            facts.operations().stream()
                    .filter(operation -> operation.requestOmitted() != null)
                    .forEach(operation -> LOGGER.warnf(
                            "%s: %s %s has no request contract, the sidecar cannot check its calls against the spec: %s",
                            reference, operation.method(), operation.pathTemplate(), operation.requestOmitted()));
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

    private static String oneLine(String value) {
        String line = value.replaceAll("\\p{Cntrl}", " ");
        return line.length() > 100 ? line.substring(0, 100) + "..." : line;
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
