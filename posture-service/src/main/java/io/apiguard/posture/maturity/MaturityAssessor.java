package io.apiguard.posture.maturity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.posture.PostureConfig;
import io.apiguard.posture.evaluation.Posture;
import io.apiguard.posture.maturity.MaturityReport.Criterion;
import io.apiguard.posture.maturity.MaturityReport.Level;

/**
 * Decides the maturity level from the services' status documents and posture's own figures, with the configured
 * thresholds. Pure and thread-safe: a missing answer, a missing figure or a figure of the wrong type makes a criterion
 * fail with the reason, never an exception.
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
    public MaturityReport assess(ServiceProbe discovery, ServiceProbe logging, Posture.Figures posture,
            ServiceProbe detection, ServiceProbe enforcement, Instant now) {
        List<Level> levels = List.of(level1(discovery), level2(logging), level3(posture), level4(detection),
                level5(enforcement));
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
        Criteria criteria = new Criteria(probe);
        criteria.isTrue("informer synced", c.syncedKey(),
                "Give discovery-service read access to Ingresses (RBAC) and let its informer sync.");
        criteria.atLeast("share of observed traffic mapped to an inventoried API", c.trafficMappedKey(),
                c.minTrafficMappedShare(), "Declare the APIs behind unmapped traffic (discovery's shadow APIs, "
                        + "GET /api/v1/apis?state=shadow) or remove them.");
        return criteria.level(1, "Inventory: every API is known");
    }

    private Level level2(ServiceProbe probe) {
        PostureConfig.Level2 c = config.level2();
        Criteria criteria = new Criteria(probe);
        criteria.atLeast("share of active APIs sending call logs", c.reportingKey(), c.minReportingShare(),
                "Put the apiguard sidecar (or a gateway that sends call logs) in front of the APIs that do not report.");
        criteria.atLeast("share of logged calls with an individual identity", c.identityKey(), c.minIdentityShare(),
                "Configure identity resolution (JWT issuer and JWKS, delegated end-user claims or headers, API-key "
                        + "owners) so calls resolve to individuals rather than shared accounts.");
        return criteria.level(2, "Logging: every call is recorded with who made it");
    }

    private Level level3(Posture.Figures figures) {
        PostureConfig.Level3 c = config.level3();
        List<Criterion> criteria = new ArrayList<>();
        criteria.add(new Criterion("inventoried APIs", figures.apis() > 0, figures.apis(), ">= 1",
                figures.apis() > 0 ? figures.apis() + " APIs" : "posture-service has received no API yet",
                "Check that discovery-service publishes apiguard.inventory and posture-service consumes it."));
        boolean fresh = figures.apis() > 0 && figures.evaluatedShare() >= c.minEvaluatedShare();
        criteria.add(new Criterion("share of APIs evaluated within " + c.maxEvaluationAge(), fresh,
                round(figures.evaluatedShare()), ">= " + c.minEvaluatedShare(),
                figures.evaluatedRecently() + " of " + figures.apis() + " APIs evaluated within "
                        + c.maxEvaluationAge(),
                "Check posture-service's scheduled evaluation (apiguard.posture.evaluation-interval) and its logs."));
        boolean noCritical = figures.openCritical() <= c.maxOpenCritical();
        criteria.add(new Criterion("open unacknowledged critical findings", noCritical, figures.openCritical(),
                "<= " + c.maxOpenCritical(),
                figures.openCritical() + " open critical findings (" + figures.acknowledgedCritical()
                        + " acknowledged)",
                "Fix or acknowledge the open critical findings: GET /api/v1/findings?severity=critical&state=open."));
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("apis", figures.apis());
        evidence.put("evaluatedRecently", figures.evaluatedRecently());
        evidence.put("evaluatedShare", round(figures.evaluatedShare()));
        evidence.put("oldestEvaluation", figures.oldestEvaluation() == null ? null : figures.oldestEvaluation().toString());
        evidence.put("findingsByState", figures.findingsByState());
        evidence.put("openCritical", figures.openCritical());
        evidence.put("acknowledgedCritical", figures.acknowledgedCritical());
        return toLevel(3, "Posture: rules evaluated, no critical finding unattended", "posture-service", criteria,
                evidence, 0);
    }

    private Level level4(ServiceProbe probe) {
        PostureConfig.Level4 c = config.level4();
        Criteria criteria = new Criteria(probe);
        criteria.atMost("consumer lag in seconds", c.lagKey(), c.maxLagSeconds(),
                "Scale detection-service (replicas up to the partitions of apiguard.calls.normalized) until its lag "
                        + "stays under " + c.maxLagSeconds() + " s.");
        criteria.ratioAtLeast("share of detectors enabled", c.enabledKey(), c.totalKey(), c.minEnabledShare(),
                "Enable the disabled detectors in detection-service's configuration.");
        return criteria.level(4, "Detection: the call stream is watched in near real time");
    }

    private Level level5(ServiceProbe probe) {
        PostureConfig.Level5 c = config.level5();
        Criteria criteria = new Criteria(probe);
        criteria.atLeast("share of external APIs with an enforcing sidecar", c.coveredKey(), c.minCoveredShare(),
                "Add the apiguard sidecar in enforce mode to every externally exposed API "
                        + "(pod label apiguard.io/sidecar=enabled).");
        criteria.atLeast("share of sidecars on the current rule-set version", c.currentKey(), c.minCurrentShare(),
                "Find the sidecars behind the current rule-set version (enforcement-service GET /api/v1/sidecars) "
                        + "and restore their connection to enforcement-service.");
        criteria.atLeast("enforcing sidecars", c.enforcingKey(), c.minEnforcing(),
                "Run at least " + c.minEnforcing() + " sidecar in enforce mode.");
        return criteria.level(5, "Enforcement: attacks are blocked in line");
    }

    private static Level toLevel(int number, String name, String service, List<Criterion> criteria,
            Map<String, Object> evidence, long millis) {
        Criterion failing = criteria.stream().filter(criterion -> !criterion.holds()).findFirst().orElse(null);
        return new Level(number, name, service, failing == null,
                failing == null ? null : failing.name() + ": " + failing.detail(),
                failing == null ? null : failing.nextStep(), List.copyOf(criteria), evidence, millis);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** The criteria of a level decided by another service's status document. */
    private static final class Criteria {

        private static final String SERVICE_SUFFIX = "-service";

        private final ServiceProbe probe;
        private final List<Criterion> criteria = new ArrayList<>();

        Criteria(ServiceProbe probe) {
            this.probe = probe;
            if (!probe.answered()) {
                criteria.add(new Criterion(probe.service() + " answers", false, null, "an answer",
                        probe.service() + " did not answer usefully: " + probe.failure(),
                        "Run " + probe.service() + " and let posture-service reach it (quarkus.rest-client."
                                + probe.service().replace(SERVICE_SUFFIX, "") + ".url)."));
                return;
            }
            boolean ready = Boolean.TRUE.equals(probe.status().ready());
            List<String> down = probe.status().downDependencies();
            criteria.add(new Criterion(probe.service() + " is ready", ready, probe.status().ready(), "true",
                    ready ? "every readiness check is up" : probe.service() + " is not ready"
                            + (down.isEmpty() ? "" : "; down: " + String.join(", ", down)),
                    "Fix what " + probe.service() + " reports down in its readiness checks."));
        }

        void isTrue(String name, String key, String nextStep) {
            if (!probe.answered()) {
                return;
            }
            Object value = probe.status().figure(key);
            Boolean flag = bool(value);
            if (flag == null) {
                criteria.add(missing(name, key, value, "true", nextStep));
                return;
            }
            criteria.add(new Criterion(name, flag, flag, "true", key + " is " + flag, nextStep));
        }

        void atLeast(String name, String key, double min, String nextStep) {
            compare(name, key, min, true, nextStep);
        }

        void atMost(String name, String key, double max, String nextStep) {
            compare(name, key, max, false, nextStep);
        }

        void ratioAtLeast(String name, String partKey, String wholeKey, double min, String nextStep) {
            if (!probe.answered()) {
                return;
            }
            Object partValue = probe.status().figure(partKey);
            Object wholeValue = probe.status().figure(wholeKey);
            Double part = number(partValue);
            Double whole = number(wholeValue);
            if (part == null) {
                criteria.add(missing(name, partKey, partValue, ">= " + min, nextStep));
                return;
            }
            if (whole == null) {
                criteria.add(missing(name, wholeKey, wholeValue, ">= " + min, nextStep));
                return;
            }
            double share = whole <= 0 ? 0 : part / whole;
            boolean holds = whole > 0 && share >= min;
            criteria.add(new Criterion(name, holds, round(share), ">= " + min,
                    format(part) + " of " + format(whole) + " (" + partKey + " / " + wholeKey + ")", nextStep));
        }

        private void compare(String name, String key, double threshold, boolean atLeast, String nextStep) {
            if (!probe.answered()) {
                return;
            }
            Object value = probe.status().figure(key);
            Double measured = number(value);
            String wanted = (atLeast ? ">= " : "<= ") + format(threshold);
            if (measured == null) {
                criteria.add(missing(name, key, value, wanted, nextStep));
                return;
            }
            boolean holds = atLeast ? measured >= threshold : measured <= threshold;
            criteria.add(new Criterion(name, holds, measured, wanted, key + " = " + format(measured)
                    + (holds ? "" : ", needs " + wanted), nextStep));
        }

        private Criterion missing(String name, String key, Object value, String wanted, String nextStep) {
            String detail = value == null
                    ? probe.service() + "'s status has no evidence " + key
                    : probe.service() + "'s evidence " + key + " is not usable: " + abbreviate(String.valueOf(value));
            return new Criterion(name, false, null, wanted, detail,
                    value == null ? "Upgrade " + probe.service() + " to a version that publishes " + key
                            + ", or point posture-service at the figure's name (apiguard.posture.maturity.*-key)."
                            : nextStep);
        }

        Level level(int number, String name) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            if (probe.answered()) {
                probe.status().evidence().forEach(evidence::put);
            } else {
                evidence.put("error", probe.failure());
            }
            return toLevel(number, name, probe.service(), criteria, evidence, probe.millis());
        }

        private static Boolean bool(Object value) {
            if (value instanceof Boolean flag) {
                return flag;
            }
            if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(text);
            }
            return null;
        }

        private static Double number(Object value) {
            if (value instanceof Number number) {
                double d = number.doubleValue();
                return Double.isFinite(d) ? d : null;
            }
            if (value instanceof String text) {
                try {
                    double d = Double.parseDouble(text.trim());
                    return Double.isFinite(d) ? d : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }

        private static String format(double value) {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                    : String.valueOf(round(value));
        }

        private static String abbreviate(String text) {
            return text.length() <= 80 ? text : text.substring(0, 77) + "...";
        }
    }
}
