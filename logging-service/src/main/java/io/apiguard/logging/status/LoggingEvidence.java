package io.apiguard.logging.status;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.apiguard.common.status.LoggingFigures;
import io.apiguard.logging.catalog.ApiCatalog;
import io.apiguard.support.status.StatusContributor;
import io.smallrye.mutiny.Uni;

/**
 * The Level 2 evidence in {@code GET /api/v1/status}: posture-service reads {@code apisReportingShare} (live
 * inventoried APIs that sent calls in the last hour) and {@code individualIdentityShare} (calls in the last hour whose
 * caller is a person, not a shared account or nobody).
 */
@ApplicationScoped
public class LoggingEvidence implements StatusContributor {

    private final IngestStatistics statistics;
    private final ApiCatalog catalog;

    LoggingEvidence(IngestStatistics statistics, ApiCatalog catalog) {
        this.statistics = statistics;
        this.catalog = catalog;
    }

    @Override
    public String name() {
        return "logging";
    }

    @Override
    public Uni<LoggingFigures> evidence() {
        IngestStatistics.Snapshot figures = statistics.snapshot();
        Set<String> live = catalog.liveApiIds();
        Set<String> reporting = new HashSet<>(figures.apisLastHour());
        reporting.retainAll(live);
        return Uni.createFrom()
                .item(new LoggingFigures(
                        Math.round(figures.ingestRatePerSecond() * 100) / 100.0,
                        figures.callsLastHour(),
                        figures.individualLastHour(),
                        share(figures.individualLastHour(), figures.callsLastHour()),
                        live.size(),
                        reporting.size(),
                        share(reporting.size(), live.size())));
    }

    /** Nothing measured is a share of 0: Level 2 must not hold on an empty trail. */
    private static double share(long part, long whole) {
        return whole == 0 ? 0.0 : Math.round(part * 10_000.0 / whole) / 10_000.0;
    }
}
