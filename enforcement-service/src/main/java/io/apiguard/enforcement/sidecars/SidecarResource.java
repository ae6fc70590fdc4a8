package io.apiguard.enforcement.sidecars;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.smallrye.mutiny.Uni;

/**
 * Sidecars: self-registration with heartbeats ({@code PUT}, idempotent; answers the current version so a sidecar
 * behind it pulls at once), and the list with what each acknowledged.
 */
@Path("/api/v1/sidecars")
@Produces(MediaType.APPLICATION_JSON)
public class SidecarResource {

    private static final String NAME = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";

    private final SidecarRepository sidecars;
    private final RuleSetPublisher publisher;
    private final EnforcementConfig config;
    private final Clock clock = Clock.systemUTC();

    SidecarResource(SidecarRepository sidecars, RuleSetPublisher publisher, EnforcementConfig config) {
        this.sidecars = sidecars;
        this.publisher = publisher;
        this.config = config;
    }

    @PUT
    @Path("/{namespace}/{pod}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Registered> register(@PathParam("namespace") @Pattern(regexp = NAME) String namespace,
            @PathParam("pod") @Size(max = 253) @Pattern(regexp = "[A-Za-z0-9]([-A-Za-z0-9._]*[A-Za-z0-9])?") String pod,
            @NotNull @Valid Registration registration) {
        return sidecars.heartbeat(namespace, pod, registration.service(), registration.adminUrl(),
                        "enforce".equals(registration.mode()) ? "enforce" : "monitor", registration.ruleSetVersion(),
                        clock.instant())
                .map(ignored -> new Registered(publisher.currentVersion()));
    }

    @GET
    public Uni<List<SidecarView>> list() {
        Instant now = clock.instant();
        long current = publisher.currentVersion();
        return sidecars.all().map(all -> all.stream().map(sidecar -> new SidecarView(sidecar.id(), sidecar.namespace(),
                sidecar.pod(), sidecar.service(), sidecar.adminUrl(), sidecar.mode(), sidecar.registered(),
                sidecar.discovered(), sidecar.ackedVersion(), sidecar.ackedVersion() == current, sidecar.ackedAt(),
                sidecar.lastContact(), sidecar.live(now, config.distribution().staleAfter()), sidecar.lastError()))
                .toList());
    }

    /**
     * What a sidecar says at registration and in each heartbeat.
     *
     * @param service        the Service of the API it fronts
     * @param adminUrl       where to push
     * @param mode           enforce or monitor
     * @param ruleSetVersion the version it enforces
     * @param ruleSetHash    its hash
     */
    public record Registration(@Size(max = 253) String service,
            @Size(max = 500) @Pattern(regexp = "https?://.+") String adminUrl,
            @Pattern(regexp = "enforce|monitor") String mode,
            @PositiveOrZero long ruleSetVersion,
            @Size(max = 100) String ruleSetHash) {
    }

    /**
     * The answer to a heartbeat.
     *
     * @param currentVersion the current rule-set version
     */
    public record Registered(long currentVersion) {
    }

    /**
     * A sidecar as listed.
     *
     * @param id           {@code namespace/pod}
     * @param namespace    namespace
     * @param pod          pod
     * @param service      the Service it fronts
     * @param adminUrl     where it is pushed to
     * @param mode         enforce, monitor or unknown
     * @param registered   it registered itself
     * @param discovered   found by pod label
     * @param ackedVersion the version it acknowledged
     * @param current      whether that is the current version
     * @param ackedAt      when it acknowledged it
     * @param lastContact  last heartbeat or acknowledged push
     * @param live         heard from within the stale-after window
     * @param lastError    the last push failure
     */
    public record SidecarView(String id, String namespace, String pod, String service, String adminUrl, String mode,
            boolean registered, boolean discovered, long ackedVersion, boolean current, Instant ackedAt,
            Instant lastContact, boolean live, String lastError) {
    }
}
