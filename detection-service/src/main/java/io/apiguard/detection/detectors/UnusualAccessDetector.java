package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Unusual object access (API1:2023), the canonical Level 4 case: after a learning period, a subject touches resource
 * types or objects outside the set it learned. A subject whose learned object set is full (a support agent who
 * legitimately sees thousands of records) is judged on resource types only. Novelty in a window that raised nothing
 * is absorbed, so honest drift does not fire forever. An unverified or anonymous caller learns and is judged as its
 * credential and as its address, never as the subject its credential claims.
 */
public final class UnusualAccessDetector implements Detector {

    public static final String TYPE = "unusual-object-access";
    static final String OWASP = "API1:2023";

    /**
     * @param learningPeriod     event time after a subject's first call during which it only learns
     * @param minLearningCalls   and calls it must have made before it is judged
     * @param window             tumbling window in which novel touches are counted
     * @param minNovelObjects    objects outside the learned set in a window that raise a detection
     * @param minNovelTypeCalls  calls on resource types outside the learned set in a window that raise one
     * @param maxLearnedObjects  objects learned per subject (beyond: judged on types only)
     * @param maxLearnedTypes    resource types learned per subject
     * @param maxSubjects        subjects kept (least recently used dropped beyond)
     */
    public record Settings(
            Duration learningPeriod,
            int minLearningCalls,
            Duration window,
            int minNovelObjects,
            int minNovelTypeCalls,
            int maxLearnedObjects,
            int maxLearnedTypes,
            int maxSubjects) {

        public static Settings defaults() {
            return new Settings(Duration.ofDays(1), 50, Duration.ofMinutes(10), 10, 3, 256, 64, 50_000);
        }
    }

    /** What a restart keeps about one subject. */
    public record Learned(long firstSeen, long calls, long[] types, long[] objects) {}

    private static final class SubjectState {
        final long firstSeen;
        long calls;
        final BoundedHashSet types;
        final BoundedHashSet objects;
        long window = Long.MIN_VALUE;
        BoundedHashSet novelObjects;
        BoundedHashSet novelTypes;
        int novelTypeCalls;
        boolean flagged;

        SubjectState(long firstSeen, long calls, BoundedHashSet types, BoundedHashSet objects) {
            this.firstSeen = firstSeen;
            this.calls = calls;
            this.types = types;
            this.objects = objects;
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final long learningMillis;
    private final ActorMap<SubjectState> subjects;

    public UnusualAccessDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.learningMillis = settings.learningPeriod().toMillis();
        this.subjects = new ActorMap<>(settings.maxSubjects());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        List<ApiCallRecord.ObjectRef> objects = call.objects();
        String actor = Calls.actor(call);
        if (objects.isEmpty() || actor == null) {
            return;
        }
        inspect(call, objects, actor, now, out);
        String second = Calls.secondActor(call);
        if (second != null) {
            inspect(call, objects, second, now, out);
        }
    }

    private void inspect(
            ApiCallRecord call, List<ApiCallRecord.ObjectRef> objects, String subject, long now, List<Signal> out) {
        SubjectState state = subjects.get(
                subject,
                k -> new SubjectState(
                        now,
                        0,
                        new BoundedHashSet(settings.maxLearnedTypes()),
                        new BoundedHashSet(settings.maxLearnedObjects())));
        state.calls++;
        if (now - state.firstSeen < learningMillis || state.calls <= settings.minLearningCalls()) {
            for (int i = 0; i < objects.size(); i++) {
                state.types.add(BoundedHashSet.hash(objects.get(i).resourceType()));
                state.objects.add(objectHash(objects.get(i)));
            }
            return;
        }
        long window = Windows.start(now, windowMillis);
        if (state.window != window) {
            roll(state);
            state.window = window;
        }
        boolean judgeObjects = !state.objects.saturated();
        boolean novelType = false;
        for (int i = 0; i < objects.size(); i++) {
            ApiCallRecord.ObjectRef object = objects.get(i);
            long type = BoundedHashSet.hash(object.resourceType());
            if (!state.types.contains(type)) {
                novelType = true;
                state.novelTypes.add(type);
                state.novelObjects.add(objectHash(object));
            } else if (judgeObjects) {
                long hash = objectHash(object);
                if (!state.objects.contains(hash)) {
                    state.novelObjects.add(hash);
                }
            }
        }
        if (novelType) {
            state.novelTypeCalls++;
        }
        int novelObjects = state.novelObjects.size();
        boolean typesFire = state.novelTypeCalls >= settings.minNovelTypeCalls();
        boolean objectsFire = judgeObjects && novelObjects >= settings.minNovelObjects();
        if (!(typesFire || objectsFire)) {
            return;
        }
        state.flagged = true;
        boolean heavy = novelObjects >= 5 * settings.minNovelObjects();
        Severity severity = heavy ? Severity.HIGH : Severity.MEDIUM;
        String action = heavy
                ? RecommendedActions.block(subject)
                : objectsFire ? RecommendedActions.rateLimit(subject) : RecommendedActions.MONITOR;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("novelObjects", (double) novelObjects);
        figures.put("novelResourceTypes", (double) state.novelTypes.size());
        figures.put("novelTypeCalls", (double) state.novelTypeCalls);
        figures.put("learnedObjects", (double) state.objects.size());
        figures.put("learnedResourceTypes", (double) state.types.size());
        figures.put("minNovelObjects", (double) settings.minNovelObjects());
        String summary = Calls.describe(subject) + " touched " + novelObjects + " objects outside the "
                + state.objects.size() + " it learned"
                + (state.novelTypes.size() > 0
                        ? ", including " + state.novelTypes.size() + " resource type(s) it never used (e.g. "
                                + objects.get(0).resourceType() + ")"
                        : "");
        double confidence = 0.6 + (typesFire ? 0.1 : 0) + (objectsFire ? 0.1 : 0) + (heavy ? 0.15 : 0);
        out.add(Calls.signal(
                call,
                TYPE,
                subject,
                severity,
                confidence,
                window,
                window + windowMillis,
                figures,
                summary,
                OWASP,
                action));
    }

    private void roll(SubjectState state) {
        if (state.novelObjects == null) {
            state.novelObjects = new BoundedHashSet(4096);
            state.novelTypes = new BoundedHashSet(64);
        } else {
            if (!state.flagged) {
                // Honest drift: what a quiet window touched becomes part of the learned set.
                for (long type : state.novelTypes.toArray()) {
                    state.types.add(type);
                }
                for (long object : state.novelObjects.toArray()) {
                    state.objects.add(object);
                }
            }
            state.novelObjects.clear();
            state.novelTypes.clear();
        }
        state.novelTypeCalls = 0;
        state.flagged = false;
    }

    private static long objectHash(ApiCallRecord.ObjectRef object) {
        return BoundedHashSet.hash(object.resourceType()) * 31 + BoundedHashSet.hash(object.objectId());
    }

    @Override
    public Object baselines() {
        Map<String, Learned> learned = new LinkedHashMap<>();
        subjects.forEach((subject, state) -> learned.put(
                subject, new Learned(state.firstSeen, state.calls, state.types.toArray(), state.objects.toArray())));
        return learned;
    }

    @Override
    public void restore(JsonNode json) {
        Map<String, Learned> learned =
                EventJson.mapper().convertValue(json, new TypeReference<Map<String, Learned>>() {});
        subjects.clear();
        learned.forEach((subject, l) -> subjects.put(
                subject,
                new SubjectState(
                        l.firstSeen(),
                        l.calls(),
                        BoundedHashSet.of(settings.maxLearnedTypes(), l.types()),
                        BoundedHashSet.of(settings.maxLearnedObjects(), l.objects()))));
    }
}
