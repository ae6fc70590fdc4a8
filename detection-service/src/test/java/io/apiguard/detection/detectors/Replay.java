package io.apiguard.detection.detectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.detection.engine.ActorRouting;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Signal;

/**
 * Runs calls through one detector at their own event time and collects the signals: as the call stream does, then
 * under each of the call's actor keys as the repartitioned stream does (one detector holding every partition).
 */
final class Replay {

    private final Detector detector;
    final List<Signal> signals = new ArrayList<>();

    Replay(Detector detector) {
        this.detector = detector;
    }

    Replay run(ApiCallRecord call) {
        long now = call.timestamp().toEpochMilli();
        detector.inspect(call, now, signals);
        for (String key : ROUTING.keys(call)) {
            detector.inspectActor(key, call, now, signals);
        }
        return this;
    }

    private static final ActorRouting ROUTING = ActorRouting.defaults();

    Replay run(List<ApiCallRecord> calls) {
        calls.forEach(this::run);
        return this;
    }

    /** Signals about {@code incidentKey}. */
    List<Signal> about(String incidentKey) {
        return signals.stream().filter(s -> s.incidentKey().equals(incidentKey)).toList();
    }

    Set<String> types(String incidentKey) {
        return about(incidentKey).stream().map(Signal::type).collect(Collectors.toSet());
    }
}
