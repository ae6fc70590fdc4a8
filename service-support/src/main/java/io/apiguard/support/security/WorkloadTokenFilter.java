package io.apiguard.support.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Adds this app's {@link WorkloadToken} to a REST client's requests: register it on every client that calls another
 * apiguard app ({@code @RegisterProvider(WorkloadTokenFilter.class)}, or {@code register(...)} on a built client).
 */
@ApplicationScoped
public class WorkloadTokenFilter implements ClientRequestFilter {

    private final WorkloadToken token;

    public WorkloadTokenFilter(WorkloadToken token) {
        this.token = token;
    }

    @Override
    public void filter(ClientRequestContext request) {
        if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
            token.authorization().ifPresent(value -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, value));
        }
    }
}
