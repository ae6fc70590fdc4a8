package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.common.events.ActorKeys;
import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Authentication attacks (API2:2023), per tumbling window: a burst of 401/403 answers per client address or per
 * subject; many subjects or credentials failing from one address (credential stuffing); one subject from many
 * addresses (a stolen or shared token). A corporate proxy with many honest, succeeding users is not stuffing: only
 * principals that failed are counted. What counts as a principal is the verified subject, else the fingerprint of the
 * credential apiguard could not verify: an unverified caller's bursts and addresses are its credential's, never those of
 * the subject its token claims.
 *
 * <p>A verified subject is counted on the call stream, keyed by subject; an address and an unverified credential on
 * the repartitioned stream ({@link #inspectActor}), keyed by that actor, so an address spraying subjects or a credential
 * rotating addresses is counted whole whatever the partitioning.
 */
public final class AuthenticationAttackDetector implements Detector {

    public static final String FAILURE_BURST = "auth-failure-burst";
    public static final String CREDENTIAL_STUFFING = "credential-stuffing";
    public static final String SUBJECT_MANY_IPS = "subject-many-ips";
    static final String OWASP = "API2:2023";

    /**
     * @param window            tumbling window
     * @param failureBurst      401/403 answers in a window that make a burst
     * @param failureRatio      and the share of the window's calls they must be
     * @param stuffingPrincipals distinct subjects or credentials failing from one address in a window
     * @param subjectAddresses  distinct client addresses of one subject (or unverified credential) in a window
     * @param maxKeys           addresses and principals kept each (least recently used dropped beyond)
     */
    public record Settings(
            Duration window,
            int failureBurst,
            double failureRatio,
            int stuffingPrincipals,
            int subjectAddresses,
            int maxKeys) {

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(1), 20, 0.5, 10, 10, 100_000);
        }
    }

    private static final class Counts {
        long window = Long.MIN_VALUE;
        int calls;
        int failures;
        final BoundedHashSet members = new BoundedHashSet(1024);

        void roll(long w) {
            if (window != w) {
                window = w;
                calls = 0;
                failures = 0;
                members.clear();
            }
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final LruMap<String, Counts> addresses;
    private final ActorMap<Counts> principals;

    public AuthenticationAttackDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.addresses = new LruMap<>(settings.maxKeys());
        this.principals = new ActorMap<>(settings.maxKeys());
    }

    /** On the call stream: what a verified subject does, whole in its subject's partition. */
    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        String subject = Calls.subject(call);
        if (subject != null) {
            principal(subject, call, now, out);
        }
    }

    /**
     * On the repartitioned stream: an address's calls (whatever their subjects) and an unverified credential's calls
     * (whatever their addresses), each whole in its own partition.
     */
    @Override
    public void inspectActor(String actorKey, ApiCallRecord call, long now, List<Signal> out) {
        if (ActorKeys.isAddress(actorKey)) {
            address(actorKey, call, now, out);
        } else if (ActorKeys.isFingerprint(actorKey)) {
            principal(actorKey, call, now, out);
        }
    }

    private void address(String key, ApiCallRecord call, long now, List<Signal> out) {
        long window = Windows.start(now, windowMillis);
        boolean failed = Calls.authFailure(call);
        String ip = key.substring(Signal.IP_PREFIX.length());
        String principal = Calls.principal(call);
        Counts counts = addresses.get(ip, k -> new Counts());
        counts.roll(window);
        counts.calls++;
        if (!failed) {
            return;
        }
        counts.failures++;
        if (principal != null) {
            counts.members.add(BoundedHashSet.hash(principal));
        }
        if (counts.members.size() >= settings.stuffingPrincipals()) {
            boolean massive = counts.members.size() >= 3 * settings.stuffingPrincipals();
            out.add(Calls.signal(
                    call,
                    CREDENTIAL_STUFFING,
                    key,
                    massive ? Severity.CRITICAL : Severity.HIGH,
                    0.8 + (massive ? 0.15 : 0),
                    window,
                    window + windowMillis,
                    figures(counts, "failingPrincipals", counts.members.size(), settings.stuffingPrincipals()),
                    counts.members.size() + " different subjects or credentials failed authentication from " + ip
                            + " within " + settings.window().toSeconds() + " s",
                    OWASP,
                    RecommendedActions.BLOCK_IP));
        } else if (burst(counts)) {
            out.add(Calls.signal(
                    call,
                    FAILURE_BURST,
                    key,
                    Severity.HIGH,
                    0.8,
                    window,
                    window + windowMillis,
                    figures(counts, "failures", counts.failures, settings.failureBurst()),
                    counts.failures + " of " + counts.calls + " calls from " + ip + " were refused (401/403) within "
                            + settings.window().toSeconds() + " s",
                    OWASP,
                    RecommendedActions.BLOCK_IP));
        }
    }

    private void principal(String principal, ApiCallRecord call, long now, List<Signal> out) {
        long window = Windows.start(now, windowMillis);
        String ip = Calls.clientIp(call);
        Counts counts = principals.get(principal, k -> new Counts());
        counts.roll(window);
        counts.calls++;
        if (ip != null) {
            counts.members.add(BoundedHashSet.hash(ip));
        }
        if (Calls.authFailure(call)) {
            counts.failures++;
            if (burst(counts)) {
                out.add(Calls.signal(
                        call,
                        FAILURE_BURST,
                        principal,
                        Severity.MEDIUM,
                        0.7,
                        window,
                        window + windowMillis,
                        figures(counts, "failures", counts.failures, settings.failureBurst()),
                        counts.failures + " of " + counts.calls + " calls of " + Calls.describe(principal)
                                + " were refused (401/403) within "
                                + settings.window().toSeconds() + " s",
                        OWASP,
                        RecommendedActions.rateLimit(principal)));
            }
        }
        if (counts.members.size() >= settings.subjectAddresses()) {
            boolean massive = counts.members.size() >= 3 * settings.subjectAddresses();
            out.add(Calls.signal(
                    call,
                    SUBJECT_MANY_IPS,
                    principal,
                    massive ? Severity.HIGH : Severity.MEDIUM,
                    0.65 + (massive ? 0.2 : 0),
                    window,
                    window + windowMillis,
                    figures(counts, "clientAddresses", counts.members.size(), settings.subjectAddresses()),
                    Calls.describe(principal) + " called from " + counts.members.size()
                            + " different addresses within "
                            + settings.window().toSeconds()
                            + " s (shared or stolen credential)",
                    OWASP,
                    RecommendedActions.block(principal)));
        }
    }

    private boolean burst(Counts counts) {
        return counts.failures >= settings.failureBurst() && counts.failures >= settings.failureRatio() * counts.calls;
    }

    private static Map<String, Double> figures(Counts counts, String name, double value, double threshold) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(name, value);
        figures.put("threshold", threshold);
        figures.put("calls", (double) counts.calls);
        figures.put("failures", (double) counts.failures);
        return figures;
    }
}
