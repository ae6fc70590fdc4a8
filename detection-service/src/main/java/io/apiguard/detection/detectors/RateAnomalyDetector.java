package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Ewma;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Request-rate anomaly (API4:2023) per subject and per client address: calls per window far above the key's EWMA
 * baseline; a key without a learned baseline only above an absolute ceiling. A consistently busy caller has a high
 * baseline and stays silent; a quiet one that suddenly floods does not. An unverified caller is counted by its
 * credential ({@code fp:<fingerprint>}) where a verified one is counted by its subject, and by its address like every
 * caller.
 */
public final class RateAnomalyDetector implements Detector {

    public static final String TYPE = "rate-anomaly";
    static final String OWASP = "API4:2023";

    /**
     * @param window             tumbling window
     * @param deviations         standard deviations above the mean that count as far above
     * @param factor             and the multiple of the mean
     * @param minBaselineWindows windows before a baseline is trusted
     * @param alpha              EWMA weight of a new window
     * @param minCalls           calls in a window below which nothing is raised
     * @param unlearnedCeiling   calls in a window that raise a detection for a key without a learned baseline
     * @param maxKeys            subjects and addresses kept each (least recently used dropped beyond)
     */
    public record Settings(
            Duration window,
            double deviations,
            double factor,
            int minBaselineWindows,
            double alpha,
            int minCalls,
            int unlearnedCeiling,
            int maxKeys) {

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(1), 4, 3, 5, 0.2, 120, 3000, 100_000);
        }
    }

    /** What a restart keeps: the baselines per subject (and unverified credential) and per address. */
    public record Baselines(Map<String, Ewma> subjects, Map<String, Ewma> addresses) {}

    private static final class Rate {
        final Ewma baseline;
        long window = Long.MIN_VALUE;
        int calls;
        boolean flagged;

        Rate(Ewma baseline) {
            this.baseline = baseline;
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final ActorMap<Rate> subjects;
    private final LruMap<String, Rate> addresses;

    public RateAnomalyDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.subjects = new ActorMap<>(settings.maxKeys());
        this.addresses = new LruMap<>(settings.maxKeys());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        long window = Windows.start(now, windowMillis);
        String principal = Calls.principal(call);
        if (principal != null) {
            check(
                    call,
                    subjects.get(principal, k -> new Rate(new Ewma())),
                    principal,
                    window,
                    out,
                    RecommendedActions.rateLimit(principal));
        }
        String ip = Calls.clientIp(call);
        if (ip != null) {
            check(
                    call,
                    addresses.get(ip, k -> new Rate(new Ewma())),
                    Signal.ipKey(ip),
                    window,
                    out,
                    RecommendedActions.RATE_LIMIT_IP);
        }
    }

    private void check(ApiCallRecord call, Rate rate, String key, long window, List<Signal> out, String action) {
        if (rate.window != window) {
            if (rate.window != Long.MIN_VALUE && !rate.flagged) {
                rate.baseline.add(rate.calls, settings.alpha());
            }
            rate.window = window;
            rate.calls = 0;
            rate.flagged = false;
        }
        rate.calls++;
        if (rate.calls < settings.minCalls()) {
            return;
        }
        boolean learned = rate.baseline.learned(settings.minBaselineWindows());
        double threshold = learned
                ? rate.baseline.threshold(settings.deviations(), settings.factor())
                : settings.unlearnedCeiling();
        if (rate.calls <= threshold) {
            return;
        }
        rate.flagged = true;
        boolean extreme = rate.calls >= 5 * Math.max(threshold, settings.minCalls());
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("calls", (double) rate.calls);
        figures.put("baseline", Calls.round(rate.baseline.mean()));
        figures.put("deviation", Calls.round(rate.baseline.deviation()));
        figures.put("threshold", Calls.round(threshold));
        figures.put("windowSeconds", (double) settings.window().toSeconds());
        String summary = Calls.describe(key) + " made " + rate.calls + " calls in "
                + settings.window().toSeconds() + " s against "
                + (learned
                        ? "a baseline of " + Calls.round(rate.baseline.mean())
                        : "no learned baseline (ceiling " + settings.unlearnedCeiling() + ")");
        out.add(Calls.signal(
                call,
                TYPE,
                key,
                extreme ? Severity.HIGH : Severity.MEDIUM,
                0.6 + (learned ? 0.15 : 0) + (extreme ? 0.15 : 0),
                window,
                window + windowMillis,
                figures,
                summary,
                OWASP,
                action));
    }

    @Override
    public Object baselines() {
        return new Baselines(learned(subjects::forEach), learned(addresses::forEach));
    }

    private static Map<String, Ewma> learned(Consumer<BiConsumer<String, Rate>> rates) {
        Map<String, Ewma> baselines = new LinkedHashMap<>();
        rates.accept((key, rate) -> {
            if (rate.baseline.samples() > 0) {
                baselines.put(key, rate.baseline);
            }
        });
        return baselines;
    }

    @Override
    public void restore(JsonNode json) {
        Baselines baselines = EventJson.mapper().convertValue(json, new TypeReference<Baselines>() {});
        subjects.clear();
        addresses.clear();
        if (baselines.subjects() != null) {
            baselines.subjects().forEach((key, ewma) -> subjects.put(key, new Rate(ewma)));
        }
        if (baselines.addresses() != null) {
            baselines.addresses().forEach((key, ewma) -> addresses.put(key, new Rate(ewma)));
        }
    }
}
