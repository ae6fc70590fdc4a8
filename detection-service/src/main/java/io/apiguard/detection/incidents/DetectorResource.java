package io.apiguard.detection.incidents;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.apiguard.detection.stream.DetectionPipeline;
import io.apiguard.support.security.Roles;

/** The detectors and their effective configuration. */
@RolesAllowed(Roles.VIEWER)
@Path("/api/v1/detectors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "detectors", description = "Detector configuration")
public class DetectorResource {

    /** One detector as configured. */
    public record DetectorView(
            String name,
            boolean enabled,
            List<String> types,
            List<String> owaspCategories,
            Map<String, Object> settings) {}

    private final DetectionPipeline pipeline;

    DetectorResource(DetectionPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @GET
    @Operation(summary = "Every detector with its settings")
    public List<DetectorView> list() {
        return pipeline.definitions().stream()
                .map(d -> new DetectorView(d.name(), d.enabled(), d.types(), d.owaspCategories(), d.settings()))
                .toList();
    }
}
