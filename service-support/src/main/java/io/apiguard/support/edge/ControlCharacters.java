package io.apiguard.support.edge;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, with a 400 problem, a request whose path or query carries a control character once decoded (a NUL, a line
 * break, DEL). No apiguard API has a use for one, and let through they end where they do harm: PostgreSQL refuses a
 * NUL in text (a 500 where a 400 belongs), a line break forges a log line or a header.
 */
public class ControlCharacters {

    @ServerRequestFilter(preMatching = true)
    public Response refuse(ContainerRequestContext request) {
        if (controlCharacterIn(request.getUriInfo().getPath())) {
            return BadRequests.of("the path carries a control character");
        }
        for (Map.Entry<String, List<String>> parameter :
                request.getUriInfo().getQueryParameters().entrySet()) {
            if (controlCharacterIn(parameter.getKey())
                    || parameter.getValue().stream().anyMatch(ControlCharacters::controlCharacterIn)) {
                return BadRequests.of(
                        "query parameter " + printable(parameter.getKey()) + " carries a control character");
            }
        }
        return null;
    }

    /** True when {@code value} holds a C0 control character or DEL (tab included: no API takes one). */
    static boolean controlCharacterIn(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static String printable(String name) {
        StringBuilder clean = new StringBuilder();
        name.codePoints().limit(64).forEach(c -> clean.appendCodePoint(c < 0x20 || c == 0x7F ? '?' : c));
        return clean.toString();
    }
}
