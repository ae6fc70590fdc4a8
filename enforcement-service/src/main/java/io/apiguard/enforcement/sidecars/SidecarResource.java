package io.apiguard.enforcement.sidecars;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.support.security.Roles;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Sidecars: self-registration with heartbeats ({@code PUT}, idempotent; answers the current version so a sidecar
 * behind it pulls at once), and the list with what each acknowledged. A sidecar registers only the pod its
 * service-account token names; the address it is pushed to comes from that pod in the Kubernetes API (or, outside a
 * watched cluster, from the connection itself), never from the request.
 */
@Path("/api/v1/sidecars")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
@Tag(name = "sidecars", description = "Sidecar registration and rule-set distribution")
public class SidecarResource {

    private static final Logger LOGGER = Logger.getLogger(SidecarResource.class);
    private static final String NAME = "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?";

    private final SidecarRepository sidecars;
    private final RuleSetPublisher publisher;
    private final PodDiscovery pods;
    private final EnforcementConfig config;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    SidecarResource(
            SidecarRepository sidecars,
            RuleSetPublisher publisher,
            PodDiscovery pods,
            EnforcementConfig config,
            SecurityIdentity identity) {
        this.sidecars = sidecars;
        this.publisher = publisher;
        this.pods = pods;
        this.config = config;
        this.identity = identity;
    }

    @PUT
    @Path("/{namespace}/{pod}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.WORKLOAD)
    @Operation(
            summary = "Register or renew a sidecar",
            description = "Only the pod named by the caller's "
                    + "service-account token; the push address is taken from the pod, never from the body.")
    public Uni<Registered> register(
            @PathParam("namespace") @Pattern(regexp = NAME) String namespace,
            @PathParam("pod") @Size(max = 253) @Pattern(regexp = "[A-Za-z0-9]([-A-Za-z0-9._]*[A-Za-z0-9])?") String pod,
            @NotNull @Valid Registration registration,
            @Context HttpServerRequest request) {
        SidecarIdentity caller = SidecarIdentity.of(identity);
        if (!caller.namespace().equals(namespace) || !caller.pod().equals(pod)) {
            throw HttpProblem.builder()
                    .withStatus(403)
                    .withTitle("Forbidden")
                    .withDetail("a sidecar registers only its own pod, " + caller.id())
                    .build();
        }
        return adminUrl(caller, request)
                .flatMap(adminUrl -> sidecars.heartbeat(
                        namespace,
                        pod,
                        caller.podUid(),
                        registration.service(),
                        adminUrl,
                        "enforce".equals(registration.mode()) ? "enforce" : "monitor",
                        registration.ruleSetVersion(),
                        clock.instant()))
                .invoke(believed -> {
                    if (!believed) {
                        LOGGER.warnf(
                                "Sidecar %s claims rule set %d, which it was never delivered; not counted",
                                caller.id(), registration.ruleSetVersion());
                    }
                })
                .map(ignored -> new Registered(publisher.currentVersion()));
    }

    /**
     * In a watched cluster, the pod's own address from the Kubernetes API, and only for a running labelled pod with
     * the token's uid; else the address the call came from, at the configured admin port.
     */
    private Uni<String> adminUrl(SidecarIdentity caller, HttpServerRequest request) {
        if (pods.watching()) {
            return pods.adminUrlOf(caller.namespace(), caller.pod(), caller.podUid())
                    .map(found -> found.orElseThrow(() -> HttpProblem.builder()
                            .withStatus(403)
                            .withTitle("Forbidden")
                            .withDetail("pod " + caller.id() + " is not a running pod with the sidecar label "
                                    + config.discovery().labelSelector())
                            .build()));
        }
        return Uni.createFrom()
                .item(PodDiscovery.adminUrl(
                        request.remoteAddress().hostAddress(),
                        config.discovery().adminPort()));
    }

    /** Forgets registrations that stopped renewing, so a pod that is gone is no longer pushed to or counted. */
    @Scheduled(every = "60s", delayed = "60s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetSilentRegistrations() {
        return sidecars.forgetRegistrationsSilentSince(
                        clock.instant().minus(config.distribution().registrationTtl()))
                .invoke(forgotten -> {
                    if (forgotten > 0) {
                        LOGGER.infof(
                                "Forgot %d sidecar registrations not renewed for %s",
                                forgotten, config.distribution().registrationTtl());
                    }
                })
                .replaceWithVoid();
    }

    @GET
    @Operation(summary = "Sidecars", description = "Every known sidecar with the version it acknowledged.")
    public Uni<List<SidecarView>> list() {
        Instant now = clock.instant();
        long current = publisher.currentVersion();
        return sidecars.all()
                .map(all -> all.stream()
                        .map(sidecar -> new SidecarView(
                                sidecar.id(),
                                sidecar.namespace(),
                                sidecar.pod(),
                                sidecar.service(),
                                sidecar.adminUrl(),
                                sidecar.mode(),
                                sidecar.registered(),
                                sidecar.discovered(),
                                sidecar.ackedVersion(),
                                sidecar.ackedVersion() == current,
                                sidecar.ackedAt(),
                                sidecar.lastContact(),
                                sidecar.live(now, config.distribution().staleAfter()),
                                sidecar.lastError()))
                        .toList());
    }

    /**
     * What a sidecar says at registration and in each heartbeat. An {@code adminUrl} in the body, as older sidecars
     * sent, is ignored.
     *
     * @param service        the Service of the API it fronts
     * @param mode           enforce or monitor
     * @param ruleSetVersion the version it enforces; believed only up to the version delivered to it
     * @param ruleSetHash    its hash
     */
    public record Registration(
            @Size(max = 253) @Pattern(regexp = NAME) String service,
            @Pattern(regexp = "enforce|monitor") String mode,
            @PositiveOrZero long ruleSetVersion,
            @Size(max = 100) String ruleSetHash) {}

    /**
     * The answer to a heartbeat.
     *
     * @param currentVersion the current rule-set version
     */
    public record Registered(long currentVersion) {}

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
    public record SidecarView(
            String id,
            String namespace,
            String pod,
            String service,
            String adminUrl,
            String mode,
            boolean registered,
            boolean discovered,
            long ackedVersion,
            boolean current,
            Instant ackedAt,
            Instant lastContact,
            boolean live,
            String lastError) {}
}
