package io.apiguard.logging.ingest;

import java.net.URI;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Lets {@code /api/v1/calls%3Abatch} reach {@code /api/v1/calls:batch}. RESTEasy matches the raw path, and HTTP clients
 * that percent-encode every reserved character (RestAssured, some URL builders) send the colon of the custom method
 * encoded. Strictly these are two URIs (RFC 3986, 2.2), but nothing else lives at the encoded one, so treating them
 * alike spares a sender a 404 it cannot explain. Runs before matching, so the batch's role check applies unchanged.
 */
public class EncodedColonFilter {

    private static final String PATH = "/api/v1/calls:batch";
    /** Percent-encoding allows either case of hex digit. */
    private static final String ENCODED_UPPER = "/api/v1/calls%3Abatch";

    private static final String ENCODED_LOWER = "/api/v1/calls%3abatch";

    @ServerRequestFilter(preMatching = true)
    public void decodeColon(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String raw = uri.getRawPath();
        if (ENCODED_UPPER.equals(raw) || ENCODED_LOWER.equals(raw)) {
            request.setRequestUri(UriBuilder.fromUri(uri).replacePath(PATH).build());
        }
    }
}
