package io.apiguard.enforcement.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.status.EnforcementFigures;
import io.apiguard.enforcement.EnforcementConfig;
import io.apiguard.enforcement.inventory.ApiExposureRepository;
import io.apiguard.enforcement.inventory.ApiExposureRepository.ExternalCoverage;
import io.apiguard.enforcement.rules.RuleRepository;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.enforcement.sidecars.Sidecar;
import io.apiguard.enforcement.sidecars.SidecarRepository;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

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
    private final ApiExposureRepository exposures;
    private final RuleRepository ruleRepository;
    private final EnforcementConfig config;
    private final Clock clock = Clock.systemUTC();

    EnforcementEvidence(
            SidecarRepository sidecars,
            RuleSetPublisher publisher,
            ApiExposureRepository exposures,
            RuleRepository ruleRepository,
            EnforcementConfig config) {
        this.sidecars = sidecars;
        this.publisher = publisher;
        this.exposures = exposures;
        this.ruleRepository = ruleRepository;
        this.config = config;
    }

    @Override
    public String name() {
        return "enforcement";
    }

    @Override
    public Uni<EnforcementFigures> evidence() {
        Instant now = clock.instant();
        Duration staleAfter = config.distribution().staleAfter();
        return Uni.combine()
                .all()
                .unis(sidecars.all(), exposures.coverage(now.minus(staleAfter)), ruleRepository.countActive())
                .with((all, coverage, rules) ->
                        figures(publisher.currentVersion(), rules, all, coverage, now, staleAfter));
    }

    /**
     * The figures from what the tables hold at {@code now}: a sidecar is live when heard from within
     * {@code staleAfter}, and only live sidecars count towards the enforcing and current shares.
     */
    static EnforcementFigures figures(
            long currentVersion,
            long activeRules,
            List<Sidecar> all,
            ExternalCoverage coverage,
            Instant now,
            Duration staleAfter) {
        List<Sidecar> live =
                all.stream().filter(sidecar -> sidecar.live(now, staleAfter)).toList();
        long enforcing = live.stream().filter(Sidecar::enforces).count();
        long atCurrent = live.stream()
                .filter(sidecar -> sidecar.ackedVersion() == currentVersion)
                .count();
        return new EnforcementFigures(
                currentVersion,
                activeRules,
                all.size(),
                live.size(),
                enforcing,
                live.isEmpty() ? 0.0 : (double) atCurrent / live.size(),
                coverage.external(),
                coverage.covered(),
                coverage.external() == 0 ? 1.0 : (double) coverage.covered() / coverage.external());
    }
}
