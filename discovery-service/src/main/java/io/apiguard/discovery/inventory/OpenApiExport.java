package io.apiguard.discovery.inventory;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.paths.PathTemplates;

/**
 * An OpenAPI 3 document of what discovery found: one path per learned operation template (or per declared path when
 * nothing was called yet), grouped by host in {@code servers}, with the inventory id, state and source as
 * {@code x-apiguard-*} extensions.
 */
final class OpenApiExport {

    private OpenApiExport() {}

    static ObjectNode of(List<ApiEndpoint> endpoints, ObjectMapper mapper) {
        ObjectNode document = mapper.createObjectNode();
        document.put("openapi", "3.0.3");
        document.putObject("info").put("title", "APIs discovered by apiguard").put("version", "inventory");
        var servers = document.putArray("servers");
        endpoints.stream()
                .map(ApiEndpoint::host)
                .filter(host -> !host.equals("*"))
                .distinct()
                .sorted()
                .forEach(host -> servers.addObject().put("url", "https://" + host));
        Map<String, ObjectNode> paths = new TreeMap<>();
        endpoints.stream()
                .sorted(Comparator.comparing(ApiEndpoint::host).thenComparing(ApiEndpoint::path))
                .forEach(endpoint -> {
                    if (endpoint.operations().isEmpty()) {
                        ObjectNode item =
                                paths.computeIfAbsent(openApiPath(endpoint.path()), p -> mapper.createObjectNode());
                        describe(item, endpoint);
                    } else {
                        for (ApiEndpoint.Operation operation : endpoint.operations()) {
                            ObjectNode item = paths.computeIfAbsent(
                                    openApiPath(operation.pathTemplate()), p -> mapper.createObjectNode());
                            describe(item, endpoint);
                            ObjectNode op = item.putObject(operation.method().toLowerCase(Locale.ROOT));
                            op.put(
                                    "operationId",
                                    endpoint.id() + "-" + operation.method().toLowerCase(Locale.ROOT) + "-"
                                            + Math.abs(operation.pathTemplate().hashCode()));
                            op.put("x-apiguard-call-count", operation.callCount());
                            op.putObject("responses").putObject("default").put("description", "as observed");
                        }
                    }
                });
        ObjectNode pathsNode = document.putObject("paths");
        paths.forEach(pathsNode::set);
        return document;
    }

    private static void describe(ObjectNode item, ApiEndpoint endpoint) {
        item.put("x-apiguard-api-id", endpoint.id());
        item.put("x-apiguard-host", endpoint.host());
        item.put("x-apiguard-state", endpoint.state().wire());
        if (endpoint.source() != null) {
            item.put("x-apiguard-source", endpoint.source().wire());
        }
    }

    /** OpenAPI path parameters need distinct names: {@code /a/{id}/b/{id}} becomes {@code /a/{id}/b/{id2}}. */
    static String openApiPath(String template) {
        String path = template.isEmpty() ? "/" : template;
        int index = 0;
        StringBuilder out = new StringBuilder();
        int from = 0;
        int at;
        while ((at = path.indexOf(PathTemplates.PLACEHOLDER, from)) >= 0) {
            index++;
            out.append(path, from, at).append(index == 1 ? "{id}" : "{id" + index + "}");
            from = at + PathTemplates.PLACEHOLDER.length();
        }
        return out.append(path.substring(from)).toString();
    }
}
