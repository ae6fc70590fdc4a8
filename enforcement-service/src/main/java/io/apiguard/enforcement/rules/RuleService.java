package io.apiguard.enforcement.rules;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.EnforcementEventKind;
import io.apiguard.common.events.EnforcementRule;
import io.apiguard.enforcement.events.EnforcementEventProducer;
import io.apiguard.enforcement.policy.Policy;
import io.apiguard.enforcement.ruleset.RuleSetPublisher;
import io.apiguard.enforcement.ruleset.SignedRuleSet;
import io.apiguard.support.leader.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Every change to the rules, from operators, from policy and from the clock: each is stored, then the rule set is
 * rebuilt (a new version, pushed to sidecars), then one {@code apiguard.enforcement} event per rule names that version.
 */
@ApplicationScoped
public class RuleService {

    private static final Logger LOGGER = Logger.getLogger(RuleService.class);

    private final RuleRepository repository;
    private final RuleSetPublisher publisher;
    private final EnforcementEventProducer events;
    private final Policy policy;
    private final Leadership leadership;
    private final Clock clock = Clock.systemUTC();

    RuleService(
            RuleRepository repository,
            RuleSetPublisher publisher,
            EnforcementEventProducer events,
            Policy policy,
            Leadership leadership) {
        this.repository = repository;
        this.publisher = publisher;
        this.events = events;
        this.policy = policy;
        this.leadership = leadership;
    }

    /** Stores an operator's new rule (or replaces one); completes once the set with it is current. */
    public Uni<EnforcementRule> save(EnforcementRule rule, boolean existed) {
        Instant now = clock.instant();
        EnforcementEventKind kind = existed ? EnforcementEventKind.RULE_CHANGED : EnforcementEventKind.RULE_CREATED;
        return repository
                .save(rule, now)
                .flatMap(ignored -> publishAfterRebuild(List.of(new Change(kind, rule)), now))
                .replaceWith(rule);
    }

    /** Deletes an active rule; null when there was none. */
    public Uni<StoredRule> delete(String id) {
        Instant now = clock.instant();
        return repository
                .retire(id, RuleState.DELETED, now)
                .flatMap(retired -> retired == null
                        ? Uni.createFrom().nullItem()
                        : publishAfterRebuild(
                                        List.of(new Change(EnforcementEventKind.RULE_EXPIRED, retired.rule())), now)
                                .replaceWith(retired));
    }

    /**
     * Applies a detection: a false positive withdraws the rules made from it; a qualifying detection creates its rules
     * or, when it goes on, extends them once less than half their TTL is left (so an incident republished every few
     * seconds does not make a new version every few seconds).
     */
    public Uni<Void> apply(Detection detection) {
        Instant now = clock.instant();
        if (detection.state() == DetectionState.FALSE_POSITIVE) {
            return repository.activeOfDetection(detection.id()).flatMap(active -> {
                if (active.isEmpty()) {
                    return Uni.createFrom().voidItem();
                }
                List<Uni<StoredRule>> retired = active.stream()
                        .map(stored -> repository.retire(stored.rule().id(), RuleState.DELETED, now))
                        .toList();
                return Uni.join()
                        .all(retired)
                        .andFailFast()
                        .flatMap(rules -> publishAfterRebuild(
                                rules.stream()
                                        .filter(rule -> rule != null)
                                        .map(rule -> new Change(EnforcementEventKind.RULE_EXPIRED, rule.rule()))
                                        .toList(),
                                now));
            });
        }
        List<EnforcementRule> wanted = policy.rulesFor(detection, now);
        if (wanted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Duration ttl = policy.config().defaultTtl();
        return repository.activeOfDetection(detection.id()).flatMap(existing -> {
            List<Change> changes = new ArrayList<>();
            List<Uni<Void>> writes = new ArrayList<>();
            for (EnforcementRule rule : wanted) {
                StoredRule stored = existing.stream()
                        .filter(candidate -> candidate.rule().id().equals(rule.id()))
                        .findFirst()
                        .orElse(null);
                if (stored == null) {
                    changes.add(new Change(EnforcementEventKind.RULE_CREATED, rule));
                    writes.add(repository.save(rule, now));
                } else if (needsUpdate(stored.rule(), rule, now, ttl)) {
                    EnforcementRule extended = new EnforcementRule(
                            rule.id(),
                            rule.match(),
                            rule.action(),
                            rule.ratePerSecond(),
                            rule.reason(),
                            rule.detectionId(),
                            rule.createdBy(),
                            stored.rule().createdAt(),
                            rule.expiresAt(),
                            rule.mode(),
                            rule.rateKey());
                    changes.add(new Change(EnforcementEventKind.RULE_CHANGED, extended));
                    writes.add(repository.save(extended, now));
                }
            }
            if (writes.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Uni.join().all(writes).andFailFast().flatMap(ignored -> publishAfterRebuild(changes, now));
        });
    }

    /**
     * Expires due rules every second, so they leave the set on time (sidecars also ignore expired rules by then).
     * Leader only: one sweep announces each expiry and pushes the set without it.
     */
    @Scheduled(
            every = "${apiguard.enforcement.expiry-interval:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        if (publisher.current() == null || !leadership.isLeader()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return repository
                .expireDue(now)
                .flatMap(expired -> expired.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : publishAfterRebuild(
                                expired.stream()
                                        .map(rule -> new Change(EnforcementEventKind.RULE_EXPIRED, rule.rule()))
                                        .toList(),
                                now))
                .onFailure()
                .recoverWithItem(failure -> {
                    LOGGER.warnf("Rule expiry failed: %s", failure.getMessage());
                    return null;
                });
    }

    /** Whether a rule stored from a detection must be written again: its TTL is half gone, or what it does changed. */
    static boolean needsUpdate(EnforcementRule stored, EnforcementRule wanted, Instant now, Duration ttl) {
        boolean halfGone = stored.expiresAt() != null
                && Duration.between(now, stored.expiresAt()).compareTo(ttl.dividedBy(2)) < 0;
        return halfGone
                || stored.action() != wanted.action()
                || stored.mode() != wanted.mode()
                || !stored.match().equals(wanted.match())
                // a rule stored before policy shared its buckets (or with another rate) takes the new ones
                || !java.util.Objects.equals(stored.ratePerSecond(), wanted.ratePerSecond())
                || stored.rateKey() != wanted.rateKey();
    }

    private Uni<Void> publishAfterRebuild(List<Change> changes, Instant now) {
        return publisher.rebuild().flatMap(set -> publish(set, changes, now));
    }

    private Uni<Void> publish(SignedRuleSet set, List<Change> changes, Instant now) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long version = set.ruleSet().version();
        return Uni.join()
                .all(changes.stream()
                        .map(change -> events.rule(change.kind(), change.rule(), version, now))
                        .toList())
                .andFailFast()
                .replaceWithVoid();
    }

    private record Change(EnforcementEventKind kind, EnforcementRule rule) {}
}
