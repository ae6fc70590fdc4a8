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
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Ewma;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Exfiltration by volume (API3:2023, API4:2023): response bytes and records (objects returned) per subject per window,
 * against the subject's own EWMA baseline with its deviation; never a fixed number. A subject without a learned
 * baseline is not judged (rate and enumeration detectors cover newcomers). Windows that raised a signal are not learned.
 * An unverified or anonymous caller is measured as its credential and as its address, never as a subject.
 */
public final class VolumeExfiltrationDetector implements Detector {

    public static final String TYPE = "data-exfiltration";
    static final String OWASP = "API3:2023";

    /**
     * @param window             tumbling window
     * @param deviations         standard deviations above the mean that count as far above
     * @param factor             and the multiple of the mean
     * @param minBaselineWindows windows before a baseline is trusted
     * @param alpha              EWMA weight of a new window
     * @param minBytes           response bytes in a window below which nothing is raised
     * @param minRecords         records in a window below which the record count raises nothing
     * @param maxSubjects        subjects kept (least recently used dropped beyond)
     */
    public record Settings(
            Duration window,
            double deviations,
            double factor,
            int minBaselineWindows,
            double alpha,
            long minBytes,
            long minRecords,
            int maxSubjects) {

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(5), 4, 3, 5, 0.2, 1_000_000, 200, 100_000);
        }
    }

    /** What a restart keeps about one subject. */
    public record Baseline(Ewma bytes, Ewma records) {}

    private static final class SubjectState {
        final Ewma bytesBaseline;
        final Ewma recordsBaseline;
        long window = Long.MIN_VALUE;
        long bytes;
        long records;
        boolean flagged;

        SubjectState(Ewma bytes, Ewma records) {
            this.bytesBaseline = bytes;
            this.recordsBaseline = records;
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final ActorMap<SubjectState> subjects;

    public VolumeExfiltrationDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.subjects = new ActorMap<>(settings.maxSubjects());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        String actor = Calls.actor(call);
        if (actor == null) {
            return;
        }
        inspect(call, actor, now, out);
        String second = Calls.secondActor(call);
        if (second != null) {
            inspect(call, second, now, out);
        }
    }

    private void inspect(ApiCallRecord call, String subject, long now, List<Signal> out) {
        SubjectState state = subjects.get(subject, k -> new SubjectState(new Ewma(), new Ewma()));
        long window = Windows.start(now, windowMillis);
        if (state.window != window) {
            if (state.window != Long.MIN_VALUE && !state.flagged) {
                state.bytesBaseline.add(state.bytes, settings.alpha());
                state.recordsBaseline.add(state.records, settings.alpha());
            }
            state.window = window;
            state.bytes = 0;
            state.records = 0;
            state.flagged = false;
        }
        state.bytes += call.responseBytes();
        state.records += call.objects().size();
        if (!state.bytesBaseline.learned(settings.minBaselineWindows())) {
            return;
        }
        double bytesThreshold = state.bytesBaseline.threshold(settings.deviations(), settings.factor());
        double recordsThreshold = state.recordsBaseline.threshold(settings.deviations(), settings.factor());
        boolean bytesFire = state.bytes >= settings.minBytes() && state.bytes > bytesThreshold;
        boolean recordsFire = state.records >= settings.minRecords() && state.records > recordsThreshold;
        if (!(bytesFire || recordsFire)) {
            return;
        }
        state.flagged = true;
        double ratio = bytesFire
                ? state.bytes / Math.max(1.0, state.bytesBaseline.mean())
                : state.records / Math.max(1.0, state.recordsBaseline.mean());
        boolean extreme = ratio >= 10;
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("responseBytes", (double) state.bytes);
        figures.put("bytesBaseline", Calls.round(state.bytesBaseline.mean()));
        figures.put("bytesDeviation", Calls.round(state.bytesBaseline.deviation()));
        figures.put("bytesThreshold", Calls.round(bytesThreshold));
        figures.put("records", (double) state.records);
        figures.put("recordsBaseline", Calls.round(state.recordsBaseline.mean()));
        figures.put("recordsThreshold", Calls.round(recordsThreshold));
        figures.put("ratioToBaseline", Calls.round(ratio));
        String summary = Calls.describe(subject) + " received " + state.bytes + " bytes and " + state.records
                + " records in " + settings.window().toMinutes() + " min, " + Calls.round(ratio) + "x its baseline";
        out.add(Calls.signal(
                call,
                TYPE,
                subject,
                extreme ? Severity.CRITICAL : Severity.HIGH,
                0.7 + (bytesFire && recordsFire ? 0.1 : 0) + (extreme ? 0.15 : 0),
                window,
                window + windowMillis,
                figures,
                summary,
                OWASP,
                extreme ? RecommendedActions.block(subject) : RecommendedActions.rateLimit(subject)));
    }

    @Override
    public Object baselines() {
        Map<String, Baseline> baselines = new LinkedHashMap<>();
        subjects.forEach((subject, state) -> {
            if (state.bytesBaseline.samples() > 0) {
                baselines.put(subject, new Baseline(state.bytesBaseline, state.recordsBaseline));
            }
        });
        return baselines;
    }

    @Override
    public void restore(JsonNode json) {
        Map<String, Baseline> baselines =
                EventJson.mapper().convertValue(json, new TypeReference<Map<String, Baseline>>() {});
        subjects.clear();
        baselines.forEach((subject, b) -> subjects.put(subject, new SubjectState(b.bytes(), b.records())));
    }

    /** The bytes baseline of {@code subject}, or null. */
    public Ewma bytesBaseline(String subject) {
        SubjectState state = subjects.get(subject);
        return state == null ? null : state.bytesBaseline;
    }
}
