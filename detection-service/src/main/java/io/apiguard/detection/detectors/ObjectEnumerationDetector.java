package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ActorKeys;
import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Ewma;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Object enumeration / BOLA (API1:2023): per subject and endpoint template, in a tumbling window, the distinct object
 * ids touched far above both the subject's own baseline for that endpoint and the endpoint's baseline over all
 * subjects (at least one of them learned); a run of sequential numeric ids (id walking); many 404s on object ids. A busy honest user who calls an
 * endpoint a thousand times on his own few objects stays far below every threshold. Windows that raised a signal are
 * not learned, so an attacker does not teach the baseline his attack. An unverified or anonymous caller is counted by
 * its credential and by its address ({@link Calls#actor}, {@link Calls#secondActor}); the endpoint's baseline learns
 * from subjects and addresses only, so one such call is never learned twice.
 */
public final class ObjectEnumerationDetector implements Detector {

    public static final String TYPE = "object-enumeration";
    static final String OWASP = "API1:2023";

    /**
     * @param window             tumbling window per subject and endpoint
     * @param minDistinct        distinct objects in a window below which nothing is raised
     * @param deviations         standard deviations above the baselines' mean that count as far above
     * @param factor             and the multiple of the mean that counts as far above
     * @param minBaselineWindows windows before a baseline is trusted
     * @param alpha              EWMA weight of a new window
     * @param sequentialRun      consecutive ids differing by one that count as id walking
     * @param notFoundMin        404s on object ids in a window that count as probing
     * @param notFoundRatio      and the share of the window's calls they must be
     * @param maxObjectsPerKey   distinct ids counted per subject and endpoint per window
     * @param maxKeys            subject and endpoint pairs kept (least recently used dropped beyond)
     */
    public record Settings(
            Duration window,
            int minDistinct,
            double deviations,
            double factor,
            int minBaselineWindows,
            double alpha,
            int sequentialRun,
            int notFoundMin,
            double notFoundRatio,
            int maxObjectsPerKey,
            int maxKeys) {

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), 30, 4, 3, 3, 0.2, 20, 20, 0.5, 1024, 100_000);
        }
    }

    /** What a restart keeps: the per subject and endpoint baselines, and the per endpoint baselines. */
    public record Baselines(Map<String, Ewma> subjects, Map<String, Ewma> endpoints) {}

    private static final class KeyState {
        final Ewma baseline;
        long window = Long.MIN_VALUE;
        BoundedHashSet ids;
        int calls;
        int notFound;
        long lastNumeric = Long.MIN_VALUE;
        int run;
        boolean flagged;

        KeyState(Ewma baseline) {
            this.baseline = baseline;
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final ActorMap<KeyState> keys;
    private final LruMap<String, Ewma> endpoints;

    public ObjectEnumerationDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.keys = new ActorMap<>(settings.maxKeys());
        this.endpoints = new LruMap<>(Math.max(1000, settings.maxKeys() / 10));
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        List<ApiCallRecord.ObjectRef> objects = call.objects();
        if (objects.isEmpty()) {
            return;
        }
        String actor = Calls.actor(call);
        if (actor == null) {
            return;
        }
        String template = Calls.template(call);
        Ewma endpoint = endpoints.get(template, k -> new Ewma());
        long window = Windows.start(now, windowMillis);
        inspect(call, objects, actor, template, endpoint, window, out);
        String second = Calls.secondActor(call);
        if (second != null) {
            inspect(call, objects, second, template, endpoint, window, out);
        }
    }

    private void inspect(
            ApiCallRecord call,
            List<ApiCallRecord.ObjectRef> objects,
            String actor,
            String template,
            Ewma endpoint,
            long window,
            List<Signal> out) {
        KeyState state = keys.get(actor + '\n' + template, k -> new KeyState(new Ewma()));
        if (state.window != window) {
            // A credential's window is also its address's: learned once, under the address.
            close(state, ActorKeys.isFingerprint(actor) ? null : endpoint);
            state.window = window;
        }
        state.calls++;
        if (call.status() == 404) {
            state.notFound++;
        }
        for (int i = 0; i < objects.size(); i++) {
            ApiCallRecord.ObjectRef object = objects.get(i);
            state.ids.add(BoundedHashSet.hash(object.resourceType()) * 31 + BoundedHashSet.hash(object.objectId()));
        }
        long numeric = Calls.numericId(objects.get(objects.size() - 1).objectId());
        if (numeric != Long.MIN_VALUE
                && state.lastNumeric != Long.MIN_VALUE
                && Math.abs(numeric - state.lastNumeric) == 1) {
            state.run++;
        } else if (numeric != state.lastNumeric) {
            state.run = numeric == Long.MIN_VALUE ? 0 : 1;
        }
        state.lastNumeric = numeric;

        int distinct = state.ids.size();
        boolean subjectLearned = state.baseline.learned(settings.minBaselineWindows());
        boolean endpointLearned = endpoint.learned(settings.minBaselineWindows());
        double subjectThreshold =
                subjectLearned ? state.baseline.threshold(settings.deviations(), settings.factor()) : 0;
        double endpointThreshold = endpointLearned ? endpoint.threshold(settings.deviations(), settings.factor()) : 0;
        // With no baseline at all there is nothing to be far above: a new, busy subject on a new endpoint is learned,
        // not flagged (id walking and 404 probing still are).
        boolean many = distinct >= settings.minDistinct()
                && (subjectLearned || endpointLearned)
                && distinct > subjectThreshold
                && distinct > endpointThreshold;
        boolean walking = state.run >= settings.sequentialRun();
        boolean probing =
                state.notFound >= settings.notFoundMin() && state.notFound >= settings.notFoundRatio() * state.calls;
        if (!(many || walking || probing)) {
            return;
        }
        state.flagged = true;
        int criteria = (many ? 1 : 0) + (walking ? 1 : 0) + (probing ? 1 : 0);
        double reference = Math.max(settings.minDistinct(), Math.max(subjectThreshold, endpointThreshold));
        Severity severity = criteria >= 2 || distinct >= 10 * reference ? Severity.CRITICAL : Severity.HIGH;
        // The prior says which criteria fired and against which baselines; the evidence how clearly: a walker touches
        // a new object on nearly every call, an honest user rereads his own (distinctness), and how far past the
        // thresholds the window went.
        double prior = 0.55 + 0.15 * criteria + (subjectLearned ? 0.1 : 0) + (endpointLearned ? 0.05 : 0);
        double margin = Math.max(
                many ? Confidence.past(distinct, reference) : 0,
                Math.max(
                        walking ? Confidence.past(state.run, settings.sequentialRun()) : 0,
                        probing ? Confidence.past(state.notFound, settings.notFoundMin()) : 0));
        double confidence = Confidence.calibrated(prior, List.of(distinct / (double) state.calls, margin));
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("distinctObjects", (double) distinct);
        figures.put("calls", (double) state.calls);
        figures.put("subjectBaseline", Calls.round(state.baseline.mean()));
        figures.put("subjectThreshold", Calls.round(subjectThreshold));
        figures.put("endpointBaseline", Calls.round(endpoint.mean()));
        figures.put("endpointThreshold", Calls.round(endpointThreshold));
        figures.put("sequentialRun", (double) state.run);
        figures.put("notFound", (double) state.notFound);
        StringBuilder summary = new StringBuilder(Calls.describe(actor))
                .append(" touched ")
                .append(distinct)
                .append(" distinct objects on ")
                .append(call.api().method())
                .append(' ')
                .append(template)
                .append(" in ")
                .append(settings.window().toMinutes())
                .append(" min");
        if (walking) {
            summary.append(", walking ids sequentially (run of ")
                    .append(state.run)
                    .append(')');
        }
        if (probing) {
            summary.append(", ")
                    .append(state.notFound)
                    .append(" of ")
                    .append(state.calls)
                    .append(" calls answered 404");
        }
        out.add(Calls.signal(
                call,
                TYPE,
                actor,
                severity,
                confidence,
                window,
                window + windowMillis,
                figures,
                summary.toString(),
                OWASP,
                RecommendedActions.block(actor)));
    }

    private void close(KeyState state, Ewma endpoint) {
        if (state.ids == null) {
            state.ids = new BoundedHashSet(settings.maxObjectsPerKey());
        } else if (state.calls > 0) {
            if (!state.flagged) {
                state.baseline.add(state.ids.size(), settings.alpha());
                if (endpoint != null) {
                    endpoint.add(state.ids.size(), settings.alpha());
                }
            }
            state.ids.clear();
        }
        state.calls = 0;
        state.notFound = 0;
        state.run = 0;
        state.lastNumeric = Long.MIN_VALUE;
        state.flagged = false;
    }

    @Override
    public Object baselines() {
        Map<String, Ewma> subjects = new LinkedHashMap<>();
        keys.forEach((key, state) -> {
            if (state.baseline.samples() > 0) {
                subjects.put(key, state.baseline);
            }
        });
        return new Baselines(subjects, new LinkedHashMap<>(endpoints));
    }

    @Override
    public void restore(JsonNode json) {
        Baselines baselines = EventJson.mapper().convertValue(json, new TypeReference<Baselines>() {});
        keys.clear();
        endpoints.clear();
        if (baselines.subjects() != null) {
            baselines.subjects().forEach((key, ewma) -> keys.put(key, new KeyState(ewma)));
        }
        if (baselines.endpoints() != null) {
            endpoints.putAll(baselines.endpoints());
        }
    }

    /** The baseline of {@code actor} on {@code template}, for tests and the detector view; null when unknown. */
    public Ewma baseline(String actor, String template) {
        KeyState state = keys.get(actor + '\n' + template);
        return state == null ? null : state.baseline;
    }
}
