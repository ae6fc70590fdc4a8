package io.apiguard.posture.maturity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import io.apiguard.common.status.DetectionFigures;
import io.apiguard.common.status.DiscoveryFigures;
import io.apiguard.common.status.EnforcementFigures;
import io.apiguard.common.status.LoggingFigures;
import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.evaluation.Posture;
import io.apiguard.posture.maturity.MaturityReport.Criterion;
import io.apiguard.posture.maturity.MaturityReport.Level;

/**
 * Decides the maturity level from the services' status documents and posture's own figures, with the configured
 * thresholds. The criteria read the fields of the common status records ({@code io.apiguard.common.status}), so a
 * figure cannot go missing under another name: a status without it does not parse. Pure and thread-safe: a missing
 * answer or a missing evidence entry makes a criterion fail with the reason, never an exception.
 */
public final class MaturityAssessor {

    private final PostureConfig.Maturity config;

    public MaturityAssessor(PostureConfig.Maturity config) {
        this.config = config;
    }

    /**
     * The report.
     *
     * @param discovery   discovery-service's answer (Level 1)
     * @param logging     logging-service's answer (Level 2)
     * @param posture     posture's own Level 3 figures
     * @param detection   detection-service's answer (Level 4)
     * @param enforcement enforcement-service's answer (Level 5)
     * @param now         the assessment time
     */
    public MaturityReport assess(
            ServiceProbe discovery,
            ServiceProbe logging,
            Posture.Figures posture,
            ServiceProbe detection,
            ServiceProbe enforcement,
            Instant now) {
        List<Level> levels =
                List.of(level1(discovery), level2(logging), level3(posture), level4(detection), level5(enforcement));
        int level = 0;
        while (level < levels.size() && levels.get(level).holds()) {
            level++;
        }
        String summary;
        String nextStep = null;
        if (level == MaturityReport.MAX_LEVEL) {
            summary = "Level 5 of 5: every level holds.";
        } else {
            Level blocking = levels.get(level);
            summary = "Level " + level + " of 5: level " + blocking.level() + " (" + blocking.name()
                    + ") does not hold: " + blocking.reason();
            nextStep = blocking.nextStep();
        }
        return new MaturityReport(level, summary, nextStep, now, levels);
    }

    private Level level1(ServiceProbe probe) {
        PostureConfig.Level1 c = config.level1();
        Criteria<DiscoveryFigures> criteria = new Criteria<>(probe, "discovery", StatusEvidence::discovery);
        criteria.isTrue(
                "informer synced",
                "informerSynced",
                DiscoveryFigures::informerSynced,
                "Give discovery-service read access to Ingresses (RBAC) and let its informer sync.");
        criteria.atLeast(
                "share of observed traffic mapped to an inventoried API",
                "declaredTrafficShare",
                DiscoveryFigures::declaredTrafficShare,
                c.minTrafficMappedShare(),
                "Declare the APIs behind unmapped "
                        + "traffic (discovery's shadow APIs, GET /api/v1/apis?state=shadow) or remove them.");
        return criteria.level(1, "Inventory: every API is known");
    }

    private Level level2(ServiceProbe probe) {
        PostureConfig.Level2 c = config.level2();
        Criteria<LoggingFigures> criteria = new Criteria<>(probe, "logging", StatusEvidence::logging);
        criteria.atLeast(
                "share of active APIs sending call logs",
                "apisReportingShare",
                LoggingFigures::apisReportingShare,
                c.minReportingShare(),
                "Put the apiguard sidecar (or a gateway that sends call logs) in front of the APIs that do not report.");
        criteria.atLeast(
                "share of logged calls with an individual identity",
                "individualIdentityShare",
                LoggingFigures::individualIdentityShare,
                c.minIdentityShare(),
                "Configure identity resolution (JWT issuer and JWKS, delegated end-user claims or headers, API-key "
                        + "owners) so calls resolve to individuals rather than shared accounts.");
        return criteria.level(2, "Logging: every call is recorded with who made it");
    }

    private Level level3(Posture.Figures figures) {
        PostureConfig.Level3 c = config.level3();
        List<Criterion> criteria = new ArrayList<>();
        criteria.add(new Criterion(
                "inventoried APIs",
                figures.apis() > 0,
                figures.apis(),
                ">= 1",
                figures.apis() > 0 ? figures.apis() + " APIs" : "posture-service has received no API yet",
                "Check that discovery-service publishes apiguard.inventory and posture-service consumes it."));
        boolean fresh = figures.apis() > 0 && figures.evaluatedShare() >= c.minEvaluatedShare();
        criteria.add(new Criterion(
                "share of APIs evaluated within " + c.maxEvaluationAge(),
                fresh,
                round(figures.evaluatedShare()),
                ">= " + c.minEvaluatedShare(),
                figures.evaluatedRecently() + " of " + figures.apis() + " APIs evaluated within "
                        + c.maxEvaluationAge(),
                "Check posture-service's scheduled evaluation (apiguard.posture.evaluation-interval) and its logs."));
        boolean noCritical = figures.openCritical() <= c.maxOpenCritical();
        criteria.add(new Criterion(
                "open unacknowledged critical findings",
                noCritical,
                figures.openCritical(),
                "<= " + c.maxOpenCritical(),
                figures.openCritical() + " open critical findings (" + figures.acknowledgedCritical()
                        + " acknowledged)",
                "Fix or acknowledge the open critical findings: GET /api/v1/findings?severity=critical&state=open."));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("apis", figures.apis());
        evidence.put("evaluatedRecently", figures.evaluatedRecently());
        evidence.put("evaluatedShare", round(figures.evaluatedShare()));
        evidence.put(
                "oldestEvaluation",
                figures.oldestEvaluation() == null
                        ? null
                        : figures.oldestEvaluation().toString());
        evidence.put("findingsByState", figures.findingsByState());
        evidence.put("openCritical", figures.openCritical());
        evidence.put("acknowledgedCritical", figures.acknowledgedCritical());
        return toLevel(
                3,
                "Posture: rules evaluated, no critical finding unattended",
                "posture-service",
                criteria,
                evidence,
                0);
    }

    private Level level4(ServiceProbe probe) {
        PostureConfig.Level4 c = config.level4();
        Criteria<DetectionFigures> criteria = new Criteria<>(probe, "detection", StatusEvidence::detection);
        criteria.atMost(
                "consumer lag in seconds",
                "consumerLagSeconds",
                DetectionFigures::consumerLagSeconds,
                c.maxLagSeconds(),
                "Scale detection-service (replicas up to the partitions of "
                        + "apiguard.calls.normalized) until its lag stays under " + c.maxLagSeconds() + " s.");
        criteria.ratioAtLeast(
                "share of detectors enabled",
                "detectorsEnabled",
                DetectionFigures::detectorsEnabled,
                "detectorsTotal",
                DetectionFigures::detectorsTotal,
                c.minEnabledShare(),
                "Enable the disabled detectors in detection-service's configuration.");
        return criteria.level(4, "Detection: the call stream is watched in near real time");
    }

    private Level level5(ServiceProbe probe) {
        PostureConfig.Level5 c = config.level5();
        Criteria<EnforcementFigures> criteria = new Criteria<>(probe, "enforcement", StatusEvidence::enforcement);
        criteria.atLeast(
                "share of external APIs with an enforcing sidecar",
                "externalApisCoveredShare",
                EnforcementFigures::externalApisCoveredShare,
                c.minCoveredShare(),
                "Add the apiguard sidecar in enforce mode to every externally exposed API "
                        + "(pod label apiguard.io/sidecar=enabled).");
        criteria.atLeast(
                "share of sidecars on the current rule-set version",
                "sidecarsCurrentShare",
                EnforcementFigures::sidecarsCurrentShare,
                c.minCurrentShare(),
                "Find the sidecars behind the current rule-set version (enforcement-service GET /api/v1/sidecars) "
                        + "and restore their connection to enforcement-service.");
        criteria.atLeast(
                "enforcing sidecars",
                "sidecarsEnforcing",
                EnforcementFigures::sidecarsEnforcing,
                c.minEnforcing(),
                "Run at least " + c.minEnforcing() + " sidecar in enforce mode.");
        return criteria.level(5, "Enforcement: attacks are blocked in line");
    }

    private static Level toLevel(
            int number, String name, String service, List<Criterion> criteria, Object evidence, long millis) {
        Criterion failing = criteria.stream()
                .filter(criterion -> !criterion.holds())
                .findFirst()
                .orElse(null);
        return new Level(
                number,
                name,
                service,
                failing == null,
                failing == null ? null : failing.name() + ": " + failing.detail(),
                failing == null ? null : failing.nextStep(),
                List.copyOf(criteria),
                evidence,
                millis);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /**
     * The criteria of a level decided by another service's status document, over the record of one of its evidence
     * entries. Each check names the figure it reads as the status document spells it, for operators to find it there.
     *
     * @param <F> the record of the entry, e.g. {@link DiscoveryFigures}
     */
    private static final class Criteria<F> {

        private static final String SERVICE_SUFFIX = "-service";

        private final ServiceProbe probe;
        private final F figures;
        private final List<Criterion> criteria = new ArrayList<>();

        Criteria(ServiceProbe probe, String entry, Function<StatusEvidence, F> part) {
            this.probe = probe;
            if (!probe.answered()) {
                this.figures = null;
                criteria.add(new Criterion(
                        probe.service() + " answers",
                        false,
                        null,
                        "an answer",
                        probe.service() + " did not answer usefully: " + probe.failure(),
                        "Run " + probe.service() + " and let posture-service reach it (quarkus.rest-client."
                                + probe.service().replace(SERVICE_SUFFIX, "") + ".url)."));
                return;
            }
            ServiceStatus<StatusEvidence> status = probe.status();
            boolean ready = status.ready();
            List<String> down = status.downDependencies();
            criteria.add(new Criterion(
                    probe.service() + " is ready",
                    ready,
                    ready,
                    "true",
                    ready
                            ? "every readiness check is up"
                            : probe.service() + " is not ready"
                                    + (down.isEmpty() ? "" : "; down: " + String.join(", ", down)),
                    "Fix what " + probe.service() + " reports down in its readiness checks."));
            this.figures = status.evidence() == null ? null : part.apply(status.evidence());
            if (figures == null) {
                String error = status.evidenceErrors().get(entry);
                criteria.add(new Criterion(
                        probe.service() + " reports " + entry + " evidence",
                        false,
                        null,
                        "evidence." + entry,
                        error == null
                                ? probe.service() + "'s status has no evidence." + entry
                                : probe.service() + "'s " + entry + " evidence failed: " + error,
                        error == null
                                ? "Upgrade " + probe.service() + " to a version that publishes evidence." + entry + "."
                                : "See " + probe.service() + "'s logs for why its " + entry + " evidence failed."));
            }
        }

        void isTrue(String name, String figure, Predicate<F> value, String nextStep) {
            if (figures == null) {
                return;
            }
            boolean flag = value.test(figures);
            criteria.add(new Criterion(name, flag, flag, "true", figure + " is " + flag, nextStep));
        }

        void atLeast(String name, String figure, ToDoubleFunction<F> value, double min, String nextStep) {
            compare(name, figure, value, min, true, nextStep);
        }

        void atMost(String name, String figure, ToDoubleFunction<F> value, double max, String nextStep) {
            compare(name, figure, value, max, false, nextStep);
        }

        void ratioAtLeast(
                String name,
                String partFigure,
                ToDoubleFunction<F> partValue,
                String wholeFigure,
                ToDoubleFunction<F> wholeValue,
                double min,
                String nextStep) {
            if (figures == null) {
                return;
            }
            double part = partValue.applyAsDouble(figures);
            double whole = wholeValue.applyAsDouble(figures);
            double share = whole <= 0 ? 0 : part / whole;
            boolean holds = whole > 0 && share >= min;
            criteria.add(new Criterion(
                    name,
                    holds,
                    round(share),
                    ">= " + min,
                    format(part) + " of " + format(whole) + " (" + partFigure + " / " + wholeFigure + ")",
                    nextStep));
        }

        private void compare(
                String name,
                String figure,
                ToDoubleFunction<F> value,
                double threshold,
                boolean atLeast,
                String nextStep) {
            if (figures == null) {
                return;
            }
            double measured = value.applyAsDouble(figures);
            String wanted = (atLeast ? ">= " : "<= ") + format(threshold);
            // NaN compares false either way: a figure that is not a number never holds.
            boolean holds = atLeast ? measured >= threshold : measured <= threshold;
            criteria.add(new Criterion(
                    name,
                    holds,
                    Double.isFinite(measured) ? measured : null,
                    wanted,
                    figure + " = " + format(measured) + (holds ? "" : ", needs " + wanted),
                    nextStep));
        }

        Level level(int number, String name) {
            Object evidence = probe.answered() ? probe.status().evidence() : Map.of("error", probe.failure());
            return toLevel(number, name, probe.service(), criteria, evidence, probe.millis());
        }

        private static String format(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? String.valueOf((long) value)
                    : String.valueOf(round(value));
        }
    }
}
