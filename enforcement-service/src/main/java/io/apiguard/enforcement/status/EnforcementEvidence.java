package io.apiguard.enforcement.status;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.status.EnforcementFigures;
import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.enforcement.sidecars.Sidecar;
import io.apiguard.enforcement.sidecars.SidecarRepository;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Level 5 evidence under {@code evidence.enforcement}: how many live sidecars enforce, what share of live sidecars
 * acknowledged the current rule-set version, and what share of externally exposed APIs is fronted by a live sidecar
 * in enforce mode (a sidecar covers the APIs whose backend Service and namespace it declared). With no external API
 * the share is 1 (nothing is uncovered); with no live sidecar the current share is 0.
 */
@ApplicationScoped
public class EnforcementEvidence implements StatusContributor {

    private final SidecarRepository sidecars;
    private final RuleSetPublisher publisher;
    private final Pool pool;
    private final EnforcementConfig config;
    private final Clock clock = Clock.systemUTC();

    EnforcementEvidence(SidecarRepository sidecars, RuleSetPublisher publisher, Pool pool, EnforcementConfig config) {
        this.sidecars = sidecars;
        this.publisher = publisher;
        this.pool = pool;
        this.config = config;
    }

    @Override
    public String name() {
        return "enforcement";
    }

    @Override
    public Uni<EnforcementFigures> evidence() {
        Instant now = clock.instant();
        Uni<List<Sidecar>> all = sidecars.all();
        Uni<long[]> coverage = pool.preparedQuery("select count(*), count(*) filter (where exists (select 1 from sidecar s "
                        + "where s.mode = 'enforce' and s.namespace = a.namespace and s.service = a.service "
                        + "and s.last_contact >= $1)) from api_exposure a where a.exposure = 'external'")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(now.minus(config.distribution().staleAfter())
                        .atOffset(java.time.ZoneOffset.UTC)))
                .map(rows -> {
                    var row = rows.iterator().next();
                    return new long[] {row.getLong(0), row.getLong(1)};
                });
        Uni<Long> activeRules = pool.query("select count(*) from enforcement_rule where state = 'active'").execute()
                .map(rows -> rows.iterator().next().getLong(0));
        return Uni.combine().all().unis(all, coverage, activeRules).with((list, covered, rules) -> {
            long current = publisher.currentVersion();
            List<Sidecar> live = list.stream().filter(sidecar -> sidecar.live(now, config.distribution().staleAfter()))
                    .toList();
            long enforcing = live.stream().filter(Sidecar::enforces).count();
            long atCurrent = live.stream().filter(sidecar -> sidecar.ackedVersion() == current).count();
            return new EnforcementFigures(
                    current,
                    rules,
                    list.size(),
                    live.size(),
                    enforcing,
                    live.isEmpty() ? 0.0 : (double) atCurrent / live.size(),
                    covered[0],
                    covered[1],
                    covered[0] == 0 ? 1.0 : (double) covered[1] / covered[0]);
        });
    }
}
