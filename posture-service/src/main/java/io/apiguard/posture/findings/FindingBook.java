package io.apiguard.posture.findings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import io.apiguard.common.events.FindingState;
import io.apiguard.posture.rules.PostureRule;
import io.apiguard.posture.rules.Violation;

/**
 * Every finding and suppression, and the lifecycle rules between them, without I/O:
 * <ul>
 * <li>a violation with no live finding opens one (suppressed instead when a suppression covers it);</li>
 * <li>a live finding whose violation is gone is resolved automatically;</li>
 * <li>an acknowledged finding whose acknowledgement lapsed is open again;</li>
 * <li>a suppression suppresses the live findings it covers; removing it opens them again.</li>
 * </ul>
 * Mutators append the findings whose state changed to {@code changed} (to persist and announce at once) and remember
 * findings that were only confirmed (to persist with the next flush). Not thread-safe: its owner serializes access.
 */
public final class FindingBook {

    private final Map<String, Finding> byId = new HashMap<>();
    private final Map<String, Map<String, Finding>> byApi = new HashMap<>();
    private final Map<String, Suppression> suppressions = new LinkedHashMap<>();
    private final Set<String> confirmed = new LinkedHashSet<>();
    /** Starts from the clock, in microseconds, so versions keep growing across restarts without reading the table. */
    private long version = System.currentTimeMillis() * 1000;

    /** Loads persisted findings and suppressions at start. */
    public void load(Collection<Finding> findings, Collection<Suppression> persistedSuppressions) {
        findings.forEach(this::put);
        persistedSuppressions.forEach(suppression -> suppressions.put(suppression.id(), suppression));
    }

    /**
     * Applies one evaluation of an API: {@code violations} holds every rule the API breaks now, keyed by rule.
     */
    public void reconcile(
            String apiId,
            String namespace,
            Map<PostureRule, Violation> violations,
            Instant now,
            List<Finding> changed) {
        Map<String, Finding> current = byApi.getOrDefault(apiId, Map.of());
        Set<String> violated = new HashSet<>();
        for (Map.Entry<PostureRule, Violation> entry : violations.entrySet()) {
            PostureRule rule = entry.getKey();
            Violation violation = entry.getValue();
            violated.add(rule.id());
            Finding existing = current.get(rule.id());
            Suppression suppression = suppressionFor(rule.id(), apiId, namespace);
            if (existing == null || !existing.live()) {
                Finding opened = new Finding(
                        Finding.idOf(rule.id(), apiId),
                        rule.id(),
                        apiId,
                        namespace,
                        rule.severity(),
                        suppression == null ? FindingState.OPEN : FindingState.SUPPRESSED,
                        rule.title(),
                        violation.detail(),
                        rule.owaspCategory(),
                        rule.nistCsf(),
                        violation.evidence(),
                        now,
                        now,
                        now,
                        null,
                        suppression == null ? null : suppression.id(),
                        ++version);
                changed.add(put(opened));
                continue;
            }
            Finding updated = existing.confirmed(violation.detail(), violation.evidence(), namespace, now, ++version);
            Finding transitioned = transition(updated, suppression, now);
            put(transitioned);
            if (transitioned.state() != existing.state()) {
                changed.add(transitioned);
            } else {
                confirmed.add(transitioned.id());
            }
        }
        for (Finding finding : List.copyOf(current.values())) {
            if (finding.live() && !violated.contains(finding.ruleId())) {
                changed.add(put(finding.withState(FindingState.RESOLVED, now, null, null, ++version)));
            }
        }
    }

    /** Resolves every live finding of an API that left the inventory. */
    public void resolveApi(String apiId, Instant now, List<Finding> changed) {
        for (Finding finding : List.copyOf(byApi.getOrDefault(apiId, Map.of()).values())) {
            if (finding.live()) {
                changed.add(put(finding.withState(FindingState.RESOLVED, now, null, null, ++version)));
            }
        }
    }

    /** Opens acknowledged findings whose acknowledgement lapsed. */
    public void expireAcknowledgements(Instant now, List<Finding> changed) {
        for (Finding finding : List.copyOf(byId.values())) {
            if (finding.state() == FindingState.ACKNOWLEDGED && finding.acknowledgementLapsed(now)) {
                changed.add(put(finding.withState(FindingState.OPEN, now, null, null, ++version)));
            }
        }
    }

    /**
     * Acknowledges a live, unsuppressed finding (again, to change who, why or until).
     *
     * @throws NoSuchElementException when there is no such finding
     * @throws IllegalStateException            when it is resolved or suppressed
     */
    public Finding acknowledge(String id, String by, String reason, Instant until, Instant now) {
        Finding finding = acknowledgeable(id, until, now);
        return put(finding.withState(
                FindingState.ACKNOWLEDGED, now, new Finding.Acknowledgement(by, reason, now, until), null, ++version));
    }

    /**
     * Checks that {@link #acknowledge} would succeed, without changing anything, so that an action can be refused
     * before it is audited.
     *
     * @return the finding as it is now
     * @throws NoSuchElementException   when there is no such finding
     * @throws IllegalStateException    when it is resolved or suppressed
     * @throws IllegalArgumentException when {@code until} is not after {@code now}
     */
    public Finding acknowledgeable(String id, Instant until, Instant now) {
        Finding finding = existing(id);
        if (finding.state() != FindingState.OPEN && finding.state() != FindingState.ACKNOWLEDGED) {
            throw new IllegalStateException("finding " + id + " is "
                    + finding.state().wire() + "; only open or acknowledged findings can be acknowledged");
        }
        if (!until.isAfter(now)) {
            throw new IllegalArgumentException("until must be in the future: " + until);
        }
        return finding;
    }

    /**
     * Withdraws an acknowledgement: the finding is open again.
     *
     * @throws NoSuchElementException when there is no such finding
     * @throws IllegalStateException            when it is not acknowledged
     */
    public Finding unacknowledge(String id, Instant now) {
        return put(unacknowledgeable(id).withState(FindingState.OPEN, now, null, null, ++version));
    }

    /**
     * Checks that {@link #unacknowledge} would succeed, without changing anything.
     *
     * @return the acknowledged finding as it is now
     * @throws NoSuchElementException when there is no such finding
     * @throws IllegalStateException  when it is not acknowledged
     */
    public Finding unacknowledgeable(String id) {
        Finding finding = existing(id);
        if (finding.state() != FindingState.ACKNOWLEDGED) {
            throw new IllegalStateException(
                    "finding " + id + " is " + finding.state().wire() + ", not acknowledged");
        }
        return finding;
    }

    /** Adds a suppression and suppresses the live findings it covers. */
    public void suppress(Suppression suppression, Instant now, List<Finding> changed) {
        suppressions.put(suppression.id(), suppression);
        for (Finding finding : List.copyOf(byId.values())) {
            if (finding.live()
                    && finding.state() != FindingState.SUPPRESSED
                    && suppression.covers(finding.ruleId(), finding.apiId(), finding.namespace())) {
                changed.add(put(finding.withState(FindingState.SUPPRESSED, now, null, suppression.id(), ++version)));
            }
        }
    }

    /** Removes a suppression; the findings it suppressed are open again unless another suppression covers them. */
    public Suppression unsuppress(String suppressionId, Instant now, List<Finding> changed) {
        Suppression removed = suppressions.remove(suppressionId);
        if (removed == null) {
            return null;
        }
        for (Finding finding : List.copyOf(byId.values())) {
            if (finding.state() == FindingState.SUPPRESSED && suppressionId.equals(finding.suppressionId())) {
                Suppression other = suppressionFor(finding.ruleId(), finding.apiId(), finding.namespace());
                changed.add(put(
                        other == null
                                ? finding.withState(FindingState.OPEN, now, null, null, ++version)
                                : finding.withState(FindingState.SUPPRESSED, now, null, other.id(), ++version)));
            }
        }
        return removed;
    }

    /** The finding, or null. */
    public Finding finding(String id) {
        return byId.get(id);
    }

    /** Every finding. */
    public Collection<Finding> all() {
        return byId.values();
    }

    /** The findings of one API. */
    public Collection<Finding> forApi(String apiId) {
        return byApi.getOrDefault(apiId, Map.of()).values();
    }

    /** The suppression, or null. */
    public Suppression suppression(String id) {
        return suppressions.get(id);
    }

    /** Every suppression. */
    public List<Suppression> suppressions() {
        return List.copyOf(suppressions.values());
    }

    /** The findings confirmed without a state change since the last drain, to persist with the next flush. */
    public List<Finding> drainConfirmed() {
        List<Finding> drained = new ArrayList<>(confirmed.size());
        for (String id : confirmed) {
            Finding finding = byId.get(id);
            if (finding != null) {
                drained.add(finding);
            }
        }
        confirmed.clear();
        return drained;
    }

    /** Suppressed findings keep their suppression; acknowledged ones lapse; everything else is open. */
    private Finding transition(Finding finding, Suppression suppression, Instant now) {
        if (suppression != null) {
            return finding.state() == FindingState.SUPPRESSED
                            && suppression.id().equals(finding.suppressionId())
                    ? finding
                    : finding.withState(FindingState.SUPPRESSED, now, null, suppression.id(), ++version);
        }
        return switch (finding.state()) {
            case SUPPRESSED -> finding.withState(FindingState.OPEN, now, null, null, ++version);
            case ACKNOWLEDGED ->
                finding.acknowledgementLapsed(now)
                        ? finding.withState(FindingState.OPEN, now, null, null, ++version)
                        : finding;
            default -> finding;
        };
    }

    private Suppression suppressionFor(String ruleId, String apiId, String namespace) {
        for (Suppression suppression : suppressions.values()) {
            if (suppression.covers(ruleId, apiId, namespace)) {
                return suppression;
            }
        }
        return null;
    }

    private Finding existing(String id) {
        Finding finding = byId.get(id);
        if (finding == null) {
            throw new NoSuchElementException("no finding " + id);
        }
        return finding;
    }

    private Finding put(Finding finding) {
        byId.put(finding.id(), finding);
        byApi.computeIfAbsent(finding.apiId(), id -> new HashMap<>()).put(finding.ruleId(), finding);
        return finding;
    }
}
