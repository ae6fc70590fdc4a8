package io.apiguard.discovery.spec;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;

/**
 * An API's own OpenAPI document, as its declaration names it, for operators and for the other apiguard services
 * (posture, and the sidecars' positive model) with their workload tokens.
 */
@RolesAllowed({Roles.VIEWER, Roles.WORKLOAD})
@Path("/api/v1/apis/{id}/openapi")
@Tag(name = "inventory", description = "Every API discovery found")
public class ApiSpecResource {

    static final String YAML = "application/yaml";

    private final ApiSpecRepository repository;

    ApiSpecResource(ApiSpecRepository repository) {
        this.repository = repository;
    }

    @GET
    @Produces({"application/json", YAML})
    @Operation(
            summary = "The API's OpenAPI document",
            description = "As read from the ConfigMap its annotation names, in the format it was written in (JSON or"
                    + " YAML). 404 when the API names no spec, or its spec could not be read (the API shows why).")
    public Uni<Response> get(@PathParam("id") String id) {
        return repository.find(id).map(stored -> {
            if (stored == null) {
                throw HttpProblem.builder()
                        .withStatus(Response.Status.NOT_FOUND)
                        .withTitle("No OpenAPI document")
                        .withDetail("API " + id + " has no readable OpenAPI document")
                        .build();
            }
            return Response.ok(stored.document())
                    .type(stored.document().stripLeading().startsWith("{") ? "application/json" : YAML)
                    .header("X-Apiguard-Spec-Reference", stored.reference())
                    .build();
        });
    }
}
