package io.apiguard.common.status;

import java.util.Map;

/**
 * posture-service's own Level 3 evidence, under {@code evidence.posture}. The Level 3 criteria read the same figures
 * in process, not through this document; it tells operators what the level was decided on.
 *
 * @param rules                      posture rules in the catalogue
 * @param apis                       APIs posture knows from the inventory
 * @param apisEvaluatedRecently      of those, APIs evaluated within the configured age
 * @param evaluatedShare             {@code apisEvaluatedRecently / apis}, 0 without APIs
 * @param lastFullEvaluation         when every API was last evaluated (ISO-8601), or {@code never}
 * @param findings                   findings per state ({@code open}, {@code acknowledged}, ...)
 * @param openCriticalUnacknowledged open critical findings nobody acknowledged
 * @param acknowledgedCritical       critical findings acknowledged and not lapsed
 * @param callsCounted               calls counted into traffic aggregates
 * @param callsUnmapped              of those, calls that named no inventoried API
 */
public record PostureFigures(
        long rules,
        long apis,
        long apisEvaluatedRecently,
        double evaluatedShare,
        String lastFullEvaluation,
        Map<String, Long> findings,
        long openCriticalUnacknowledged,
        long acknowledgedCritical,
        long callsCounted,
        long callsUnmapped) {

    public PostureFigures {
        findings = findings == null ? Map.of() : Map.copyOf(findings);
    }
}
