package io.apiguard.discovery.inventory;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.events.ApiEndpoint;
import io.apiguard.common.events.ApiState;
import io.apiguard.common.events.Exposure;
import io.apiguard.support.edge.QueryParameters;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;

/**
 * The inventory over REST. An API is represented exactly as {@code apiguard.inventory} carries it, so a consumer
 * reads one schema whether it listens or asks.
 */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/apis")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "inventory", description = "Every API discovery found")
public class ApiEndpointResource {

    /** The last page anyone may ask for: page times size stays a valid row offset (a larger one overflowed it). */
    static final int MAX_PAGE = 1_000_000;

    private final ApiEndpointRepository repository;
    private final InventoryService inventory;
    private final ObjectMapper mapper;

    ApiEndpointResource(ApiEndpointRepository repository, InventoryService inventory, ObjectMapper mapper) {
        this.repository = repository;
        this.inventory = inventory;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "List APIs", description = "Filtered, ordered by host, path and id, one page at a time.")
    public Uni<ApiPage> list(
            @QueryParam("namespace") String namespace,
            @QueryParam("host") String host,
            @QueryParam("state") String state,
            @QueryParam("exposure") String exposure,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        ApiFilter filter = new ApiFilter(
                QueryParameters.text(namespace),
                QueryParameters.text(host),
                QueryParameters.filter("state", state, ApiState.values()),
                QueryParameters.filter("exposure", exposure, Exposure.values()));
        return repository.page(filter, page, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One API")
    public Uni<ApiEndpoint> get(@PathParam("id") String id) {
        return repository
                .findEndpoint(id)
                .onItem()
                .ifNull()
                .failWith(() -> HttpProblem.builder()
                        .withStatus(Response.Status.NOT_FOUND)
                        .withTitle("API not found")
                        .withDetail("No inventoried API has id " + id)
                        .build());
    }

    @GET
    @Path("/openapi")
    @Operation(summary = "OpenAPI 3 document of every discovered API")
    public Uni<ObjectNode> openApi() {
        // From memory: the in-memory inventory is the source of truth and already holds every API.
        return Uni.createFrom().item(() -> OpenApiExport.of(inventory.all(), mapper));
    }
}
