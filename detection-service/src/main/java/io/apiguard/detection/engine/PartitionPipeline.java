package io.apiguard.detection.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.json.StoredJson;

/**
 * Every enabled detector's state for one Kafka partition, plus its incidents: what moves between replicas on a
 * rebalance. Calls are processed in partition order; the partition's clock is the newest event time seen, so windows
 * and baselines follow the data, not the wall clock. Methods are synchronized: the consumer thread processes while the
 * scheduler persists or sweeps (uncontended in the common case).
 */
public final class PartitionPipeline {

    private static final Logger LOGGER = Logger.getLogger(PartitionPipeline.class);

    private final int partition;
    private final List<DetectorDefinition> definitions;
    private final List<Detector> detectors;
    private final IncidentTracker incidents;
    private final Allowlist allowlist;
    private final List<Signal> signals = new ArrayList<>();
    private long clock = Long.MIN_VALUE;
    private long processed;

    public PartitionPipeline(
            int partition,
            List<DetectorDefinition> definitions,
            IncidentTracker.Settings incidentSettings,
            Allowlist allowlist) {
        this.partition = partition;
        this.definitions = List.copyOf(definitions);
        this.detectors = definitions.stream().map(DetectorDefinition::create).toList();
        this.incidents = new IncidentTracker(incidentSettings);
        this.allowlist = allowlist;
    }

    public int partition() {
        return partition;
    }

    /** Runs every detector on {@code call}; returns the detections to store and publish (usually none). */
    public synchronized List<KeyedDetection> process(ApiCallRecord call) {
        long now = call.timestamp().toEpochMilli();
        clock = Math.max(clock, now);
        processed++;
        for (int i = 0; i < detectors.size(); i++) {
            detectors.get(i).inspect(call, now, signals);
        }
        return raised(now);
    }

    /**
     * Runs every detector's per-actor logic on {@code call}, read from the repartitioned stream under {@code actorKey}
     * ({@link Detector#inspectActor}); returns the detections to store and publish (usually none).
     */
    public synchronized List<KeyedDetection> processActor(String actorKey, ApiCallRecord call) {
        long now = call.timestamp().toEpochMilli();
        clock = Math.max(clock, now);
        processed++;
        for (int i = 0; i < detectors.size(); i++) {
            detectors.get(i).inspectActor(actorKey, call, now, signals);
        }
        return raised(now);
    }

    private List<KeyedDetection> raised(long now) {
        if (signals.isEmpty()) {
            return List.of();
        }
        List<KeyedDetection> out = new ArrayList<>(signals.size());
        for (Signal signal : signals) {
            if (allowlist.allows(signal.type(), signal.incidentKey())) {
                continue;
            }
            KeyedDetection detection = incidents.accept(signal, now);
            if (detection != null) {
                out.add(detection);
            }
        }
        signals.clear();
        return out;
    }

    /**
     * Closes incidents quiet for longer than their idle timeout. {@code wallClock} lets incidents close while no call
     * arrives; the later of it and the partition's clock is used.
     */
    public synchronized List<KeyedDetection> sweep(long wallClock) {
        return incidents.sweep(Math.max(clock, wallClock));
    }

    /** Forgets the open incident an operator marked false positive. */
    public synchronized void forget(String type, String incidentKey) {
        incidents.forget(type, incidentKey);
    }

    /** The learned baselines of every detector, as JSON, keyed by detector name. */
    public synchronized Map<String, String> snapshot(ObjectMapper mapper) {
        Map<String, String> snapshot = new LinkedHashMap<>();
        for (int i = 0; i < detectors.size(); i++) {
            Object baselines = detectors.get(i).baselines();
            if (baselines != null) {
                snapshot.put(
                        definitions.get(i).name(),
                        StoredJson.write(
                                mapper,
                                baselines,
                                "baselines of " + definitions.get(i).name()));
            }
        }
        return snapshot;
    }

    /** Restores baselines written by {@link #snapshot(ObjectMapper)}; unknown detectors are ignored. */
    public synchronized void restore(Map<String, String> snapshot, ObjectMapper mapper) {
        for (int i = 0; i < detectors.size(); i++) {
            String json = snapshot.get(definitions.get(i).name());
            if (json != null) {
                try {
                    detectors.get(i).restore(mapper.readTree(json));
                } catch (JsonProcessingException | RuntimeException e) {
                    // A baseline written by an older, incompatible version is relearned rather than failing the
                    // partition.
                    LOGGER.warnf(
                            "Partition %d: ignoring unreadable baselines of %s: %s",
                            partition, definitions.get(i).name(), e.getMessage());
                }
            }
        }
    }

    public synchronized long processed() {
        return processed;
    }

    public synchronized int openIncidents() {
        return incidents.openCount();
    }
}
