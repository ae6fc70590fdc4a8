package io.apiguard.support.edge;

import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;

/** The 400 problem+json the edge answers a request it refuses before any resource sees it. */
final class BadRequests {

    private BadRequests() {}

    static Response of(String detail) {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle("Bad Request")
                .withDetail(detail)
                .build()
                .toResponse();
    }
}
