package io.apiguard.support.security;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;

/**
 * A call without a usable token gets a problem+json 401 with a {@code Bearer} challenge, like every other refusal.
 * quarkus-resteasy-problem's own mappers for these exceptions read a field that this Quarkus no longer has, so these
 * take precedence.
 */
public class SecurityProblems {

    private static final String DETAIL = "a bearer token is required: an operator's OIDC access token, or a workload's "
            + "projected service-account token with the audience apiguard";

    @ServerExceptionMapper(priority = Priorities.USER - 1000)
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized(DETAIL);
    }

    @ServerExceptionMapper(priority = Priorities.USER - 1000)
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("the bearer token was not accepted (signature, issuer, audience or lifetime)");
    }

    @ServerExceptionMapper(priority = Priorities.USER - 1000)
    public Response authenticationIncomplete(AuthenticationCompletionException e) {
        return unauthorized("the bearer token was not accepted");
    }

    private static Response unauthorized(String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.UNAUTHORIZED)
                .withTitle("Unauthorized")
                .withDetail(detail)
                .withHeader("WWW-Authenticate", "Bearer")
                .build()
                .toResponse();
    }
}
