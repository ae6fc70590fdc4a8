package io.apiguard.discovery.offline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

import io.apiguard.discovery.gateway.Gateways;
import io.apiguard.discovery.spec.ClusterObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Reads Ingress and Gateway API HTTPRoute manifests from files and folders: multi-document YAML, JSON, and
 * {@code kind: List} as printed by {@code kubectl get ingress -A -o yaml}, with the Services, ConfigMaps and Gateways
 * beside them (a spec annotation may name a ConfigMap, a route attaches to its Gateways). A file that does not parse is reported with its path and the reason, and the other files are still read.
 * Objects of other kinds are skipped.
 */
public final class ManifestReader {

    private final KubernetesClient client;

    /** @param client used only to parse ({@code load}); it never contacts a cluster here */
    public ManifestReader(KubernetesClient client) {
        this.client = client;
    }

    /**
     * What was read: the Ingresses and HTTPRoutes, the Services, ConfigMaps and Gateways beside them (every one in the
     * files: the operator chose them, so no label is needed), the files read, and the problems of files that could not
     * be read.
     */
    public record Result(
            List<Ingress> ingresses,
            List<HTTPRoute> httpRoutes,
            List<Service> services,
            List<ConfigMap> configMaps,
            List<Gateway> gateways,
            List<Path> files,
            List<Problem> problems) {

        /** The Gateways read, by namespace and name. */
        public Gateways gatewayLookup() {
            return (namespace, name) -> find(gateways, namespace, name);
        }

        /** The Services and ConfigMaps read, by namespace and name. */
        public ClusterObjects objects() {
            return new ClusterObjects() {
                @Override
                public Service service(String namespace, String name) {
                    return find(services, namespace, name);
                }

                @Override
                public ConfigMap configMap(String namespace, String name) {
                    return find(configMaps, namespace, name);
                }
            };
        }

        private static <T extends HasMetadata> T find(List<T> objects, String namespace, String name) {
            return objects.stream()
                    .filter(object -> name.equals(object.getMetadata().getName())
                            && namespace.equals(Objects.requireNonNullElse(
                                    object.getMetadata().getNamespace(), "default")))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** A file that could not be read, and why. */
    public record Problem(Path file, String reason) {}

    /** Reads every {@code .yaml}, {@code .yml} and {@code .json} file under {@code paths} (folders recursively). */
    public Result read(List<Path> paths) {
        List<Ingress> ingresses = new ArrayList<>();
        List<HTTPRoute> httpRoutes = new ArrayList<>();
        List<Gateway> gateways = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<ConfigMap> configMaps = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                problems.add(new Problem(path, "no such file or folder"));
                continue;
            }
            for (Path file : manifestFiles(path, problems)) {
                files.add(file);
                try (InputStream in = Files.newInputStream(file)) {
                    for (HasMetadata item : client.load(in).items()) {
                        if (item instanceof Ingress ingress) {
                            if (ingress.getMetadata() == null
                                    || ingress.getMetadata().getName() == null) {
                                problems.add(new Problem(file, "an Ingress without metadata.name"));
                            } else {
                                ingresses.add(ingress);
                            }
                        } else if (item instanceof HTTPRoute route) {
                            if (route.getMetadata() == null
                                    || route.getMetadata().getName() == null) {
                                problems.add(new Problem(file, "an HTTPRoute without metadata.name"));
                            } else {
                                httpRoutes.add(route);
                            }
                        } else if (item instanceof Gateway gateway && gateway.getMetadata() != null) {
                            gateways.add(gateway);
                        } else if (item instanceof Service service && service.getMetadata() != null) {
                            services.add(service);
                        } else if (item instanceof ConfigMap configMap && configMap.getMetadata() != null) {
                            configMaps.add(configMap);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(new Problem(file, rootMessage(e)));
                }
            }
        }
        return new Result(ingresses, httpRoutes, services, configMaps, gateways, files, problems);
    }

    private static List<Path> manifestFiles(Path path, List<Problem> problems) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> {
                        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
                        return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(new Problem(path, rootMessage(e)));
            return List.of();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
