package io.apiguard.detection.correlation;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.NetworkFlow;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.inspect.DataClass;
import io.apiguard.detection.engine.Allowlist;
import io.apiguard.detection.engine.IncidentTracker;
import io.apiguard.detection.engine.KeyedDetection;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Card skimming: an API pod made to copy the card data it serves to an offsite address. Joins the calls an API pod
 * serves whose responses carry card numbers ({@code dataClasses} has {@code card-number}) with the flows that pod opens
 * (flows that name their source pod: Hubble's). Every pod learns the destinations it talks to from its own flows; once
 * that baseline holds enough flows over enough distinct periods, a flow to an offsite destination it never talked to
 * within {@code around} of a card-data call it served raises {@code card-data-egress}, critical, naming the API, the
 * pod, the destination and the calls. The destination joins the baseline as it is seen, so the same pod talking to
 * its usual destinations, whatever the volume and whatever card calls it serves, raises nothing. The join runs both
 * ways: a new destination first seen without card calls waits {@code around} for one to arrive (the calls come
 * through logging, usually later than the flows). Thread-safe (synchronized).
 */
public final class CardSkimmingCorrelator {

    public static final String TYPE = "card-data-egress";

    /** The wire value of the data class this watches. */
    static final String CARD = DataClass.CARD_NUMBER.wire();

    /** Calls named in a summary; the evidence's call ids hold more. */
    private static final int CALLS_IN_SUMMARY = 5;

    /**
     * @param around          how close in time a card-data call and the flow to a new destination must be
     * @param period          the length of a baseline period
     * @param minFlows        flows from a pod before its destinations are a baseline
     * @param minPeriods      distinct periods those flows must span
     * @param offsiteOnly     whether only destinations outside the cluster count (a flow naming the destination's
     *                        pod stays inside)
     * @param maxPods         pods kept (least recently used dropped beyond)
     * @param maxDestinations destinations kept per pod
     * @param maxCalls        recent card-data calls kept per pod
     */
    public record Settings(
            Duration around,
            Duration period,
            int minFlows,
            int minPeriods,
            boolean offsiteOnly,
            int maxPods,
            int maxDestinations,
            int maxCalls) {

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), Duration.ofMinutes(10), 30, 3, true, 10_000, 1_000, 200);
        }
    }

    private record CardCall(String id, String apiId, String subject, String clientIp, long at) {}

    private record NewDestination(NetworkFlow flow, String destination, long at) {}

    /** A pod's destinations, least recently seen dropped beyond its capacity; small until it fills. */
    private static final class Destinations extends LinkedHashMap<String, Long> {
        private static final long serialVersionUID = 1L;
        private final int capacity;

        Destinations(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > capacity;
        }
    }

    private static final class Pod {
        final Destinations destinations;
        final ArrayDeque<CardCall> cardCalls = new ArrayDeque<>();
        final ArrayDeque<NewDestination> waiting = new ArrayDeque<>();
        long flows;
        int periods;
        long lastPeriod = Long.MIN_VALUE;

        Pod(int maxDestinations) {
            this.destinations = new Destinations(maxDestinations);
        }
    }

    private final Settings settings;
    private final long aroundMillis;
    private final long periodMillis;
    private final LruMap<String, Pod> pods;
    private final IncidentTracker incidents;
    private final Allowlist allowlist;

    public CardSkimmingCorrelator(Settings settings, IncidentTracker.Settings incidentSettings, Allowlist allowlist) {
        this.settings = settings;
        this.aroundMillis = settings.around().toMillis();
        this.periodMillis = settings.period().toMillis();
        this.pods = new LruMap<>(settings.maxPods());
        this.incidents = new IncidentTracker(incidentSettings);
        this.allowlist = allowlist;
    }

    /** The incident key of a pod: {@code pod:<namespace>/<name>}. */
    public static String podKey(String namespace, String pod) {
        return "pod:" + namespace + "/" + pod;
    }

    /** Remembers {@code call} when its response carried card data; returns what it completes (a waiting flow). */
    public synchronized List<KeyedDetection> observe(ApiCallRecord call) {
        if (call.dataClasses() == null
                || !call.dataClasses().contains(CARD)
                || call.destination() == null
                || call.destination().namespace() == null
                || call.destination().pod() == null) {
            return List.of();
        }
        String key = podKey(call.destination().namespace(), call.destination().pod());
        Pod pod = pods.get(key, k -> new Pod(settings.maxDestinations()));
        long at = call.timestamp().toEpochMilli();
        pod.cardCalls.addLast(new CardCall(
                call.id().toString(),
                call.api() == null ? null : call.api().apiId(),
                call.identity() == null ? null : call.identity().subject(),
                call.source() == null ? null : call.source().clientIp(),
                at));
        while (pod.cardCalls.size() > settings.maxCalls()) {
            pod.cardCalls.removeFirst();
        }
        List<KeyedDetection> raised = new ArrayList<>();
        for (Iterator<NewDestination> it = pod.waiting.iterator(); it.hasNext(); ) {
            NewDestination waiting = it.next();
            if (at - waiting.at() > aroundMillis) {
                it.remove();
            } else if (Math.abs(at - waiting.at()) <= aroundMillis) {
                it.remove();
                raised.addAll(raise(key, pod, waiting));
            }
        }
        return raised;
    }

    /** Learns from {@code flow} and returns the detections it raises (usually none). */
    public synchronized List<KeyedDetection> observe(NetworkFlow flow) {
        NetworkFlow.Workload source = flow.sourceWorkload();
        if (source == null) {
            return List.of();
        }
        String key = podKey(source.namespace(), source.pod());
        Pod pod = pods.get(key, k -> new Pod(settings.maxDestinations()));
        long at = flow.start().toEpochMilli();
        String destination = flow.destinationIp() + ":" + flow.destinationPort();
        boolean ready = pod.flows >= settings.minFlows() && pod.periods >= settings.minPeriods();
        boolean known = pod.destinations.get(destination) != null;
        learn(pod, destination, at);
        boolean offsite = !settings.offsiteOnly() || flow.destinationWorkload() == null;
        if (!ready || known || !offsite) {
            return List.of();
        }
        NewDestination seen = new NewDestination(flow, destination, at);
        if (nearbyCalls(pod, at).isEmpty()) {
            pod.waiting.addLast(seen);
            while (pod.waiting.size() > settings.maxDestinations()) {
                pod.waiting.removeFirst();
            }
            return List.of();
        }
        return raise(key, pod, seen);
    }

    /** Closes quiet incidents. */
    public synchronized List<KeyedDetection> sweep(long now) {
        return new ArrayList<>(incidents.sweep(now));
    }

    /** Pods whose destinations are learned or being learned. */
    public synchronized int pods() {
        return pods.size();
    }

    private void learn(Pod pod, String destination, long at) {
        pod.destinations.put(destination, at);
        pod.flows++;
        long period = Windows.start(at, periodMillis);
        if (period != pod.lastPeriod) {
            pod.lastPeriod = period;
            pod.periods++;
        }
    }

    private List<CardCall> nearbyCalls(Pod pod, long at) {
        List<CardCall> nearby = new ArrayList<>();
        for (CardCall call : pod.cardCalls) {
            if (Math.abs(call.at() - at) <= aroundMillis) {
                nearby.add(call);
            }
        }
        return nearby;
    }

    private List<KeyedDetection> raise(String key, Pod pod, NewDestination seen) {
        if (allowlist.allows(TYPE, key)) {
            return List.of();
        }
        List<CardCall> calls = nearbyCalls(pod, seen.at());
        // the call closest to the flow first: the likeliest to have caused it
        calls.sort((a, b) -> Long.compare(Math.abs(a.at() - seen.at()), Math.abs(b.at() - seen.at())));
        NetworkFlow flow = seen.flow();
        String apiIds = String.join(
                ", ",
                calls.stream()
                        .map(CardCall::apiId)
                        .filter(id -> id != null)
                        .distinct()
                        .toList());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("cardCalls", (double) calls.size());
        figures.put("knownDestinations", (double) pod.destinations.size() - 1);
        figures.put("baselineFlows", (double) pod.flows - 1);
        figures.put("baselinePeriods", (double) pod.periods);
        figures.put("destinationPort", (double) flow.destinationPort());
        figures.put("bytesSent", (double) flow.bytesSent());
        String summary = "API pod " + key.substring("pod:".length()) + " (API "
                + (apiIds.isEmpty() ? "unknown" : apiIds)
                + ") opened a connection to " + seen.destination() + ", a destination it never talked to in "
                + (pod.flows - 1) + " flows over " + pod.periods + " periods, while serving " + calls.size()
                + " calls carrying card numbers within " + settings.around().toSeconds() + " s: "
                + String.join(
                        ", ",
                        calls.stream().limit(CALLS_IN_SUMMARY).map(CardCall::id).toList())
                + (calls.size() > CALLS_IN_SUMMARY ? ", ..." : "")
                + (flow.bytesSent() > 0 ? "; " + flow.bytesSent() + " bytes left" : "");
        long windowStart =
                Math.min(seen.at(), calls.stream().mapToLong(CardCall::at).min().orElse(seen.at()));
        long windowEnd = Math.max(
                flow.end() == null ? seen.at() : flow.end().toEpochMilli(),
                calls.stream().mapToLong(CardCall::at).max().orElse(seen.at()));
        List<KeyedDetection> raised = new ArrayList<>();
        long now = Math.max(seen.at(), windowEnd);
        for (CardCall call : calls) {
            Signal signal = new Signal(
                    TYPE,
                    key,
                    Severity.CRITICAL,
                    0.9,
                    null,
                    flow.sourceIp(),
                    null,
                    call.apiId(),
                    call.id(),
                    windowStart,
                    windowEnd,
                    figures,
                    summary,
                    "API3:2023",
                    RecommendedActions.MONITOR);
            KeyedDetection detection = incidents.accept(signal, now);
            if (detection != null) {
                raised.add(detection);
            }
        }
        return raised;
    }
}
