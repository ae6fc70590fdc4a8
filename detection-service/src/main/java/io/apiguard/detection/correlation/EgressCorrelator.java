package io.apiguard.detection.correlation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.common.events.Detection;
import io.apiguard.common.events.DetectionState;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.Ewma;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Joins network flow records to API identities: every detection marks its subject's client addresses as watched for a
 * while; a flow from a watched address whose bytes sent in the window are far above that address's egress baseline
 * (or, unlearned, above an absolute floor) raises {@code egress-after-detection}. Egress baselines are learned from
 * every address's flows. Flows are keyed by address, calls by subject, so this state is per replica, not per
 * partition: every replica learns flagged subjects from {@code apiguard.detections}. Thread-safe (synchronized).
 */
public final class EgressCorrelator {

    public static final String TYPE = "egress-after-detection";

    /**
     * @param watchFor           how long after a detection its addresses are watched
     * @param window             tumbling egress window
     * @param minBytes           bytes sent in a window below which nothing is raised
     * @param deviations         standard deviations above the egress mean that count as unusual
     * @param factor             and the multiple of the mean
     * @param minBaselineWindows windows before an egress baseline is trusted
     * @param alpha              EWMA weight of a new window
     * @param maxAddresses       addresses kept (least recently used dropped beyond)
     */
    public record Settings(
            Duration watchFor,
            Duration window,
            long minBytes,
            double deviations,
            double factor,
            int minBaselineWindows,
            double alpha,
            int maxAddresses) {

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(30), Duration.ofMinutes(1), 10_000_000, 4, 3, 3, 0.2, 100_000);
        }
    }

    private record Watch(
            String subject, String detectionId, String detectionType, String owasp, long from, long until) {}

    private static final class Egress {
        final Ewma baseline = new Ewma();
        long window = Long.MIN_VALUE;
        long bytes;
        boolean flagged;
    }

    private final Settings settings;
    private final long windowMillis;
    private final LruMap<String, Watch> watched;
    private final LruMap<String, Egress> egress;
    private final IncidentTracker incidents;
    private final Allowlist allowlist;

    public EgressCorrelator(Settings settings, IncidentTracker.Settings incidentSettings, Allowlist allowlist) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.watched = new LruMap<>(settings.maxAddresses());
        this.egress = new LruMap<>(settings.maxAddresses());
        this.incidents = new IncidentTracker(incidentSettings);
        this.allowlist = allowlist;
    }

    /** Watches the client addresses of {@code detection} (its own detections and false positives excepted). */
    public synchronized void flag(Detection detection) {
        if (TYPE.equals(detection.type())
                || detection.state() == DetectionState.FALSE_POSITIVE
                || detection.state() == DetectionState.CLOSED) {
            return;
        }
        long from = detection.windowStart().toEpochMilli();
        long until = detection.updatedAt().toEpochMilli() + settings.watchFor().toMillis();
        for (String ip : detection.clientIps()) {
            Watch previous = watched.get(ip);
            watched.put(
                    ip,
                    new Watch(
                            detection.subject(),
                            detection.id(),
                            detection.type(),
                            detection.owaspCategory(),
                            previous == null ? from : Math.min(previous.from(), from),
                            until));
        }
    }

    /** Learns from {@code flow} and returns the detections it raises (usually none). */
    public synchronized List<KeyedDetection> observe(NetworkFlow flow) {
        long now = (flow.end() != null ? flow.end() : flow.start()).toEpochMilli();
        Egress state = egress.get(flow.sourceIp(), k -> new Egress());
        long window = Windows.start(now, windowMillis);
        if (state.window != window) {
            if (state.window != Long.MIN_VALUE && !state.flagged) {
                state.baseline.add(state.bytes, settings.alpha());
            }
            state.window = window;
            state.bytes = 0;
            state.flagged = false;
        }
        state.bytes += flow.bytesSent();
        Watch watch = watched.get(flow.sourceIp());
        if (watch == null || now < watch.from() || now > watch.until()) {
            return List.of();
        }
        boolean learned = state.baseline.learned(settings.minBaselineWindows());
        double threshold = Math.max(
                settings.minBytes(), learned ? state.baseline.threshold(settings.deviations(), settings.factor()) : 0);
        if (state.bytes <= threshold) {
            return List.of();
        }
        state.flagged = true;
        String key = watch.subject() != null ? watch.subject() : Signal.ipKey(flow.sourceIp());
        if (allowlist.allows(TYPE, key)) {
            return List.of();
        }
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("bytesSent", (double) state.bytes);
        figures.put("egressBaseline", Math.round(state.baseline.mean() * 100) / 100.0);
        figures.put("threshold", Math.round(threshold * 100) / 100.0);
        figures.put("destinationPort", (double) flow.destinationPort());
        Signal signal = new Signal(
                TYPE,
                key,
                Severity.CRITICAL,
                learned ? 0.9 : 0.75,
                watch.subject(),
                flow.sourceIp(),
                null,
                null,
                null,
                window,
                window + windowMillis,
                figures,
                flow.sourceIp() + " (" + (watch.subject() == null ? "no verified subject" : watch.subject())
                        + ", flagged by "
                        + watch.detectionType() + " " + watch.detectionId() + ") sent " + state.bytes + " bytes to "
                        + flow.destinationIp() + ":" + flow.destinationPort() + " in "
                        + settings.window().toSeconds() + " s",
                watch.owasp() == null ? "API3:2023" : watch.owasp(),
                RecommendedActions.BLOCK_IP);
        KeyedDetection detection = incidents.accept(signal, now);
        return detection == null ? List.of() : List.of(detection);
    }

    /** Closes quiet incidents. */
    public synchronized List<KeyedDetection> sweep(long now) {
        return new ArrayList<>(incidents.sweep(now));
    }

    public synchronized int watchedAddresses() {
        return watched.size();
    }
}
