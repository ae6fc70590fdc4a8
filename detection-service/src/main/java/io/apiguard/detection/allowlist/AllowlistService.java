package io.apiguard.detection.allowlist;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.apiguard.common.events.OperatorActionKind;
import io.apiguard.detection.audit.OperatorActionProducer;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.support.audit.OperatorAudit;
import io.apiguard.support.messaging.CallerContext;
import io.apiguard.support.security.Actor;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The allowlist's lifecycle beside its creation by a false-positive verdict: listing, withdrawal, and the reload that
 * keeps every replica's in-memory {@link Allowlist} in step with the table.
 */
@ApplicationScoped
public class AllowlistService {

    private static final Logger LOGGER = Logger.getLogger(AllowlistService.class);

    private final AllowlistRepository repository;
    private final Allowlist allowlist;
    private final OperatorAudit audit;
    private final Pool pool;
    private final Clock clock;

    AllowlistService(AllowlistRepository repository, Allowlist allowlist, OperatorAudit audit, Pool pool, Clock clock) {
        this.repository = repository;
        this.allowlist = allowlist;
        this.audit = audit;
        this.pool = pool;
        this.clock = clock;
    }

    /** One page of the entries in {@code state} now (every entry for null), newest first. */
    public Uni<AllowlistPage> page(AllowlistEntry.State state, int page, int size) {
        return repository.page(state, clock.instant(), page, size);
    }

    /**
     * Withdraws entry {@code id} on {@code actor}'s word: its type is raised again for its subject (or address), here
     * at once and on the other replicas at their next reload. Counts once the {@code allowlist-entry-withdrawn} record
     * is acknowledged: published inside the transaction, so a failed publish rolls the withdrawal back (503).
     */
    public Uni<AllowlistEntry> withdraw(String id, String reason, Actor actor) {
        Function<Uni<AllowlistEntry>, Uni<AllowlistEntry>> resume = CallerContext.resume();
        Instant now = clock.instant();
        return pool.withTransaction(connection -> repository
                        .findForUpdate(connection, id, now)
                        .onItem()
                        .ifNull()
                        .failWith(() -> notFound(id))
                        .flatMap(entry -> {
                            if (entry.state() != AllowlistEntry.State.ACTIVE) {
                                throw notActive(entry);
                            }
                            Map<String, String> details = new HashMap<>();
                            details.put("detectionType", entry.type());
                            details.put("incidentKey", entry.incidentKey());
                            details.put("expiresAt", entry.expiresAt().toString());
                            if (entry.detectionId() != null) {
                                details.put("detection", entry.detectionId());
                            }
                            AllowlistEntry withdrawn = new AllowlistEntry(
                                    entry.id(),
                                    entry.type(),
                                    entry.incidentKey(),
                                    entry.detectionId(),
                                    entry.reason(),
                                    entry.createdBy(),
                                    entry.createdAt(),
                                    entry.expiresAt(),
                                    actor.subject(),
                                    now,
                                    AllowlistEntry.State.WITHDRAWN);
                            return repository
                                    .withdraw(connection, id, actor.subject(), now)
                                    .invoke(changed -> {
                                        if (!changed) {
                                            throw notActive(entry);
                                        }
                                    })
                                    .flatMap(ignored -> audit.record(
                                                    actor,
                                                    OperatorActionKind.ALLOWLIST_ENTRY_WITHDRAWN,
                                                    "allowlist-entry",
                                                    id,
                                                    reason,
                                                    details)
                                            .onFailure()
                                            .transform(OperatorActionProducer::notRecorded))
                                    .replaceWith(withdrawn);
                        }))
                .invoke(withdrawn -> {
                    allowlist.withdraw(id);
                    LOGGER.infof(
                            "allowlist entry %s withdrawn by %s: %s raised again for %s",
                            id, actor.subject(), withdrawn.type(), withdrawn.incidentKey());
                })
                .plug(resume);
    }

    /**
     * Reloads the in-memory allowlist with the entries active now: those other replicas created, minus those they
     * withdrew, minus the expired.
     */
    public Uni<Void> refresh() {
        long version = allowlist.version();
        return repository
                .active(clock.instant())
                .invoke(active -> {
                    if (!allowlist.replace(active, version)) {
                        LOGGER.debug("allowlist changed here during the reload; the next reload applies the table");
                    }
                })
                .replaceWithVoid();
    }

    private static HttpProblem notFound(String id) {
        return HttpProblem.builder()
                .withStatus(Response.Status.NOT_FOUND)
                .withTitle("Allowlist entry not found")
                .withDetail("no allowlist entry " + id)
                .build();
    }

    private static HttpProblem notActive(AllowlistEntry entry) {
        String why = entry.state() == AllowlistEntry.State.WITHDRAWN
                ? "was withdrawn by " + entry.withdrawnBy() + " at " + entry.withdrawnAt()
                : "expired at " + entry.expiresAt();
        return HttpProblem.builder()
                .withStatus(Response.Status.CONFLICT)
                .withTitle("Allowlist entry not active")
                .withDetail("allowlist entry " + entry.id() + " " + why + "; it suppresses nothing")
                .build();
    }
}
