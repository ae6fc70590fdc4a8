package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.inspect.DataClass;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Ewma;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Sensitive data in responses (API3:2023, excessive data exposure), from the {@code dataClasses} the sidecar found in
 * each response:
 * <ul>
 * <li>{@value #NEW_CLASS_TYPE}: an API that returns a data class it never returned before, after a baseline of
 * {@code baselineCalls} calls without it, naming the API, the class, the caller and the calls that carried it. The
 * class is then known for that API and raises nothing more. Calls arrive partitioned by caller, so each partition
 * learns the APIs from its own callers' calls: with several partitions an API needs its baseline in each, and the
 * same new class may be raised once per partition. The incident is the caller's (it received the data); the summary
 * names the API and the class.</li>
 * <li>{@value #EXFILTRATION_TYPE}: one caller receiving far more records of a sensitive class in a window than its
 * own EWMA baseline (records: the objects a call returned, at least one per call carrying the class); never a fixed
 * number, and a caller without a learned baseline is not judged.</li>
 * </ul>
 * E-mail addresses alone are not sensitive here by default ({@code sensitiveClasses}): they raise the new-class
 * signal at low severity only.
 */
public final class SensitiveDataDetector implements Detector {

    public static final String NEW_CLASS_TYPE = "new-data-class";
    public static final String EXFILTRATION_TYPE = "sensitive-data-exfiltration";
    static final String OWASP = "API3:2023";

    /**
     * @param baselineCalls      calls of an API without a class before the class's first appearance is news
     * @param sensitiveClasses   classes whose volume per caller is watched, and whose first appearance is serious
     * @param window             tumbling window of the per-caller count
     * @param deviations         standard deviations above the caller's mean that count as far above
     * @param factor             and the multiple of the mean
     * @param minBaselineWindows windows before a caller's baseline is trusted
     * @param alpha              EWMA weight of a new window
     * @param minRecords         records of a class in a window below which nothing is raised
     * @param maxApis            APIs kept (least recently used dropped beyond)
     * @param maxSubjects        callers kept (least recently used dropped beyond)
     */
    public record Settings(
            long baselineCalls,
            Set<DataClass> sensitiveClasses,
            Duration window,
            double deviations,
            double factor,
            int minBaselineWindows,
            double alpha,
            long minRecords,
            int maxApis,
            int maxSubjects) {

        public Settings {
            sensitiveClasses = sensitiveClasses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sensitiveClasses));
        }

        public static Settings defaults() {
            return new Settings(
                    1_000,
                    Set.of(DataClass.CARD_NUMBER, DataClass.IBAN, DataClass.NATIONAL_ID, DataClass.TOKEN),
                    Duration.ofMinutes(5),
                    4,
                    3,
                    5,
                    0.2,
                    50,
                    100_000,
                    100_000);
        }
    }

    /** What a restart keeps about one API: the calls seen and the classes it is known to return. */
    public record ApiBaseline(long calls, Set<DataClass> known) {}

    /** What a restart keeps: every API's baseline, and each caller's records per sensitive class and window. */
    public record Baselines(Map<String, ApiBaseline> apis, Map<String, Map<DataClass, Ewma>> callers) {}

    private static final class ApiState {
        long calls;
        final Set<DataClass> known = EnumSet.noneOf(DataClass.class);
    }

    private static final class ClassWindow {
        final Ewma baseline;
        long window = Long.MIN_VALUE;
        long records;
        boolean flagged;

        ClassWindow(Ewma baseline) {
            this.baseline = baseline;
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final LruMap<String, ApiState> apis;
    private final ActorMap<EnumMap<DataClass, ClassWindow>> subjects;

    public SensitiveDataDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.apis = new LruMap<>(settings.maxApis());
        this.subjects = new ActorMap<>(settings.maxSubjects());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        Set<DataClass> classes = classes(call.dataClasses());
        newClasses(call, classes, now, out);
        String actor = Calls.actor(call);
        if (actor == null) {
            return;
        }
        volume(call, actor, classes, now, out);
        String second = Calls.secondActor(call);
        if (second != null) {
            volume(call, second, classes, now, out);
        }
    }

    /** The API a call belongs to: its id, else host and template. */
    static String apiKey(ApiCallRecord call) {
        String id = call.api().apiId();
        return id != null ? id : call.api().host() + " " + Calls.template(call);
    }

    private void newClasses(ApiCallRecord call, Set<DataClass> classes, long now, List<Signal> out) {
        String api = apiKey(call);
        ApiState state = apis.get(api, k -> new ApiState());
        state.calls++;
        for (DataClass dataClass : classes) {
            if (state.known.contains(dataClass)) {
                continue;
            }
            state.known.add(dataClass);
            // calls of this API before this one, none of which carried the class
            long without = state.calls - 1;
            if (without < settings.baselineCalls()) {
                continue;
            }
            boolean sensitive = settings.sensitiveClasses().contains(dataClass);
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("callsWithoutClass", (double) without);
            figures.put("baselineCalls", (double) settings.baselineCalls());
            String actor = Calls.actor(call);
            String summary = "API " + api + " returned " + dataClass.wire() + " for the first time after " + without
                    + " calls without it, to " + (actor == null ? "an unknown caller" : Calls.describe(actor));
            out.add(Calls.signal(
                    call,
                    NEW_CLASS_TYPE,
                    actor == null ? "api:" + api : actor,
                    sensitive ? Severity.HIGH : Severity.LOW,
                    sensitive ? 0.75 : 0.5,
                    now,
                    now,
                    figures,
                    summary,
                    OWASP,
                    RecommendedActions.MONITOR));
        }
    }

    private void volume(ApiCallRecord call, String subject, Set<DataClass> classes, long now, List<Signal> out) {
        EnumMap<DataClass, ClassWindow> perClass = subjects.get(subject, k -> new EnumMap<>(DataClass.class));
        long window = Windows.start(now, windowMillis);
        for (DataClass dataClass : settings.sensitiveClasses()) {
            boolean carried = classes.contains(dataClass);
            ClassWindow state = carried
                    ? perClass.computeIfAbsent(dataClass, k -> new ClassWindow(new Ewma()))
                    : perClass.get(dataClass);
            if (state == null) {
                continue;
            }
            if (state.window != window) {
                if (state.window != Long.MIN_VALUE && !state.flagged) {
                    state.baseline.add(state.records, settings.alpha());
                }
                state.window = window;
                state.records = 0;
                state.flagged = false;
            }
            if (!carried) {
                continue;
            }
            state.records += Math.max(1, call.objects().size());
            if (state.flagged || !state.baseline.learned(settings.minBaselineWindows())) {
                continue;
            }
            double threshold = state.baseline.threshold(settings.deviations(), settings.factor());
            if (state.records < settings.minRecords() || state.records <= threshold) {
                continue;
            }
            state.flagged = true;
            double ratio = state.records / Math.max(1.0, state.baseline.mean());
            boolean extreme = ratio >= 10;
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("records", (double) state.records);
            figures.put("recordsBaseline", Calls.round(state.baseline.mean()));
            figures.put("recordsDeviation", Calls.round(state.baseline.deviation()));
            figures.put("recordsThreshold", Calls.round(threshold));
            figures.put("ratioToBaseline", Calls.round(ratio));
            String summary = Calls.describe(subject) + " received " + state.records + " records carrying "
                    + dataClass.wire() + " in " + settings.window().toMinutes() + " min, " + Calls.round(ratio)
                    + "x its baseline";
            out.add(Calls.signal(
                    call,
                    EXFILTRATION_TYPE,
                    subject,
                    extreme ? Severity.CRITICAL : Severity.HIGH,
                    0.75 + (extreme ? 0.15 : 0),
                    window,
                    window + windowMillis,
                    figures,
                    summary,
                    OWASP,
                    extreme ? RecommendedActions.block(subject) : RecommendedActions.rateLimit(subject)));
        }
    }

    /** The known classes among a call's wire values; values from a newer producer are ignored. */
    static Set<DataClass> classes(List<String> wire) {
        if (wire.isEmpty()) {
            return Set.of();
        }
        Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
        for (DataClass dataClass : DataClass.values()) {
            if (wire.contains(dataClass.wire())) {
                classes.add(dataClass);
            }
        }
        return classes;
    }

    @Override
    public Object baselines() {
        Map<String, ApiBaseline> apiBaselines = new LinkedHashMap<>();
        apis.forEach((api, state) -> apiBaselines.put(api, new ApiBaseline(state.calls, Set.copyOf(state.known))));
        Map<String, Map<DataClass, Ewma>> callers = new LinkedHashMap<>();
        subjects.forEach((subject, perClass) -> {
            Map<DataClass, Ewma> learned = new EnumMap<>(DataClass.class);
            perClass.forEach((dataClass, state) -> {
                if (state.baseline.samples() > 0) {
                    learned.put(dataClass, state.baseline);
                }
            });
            if (!learned.isEmpty()) {
                callers.put(subject, learned);
            }
        });
        return new Baselines(apiBaselines, callers);
    }

    @Override
    public void restore(JsonNode json) {
        Baselines baselines = EventJson.mapper().convertValue(json, Baselines.class);
        apis.clear();
        subjects.clear();
        if (baselines.apis() != null) {
            baselines.apis().forEach((api, b) -> {
                ApiState state = new ApiState();
                state.calls = b.calls();
                state.known.addAll(b.known());
                apis.put(api, state);
            });
        }
        if (baselines.callers() != null) {
            baselines.callers().forEach((subject, learned) -> {
                EnumMap<DataClass, ClassWindow> perClass = new EnumMap<>(DataClass.class);
                learned.forEach((dataClass, ewma) -> perClass.put(dataClass, new ClassWindow(ewma)));
                subjects.put(subject, perClass);
            });
        }
    }
}
