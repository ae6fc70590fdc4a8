package io.apiguard.detection.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.Severity;

/**
 * Folds signals into incidents so one ongoing attack is one detection that is updated, not a flood: signals of the same
 * type and incident key join the open incident until it has been quiet for the idle timeout. A new incident is
 * published at once; an update only when its severity rose or the publish interval passed; a closing incident once
 * more with its final figures. The incident id is derived from type, key and the idle-timeout bucket of its first
 * signal, so a replica that takes the partition over, or a replay, names the same incident the same way. The key is a
 * verified subject, {@code ip:<address>} or {@code fp:<fingerprint>}; only a subject key makes a detection name a
 * subject.
 * One per partition; not thread-safe.
 */
public final class IncidentTracker {

    /** How many client addresses, credential fingerprints and API ids one detection carries. */
    static final int MAX_ADDRESSES = 20;

    /**
     * @param idleTimeout     an incident without a signal for this long closes
     * @param publishInterval minimum time between two published updates of one incident
     * @param maxOpen         open incidents kept per partition (least recently updated dropped beyond)
     */
    public record Settings(Duration idleTimeout, Duration publishInterval, int maxOpen) {}

    private final long idleMillis;
    private final long publishMillis;
    private final LruMap<String, Incident> open;

    public IncidentTracker(Settings settings) {
        this.idleMillis = settings.idleTimeout().toMillis();
        this.publishMillis = settings.publishInterval().toMillis();
        this.open = new LruMap<>(settings.maxOpen());
    }

    /** Folds {@code signal} in at event time {@code now}; returns the detection to publish, or null. */
    public KeyedDetection accept(Signal signal, long now) {
        String key = signal.type() + '\n' + signal.incidentKey();
        Incident incident = open.get(key);
        if (incident != null && now - incident.lastSignal > idleMillis) {
            open.remove(key);
            incident = null;
        }
        if (incident == null) {
            incident = new Incident(signal, now, idFor(signal.type(), signal.incidentKey(), now, idleMillis));
            open.put(key, incident);
            incident.lastPublished = now;
            incident.publishedSeverity = incident.severity;
            return incident.toDetection(DetectionState.OPEN, now);
        }
        incident.merge(signal, now);
        if (incident.severity.compareTo(incident.publishedSeverity) > 0
                || now - incident.lastPublished >= publishMillis) {
            incident.lastPublished = now;
            incident.publishedSeverity = incident.severity;
            return incident.toDetection(DetectionState.ONGOING, now);
        }
        incident.dirty = true;
        return null;
    }

    /** Closes the incidents quiet for longer than the idle timeout at {@code now}; returns their final version. */
    public List<KeyedDetection> sweep(long now) {
        List<KeyedDetection> closed = new ArrayList<>();
        for (Iterator<Incident> it = open.values().iterator(); it.hasNext(); ) {
            Incident incident = it.next();
            if (now - incident.lastSignal > idleMillis) {
                it.remove();
                closed.add(incident.toDetection(DetectionState.CLOSED, now));
            }
        }
        return closed;
    }

    /** Drops the open incident of {@code type} and {@code incidentKey} (marked false positive). */
    public void forget(String type, String incidentKey) {
        open.remove(type + '\n' + incidentKey);
    }

    public int openCount() {
        return open.size();
    }

    /** The stable id of an incident whose first signal came at {@code firstSignal}. */
    public static String idFor(String type, String incidentKey, long firstSignal, long bucketMillis) {
        long bucket = Windows.start(firstSignal, bucketMillis);
        return UUID.nameUUIDFromBytes((type + '\n' + incidentKey + '\n' + bucket).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static final class Incident {
        final String id;
        final String type;
        final String key;
        final String subject;
        final long first;
        final Set<String> clientIps = new LinkedHashSet<>();
        final Set<String> fingerprints = new LinkedHashSet<>();
        final Set<String> apiIds = new LinkedHashSet<>();
        final Set<String> callIds = new LinkedHashSet<>();
        long lastSignal;
        long windowStart;
        long windowEnd;
        Severity severity;
        Severity publishedSeverity;
        double confidence;
        Map<String, Double> figures;
        String summary;
        String owasp;
        String action;
        long lastPublished;
        boolean dirty;

        Incident(Signal signal, long now, String id) {
            this.id = id;
            this.type = signal.type();
            this.key = signal.incidentKey();
            // An address- or credential-keyed incident (stuffing, an address's rate, an unverified caller) is about the
            // address or the credential, never a subject: not one of the address's callers, not what a token claims.
            this.subject = Signal.isCallerKey(key) ? null : signal.subject();
            this.first = now;
            this.windowStart = signal.windowStart();
            this.windowEnd = signal.windowEnd();
            this.severity = signal.severity();
            this.owasp = signal.owaspCategory();
            this.action = signal.recommendedAction();
            merge(signal, now);
        }

        void merge(Signal signal, long now) {
            lastSignal = Math.max(lastSignal, now);
            windowStart = Math.min(windowStart, signal.windowStart());
            windowEnd = Math.max(windowEnd, signal.windowEnd());
            if (signal.severity().compareTo(severity) > 0) {
                severity = signal.severity();
                action = signal.recommendedAction();
            }
            confidence = Math.max(confidence, signal.confidence());
            figures = signal.figures();
            summary = signal.summary();
            add(clientIps, signal.clientIp(), MAX_ADDRESSES);
            add(fingerprints, signal.credentialFingerprint(), MAX_ADDRESSES);
            add(apiIds, signal.apiId(), MAX_ADDRESSES);
            add(callIds, signal.callId(), Detection.Evidence.MAX_CALL_IDS);
        }

        KeyedDetection toDetection(DetectionState state, long now) {
            dirty = false;
            return new KeyedDetection(
                    key,
                    new Detection(
                            id,
                            type,
                            severity,
                            confidence,
                            subject,
                            List.copyOf(clientIps),
                            List.copyOf(apiIds),
                            Instant.ofEpochMilli(Math.min(windowStart, first)),
                            Instant.ofEpochMilli(Math.max(windowEnd, lastSignal)),
                            new Detection.Evidence(List.copyOf(callIds), figures, summary),
                            owasp,
                            action,
                            state,
                            Instant.ofEpochMilli(Math.max(now, lastSignal)),
                            List.copyOf(fingerprints)));
        }

        private static void add(Set<String> set, String value, int cap) {
            if (value != null && set.size() < cap) {
                set.add(value);
            }
        }
    }
}
