package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.DecisionOutcome;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Ewma;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Non-learnt identifier (API1:2023, APIClarity's name for it): a caller uses, in paths, object ids the API never
 * returned to them, on an endpoint where callers are usually given their ids first (a list or search answers them, the
 * caller then opens them). Guessing or harvesting ids elsewhere looks exactly like that; an honest client that opens
 * what it was shown does not, whatever its volume.
 *
 * <p>Per caller (the verified subject, else the unverified credential; an address alone is many callers behind one NAT
 * and is not judged) it remembers the object ids responses returned ({@code returnedObjects}: keyed fingerprints the
 * sidecar writes), in two generations of {@code given-horizon} each. Each object id a call's path names is fingerprinted
 * here under the same key ({@link Fingerprints#keyed}, the id as written), so "given" and "used" compare as fingerprints
 * and no id travels in clear for it. The given set is type-agnostic (an account returned as {@code id} in a list or as
 * {@code accountId} in a transfer is one id); what is counted and learned is per endpoint template and resource type.
 *
 * <p>Per endpoint and resource type it learns how often ids are given first: every caller's window that raised nothing
 * adds its share of used ids that were given to an EWMA. An endpoint is judged once {@code min-learned-windows} such
 * windows were seen and their mean share is at least {@code min-given-share}; an API whose ids come from elsewhere
 * (printed on a card, typed in) learns a low share and is never judged. In a tumbling window, a caller whose distinct
 * never-given ids on a judged endpoint reach {@code min-never-given} and {@code min-never-given-share} of the ids used
 * raises a detection naming the ids, the API and the shares. Windows that raised are not learned.
 *
 * <p>Limits, by design: a caller whose given set is full is not judged (ids beyond the bound are unknown, not never
 * given); the given sets are not persisted (too large), so after a restart or a rebalance nobody is judged until
 * {@code warm-up} of event time has passed, in which callers list again; a caller forgotten by the LRU bound starts
 * with an empty set. Without the key ({@code apiguard.detection.non-learnt-identifier.key}) the detector is inert.
 * One instance per partition, one thread at a time.
 */
public final class NonLearntIdentifierDetector implements Detector {

    public static final String TYPE = "non-learnt-identifier";
    static final String OWASP = "API1:2023";

    /** How many of the never-given ids a detection names. */
    static final int NAMED_EXAMPLES = 5;

    private static final int MAX_DESCRIBED = 80;

    /**
     * @param window             tumbling window per caller and endpoint in which never-given ids are counted
     * @param minNeverGiven      distinct never-given ids in a window that raise a detection
     * @param minNeverGivenShare and the share of the window's distinct ids they must be (0-1)
     * @param minGivenShare      the learned share of given ids at which an endpoint is judged (0-1)
     * @param minLearnedWindows  callers' windows an endpoint must have learned from before it is judged
     * @param alpha              EWMA weight of a new window
     * @param givenHorizon       how long a returned id counts as given (between one and two horizons)
     * @param warmUp             event time after the detector starts (or restores) before anyone is judged
     * @param maxGivenPerCaller  ids remembered per caller and generation (beyond: the caller is not judged)
     * @param maxUsedPerWindow   distinct ids counted per caller and endpoint per window
     * @param maxCallers         callers kept (least recently seen dropped beyond)
     * @param maxEndpoints       endpoints whose share is learned
     */
    public record Settings(
            Duration window,
            int minNeverGiven,
            double minNeverGivenShare,
            double minGivenShare,
            int minLearnedWindows,
            double alpha,
            Duration givenHorizon,
            Duration warmUp,
            int maxGivenPerCaller,
            int maxUsedPerWindow,
            int maxCallers,
            int maxEndpoints) {

        public Settings {
            if (window.isNegative() || window.isZero() || givenHorizon.isNegative() || givenHorizon.isZero()) {
                throw new IllegalArgumentException("the window and the given horizon must be positive");
            }
            if (warmUp.isNegative()) {
                throw new IllegalArgumentException("the warm-up must not be negative");
            }
            if (minNeverGiven < 1 || minLearnedWindows < 1) {
                throw new IllegalArgumentException("min-never-given and min-learned-windows must be at least 1");
            }
            for (double share : new double[] {minNeverGivenShare, minGivenShare, alpha}) {
                if (!(share > 0 && share <= 1)) {
                    throw new IllegalArgumentException("shares and alpha must be within (0, 1]: " + share);
                }
            }
        }

        public static Settings defaults() {
            return new Settings(
                    Duration.ofMinutes(10),
                    10,
                    0.5,
                    0.8,
                    10,
                    0.1,
                    Duration.ofHours(24),
                    Duration.ofHours(1),
                    1024,
                    256,
                    20_000,
                    10_000);
        }
    }

    /** What a restart keeps: the share of given ids learned per endpoint and resource type. */
    public record Learned(Map<String, Ewma> endpoints) {}

    private static final class Caller {
        BoundedHashSet given;
        BoundedHashSet previous;
        long generation = Long.MIN_VALUE;
    }

    private static final class Use {
        long window = Long.MIN_VALUE;
        BoundedHashSet used;
        BoundedHashSet neverGiven;
        final List<String> examples = new ArrayList<>(NAMED_EXAMPLES);
        boolean flagged;
    }

    private final Settings settings;
    private final long windowMillis;
    private final long horizonMillis;
    private final UnaryOperator<String> keyer;
    private final ActorMap<Caller> callers;
    private final ActorMap<Use> uses;
    private final LruMap<String, Ewma> endpoints;
    private long watchingSince = Long.MIN_VALUE;

    /** A detector fingerprinting path ids under {@code key} (the sidecars' key); inert when it is null. */
    public NonLearntIdentifierDetector(Settings settings, byte[] key) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.horizonMillis = settings.givenHorizon().toMillis();
        this.keyer = key == null ? null : Fingerprints.keyer(key);
        this.callers = new ActorMap<>(settings.maxCallers());
        this.uses = new ActorMap<>(settings.maxCallers());
        this.endpoints = new LruMap<>(settings.maxEndpoints());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        if (keyer == null) {
            return;
        }
        List<ApiCallRecord.ObjectRef> objects = call.objects();
        List<String> returned = call.returnedObjects();
        if (objects.isEmpty() && returned.isEmpty()) {
            return;
        }
        String actor = Calls.principal(call);
        if (actor == null) {
            return;
        }
        if (watchingSince == Long.MIN_VALUE) {
            watchingSince = now;
        }
        Caller caller = callers.get(actor, k -> new Caller());
        rotate(caller, now);
        // the ids a call's own path names are judged before what its response returns: reading an account's page
        // returns that account's id, which does not make the read a given one
        if (!objects.isEmpty() && (call.decision() == null || call.decision().outcome() != DecisionOutcome.BLOCKED)) {
            judge(call, objects, actor, caller, now, out);
        }
        if (Calls.success(call)) {
            for (int i = 0; i < returned.size(); i++) {
                caller.given.add(hash(returned.get(i)));
            }
        }
    }

    private void rotate(Caller caller, long now) {
        long generation = Windows.start(now, horizonMillis);
        if (caller.given == null) {
            caller.given = new BoundedHashSet(settings.maxGivenPerCaller());
            caller.previous = new BoundedHashSet(settings.maxGivenPerCaller());
        } else if (generation - caller.generation == horizonMillis) {
            // the next generation: the current one becomes the previous, the older one is emptied and reused
            BoundedHashSet older = caller.previous;
            older.clear();
            caller.previous = caller.given;
            caller.given = older;
        } else if (generation != caller.generation) {
            // a generation skipped entirely: nothing given is still within the horizon
            caller.given.clear();
            caller.previous.clear();
        }
        caller.generation = generation;
    }

    private void judge(
            ApiCallRecord call,
            List<ApiCallRecord.ObjectRef> objects,
            String actor,
            Caller caller,
            long now,
            List<Signal> out) {
        String template = Calls.template(call);
        long window = Windows.start(now, windowMillis);
        for (int i = 0; i < objects.size(); i++) {
            ApiCallRecord.ObjectRef object = objects.get(i);
            String endpointKey = template + ' ' + object.resourceType();
            Ewma endpoint = endpoints.get(endpointKey, k -> new Ewma());
            Use use = uses.get(actor + '\n' + endpointKey, k -> new Use());
            if (use.window != window) {
                close(use, endpoint);
                use.window = window;
            }
            long id = hash(keyer.apply(object.objectId()));
            if (!use.used.add(id)) {
                continue; // seen in this window already (or the window's bound is reached)
            }
            boolean given = caller.given.contains(id) || caller.previous.contains(id);
            if (!given) {
                use.neverGiven.add(id);
                if (use.examples.size() < NAMED_EXAMPLES) {
                    String described = object.resourceType() + '/' + object.objectId();
                    use.examples.add(
                            described.length() > MAX_DESCRIBED ? described.substring(0, MAX_DESCRIBED) : described);
                }
            }
            raiseIfPast(call, actor, caller, endpoint, endpointKey, use, now, out);
        }
    }

    private void raiseIfPast(
            ApiCallRecord call,
            String actor,
            Caller caller,
            Ewma endpoint,
            String endpointKey,
            Use use,
            long now,
            List<Signal> out) {
        int used = use.used.size();
        int neverGiven = use.neverGiven.size();
        double share = used == 0 ? 0 : neverGiven / (double) used;
        boolean judged = endpoint.learned(settings.minLearnedWindows())
                && endpoint.mean() >= settings.minGivenShare()
                && now - watchingSince >= settings.warmUp().toMillis()
                && !caller.given.saturated()
                && !caller.previous.saturated();
        if (!judged || neverGiven < settings.minNeverGiven() || share < settings.minNeverGivenShare()) {
            return;
        }
        use.flagged = true;
        Severity severity = neverGiven >= 5 * settings.minNeverGiven() ? Severity.CRITICAL : Severity.HIGH;
        // the prior: a learned endpoint where ids are given first; the evidence: how much of the window was never
        // given, how far past the count, how firmly the endpoint hands ids out first
        double confidence = Confidence.calibrated(
                0.6 + 0.2 * endpoint.mean(),
                List.of(share, Confidence.past(neverGiven, settings.minNeverGiven()), endpoint.mean()));
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("neverGivenObjects", (double) neverGiven);
        figures.put("distinctObjects", (double) used);
        figures.put("neverGivenShare", Calls.round(share));
        figures.put("endpointGivenShare", Calls.round(endpoint.mean()));
        figures.put("endpointLearnedWindows", (double) endpoint.samples());
        String summary = Calls.describe(actor)
                + " used " + neverGiven + " of " + used + " object ids on "
                + call.api().method() + ' '
                + endpointKey.substring(0, endpointKey.lastIndexOf(' '))
                + (call.api().apiId() == null ? "" : " (API " + call.api().apiId() + ")")
                + " that were never returned to them, where callers are given " + Math.round(100 * endpoint.mean())
                + " % of their ids first, in " + settings.window().toMinutes() + " min: "
                + String.join(", ", use.examples);
        out.add(Calls.signal(
                call,
                TYPE,
                actor,
                severity,
                confidence,
                use.window,
                use.window + windowMillis,
                figures,
                summary,
                OWASP,
                RecommendedActions.block(actor)));
    }

    private void close(Use use, Ewma endpoint) {
        if (use.used == null) {
            use.used = new BoundedHashSet(settings.maxUsedPerWindow());
            use.neverGiven = new BoundedHashSet(settings.maxUsedPerWindow());
        } else if (use.used.size() > 0) {
            if (!use.flagged) {
                endpoint.add(1.0 - use.neverGiven.size() / (double) use.used.size(), settings.alpha());
            }
            use.used.clear();
            use.neverGiven.clear();
        }
        use.examples.clear();
        use.flagged = false;
    }

    /** The 64 bits of a keyed fingerprint ({@code hmac:} and 16 hex digits). */
    private static long hash(String fingerprint) {
        return Long.parseUnsignedLong(fingerprint, 5, fingerprint.length(), 16);
    }

    @Override
    public Object baselines() {
        return new Learned(new LinkedHashMap<>(endpoints));
    }

    @Override
    public void restore(JsonNode json) {
        Learned learned = EventJson.mapper().convertValue(json, new TypeReference<Learned>() {});
        endpoints.clear();
        callers.clear();
        uses.clear();
        // what callers were given before is gone: nobody is judged until the warm-up has passed again
        watchingSince = Long.MIN_VALUE;
        if (learned.endpoints() != null) {
            endpoints.putAll(learned.endpoints());
        }
    }

    /** The learned share of given ids of {@code template} and {@code resourceType}, for tests; null when unknown. */
    Ewma endpoint(String template, String resourceType) {
        return endpoints.get(template + ' ' + resourceType);
    }
}
