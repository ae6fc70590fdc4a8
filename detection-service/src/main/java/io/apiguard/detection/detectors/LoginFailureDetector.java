package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.detection.engine.ActorRouting;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.Ewma;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Credential stuffing spread over rotating addresses and many accounts (API2:2023): per login API, in a tumbling window,
 * the share of login calls that fail (401/403) far above that API's own failure ratio. No address and no credential
 * fails often enough to be seen alone; the login API sees all of them, on the repartitioned stream under
 * {@code login:<api id>} ({@link ActorRouting}). A busy login API with the usual few mistyped passwords stays at its
 * baseline however many calls it takes. Answered by a rate limit on the login API ({@code rate-limit-api}): nobody is
 * blocked, and each address is held to the policy's rate.
 */
public final class LoginFailureDetector implements Detector {

    public static final String TYPE = "login-failure-surge";
    /** Failed logins to one account from many addresses: stuffing or spraying against one account. */
    public static final String ACCOUNT_TYPE = "account-login-failures";

    static final String OWASP = AuthenticationAttackDetector.OWASP;

    /**
     * @param window             tumbling window per login API
     * @param minFailures        failed logins in a window below which nothing is raised
     * @param minRatio           failure ratio below which nothing is raised, whatever the baseline
     * @param factor             and the multiple of the API's baseline ratio the window's ratio must reach
     * @param priorRatio         the baseline ratio of an API not learned yet (what honest users mistype)
     * @param minBaselineWindows windows before an API's own baseline replaces the prior
     * @param minLearnCalls      login calls a window needs to be learned
     * @param alpha              EWMA weight of a new window
     * @param maxKeys            login APIs kept (least recently used dropped beyond)
     * @param accountFailures    failed logins to one account in a window that count
     * @param accountAddresses   and the distinct addresses they must come from
     */
    public record Settings(
            Duration window,
            int minFailures,
            double minRatio,
            double factor,
            double priorRatio,
            int minBaselineWindows,
            int minLearnCalls,
            double alpha,
            int maxKeys,
            int accountFailures,
            int accountAddresses) {

        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(1), 30, 0.5, 3, 0.1, 5, 20, 0.2, 10_000, 10, 5);
        }
    }

    private static final class ApiWindow {
        final Ewma baseline;
        long window = Long.MIN_VALUE;
        int calls;
        int failures;
        boolean flagged;
        final BoundedHashSet addresses = new BoundedHashSet(4096);
        final BoundedHashSet principals = new BoundedHashSet(4096);

        ApiWindow(Ewma baseline) {
            this.baseline = baseline;
        }
    }

    private final Settings settings;
    private final long windowMillis;
    private final LruMap<String, ApiWindow> apis;
    private final LruMap<String, ApiWindow> accounts;

    public LoginFailureDetector(Settings settings) {
        this.settings = settings;
        this.windowMillis = settings.window().toMillis();
        this.apis = new LruMap<>(settings.maxKeys());
        this.accounts = new LruMap<>(settings.maxKeys());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        // Per login API only: see inspectActor.
    }

    @Override
    public void inspectActor(String actorKey, ApiCallRecord call, long now, List<Signal> out) {
        if (actorKey.startsWith(ActorRouting.ACCOUNT_PREFIX)) {
            account(actorKey, call, now, out);
            return;
        }
        if (!actorKey.startsWith(ActorRouting.LOGIN_PREFIX)) {
            return;
        }
        long window = Windows.start(now, windowMillis);
        ApiWindow state = apis.get(actorKey, k -> new ApiWindow(new Ewma()));
        if (state.window != window) {
            roll(state, window);
        }
        state.calls++;
        if (!Calls.authFailure(call)) {
            return;
        }
        state.failures++;
        String ip = Calls.clientIp(call);
        if (ip != null) {
            state.addresses.add(BoundedHashSet.hash(ip));
        }
        String principal = Calls.principal(call);
        if (principal != null) {
            state.principals.add(BoundedHashSet.hash(principal));
        }
        double ratio = state.failures / (double) state.calls;
        boolean learned = state.baseline.learned(settings.minBaselineWindows());
        double baseline = learned ? state.baseline.mean() : settings.priorRatio();
        double threshold = Math.min(0.99, Math.max(settings.minRatio(), settings.factor() * baseline));
        if (state.failures < settings.minFailures() || ratio < threshold) {
            return;
        }
        state.flagged = true;
        double spread = state.addresses.size() / (double) state.failures;
        boolean massive = state.failures >= 10 * settings.minFailures();
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("failureRatio", Calls.round(ratio));
        figures.put("threshold", Calls.round(threshold));
        figures.put("baselineRatio", Calls.round(baseline));
        figures.put("calls", (double) state.calls);
        figures.put("failures", (double) state.failures);
        figures.put("failingAddresses", (double) state.addresses.size());
        figures.put("failingPrincipals", (double) state.principals.size());
        String api = actorKey.substring(ActorRouting.LOGIN_PREFIX.length());
        out.add(Calls.signal(
                call,
                TYPE,
                actorKey,
                massive ? Severity.CRITICAL : Severity.HIGH,
                Confidence.calibrated(
                        0.6,
                        List.of(
                                Confidence.past(state.failures, settings.minFailures()),
                                Confidence.past(ratio, threshold),
                                Math.min(1.0, spread))),
                window,
                window + windowMillis,
                figures,
                state.failures + " of " + state.calls + " logins to " + api + " failed within "
                        + settings.window().toSeconds() + " s, from " + state.addresses.size() + " addresses (baseline "
                        + Math.round(100 * baseline) + " % failures)",
                OWASP,
                RecommendedActions.RATE_LIMIT_API));
    }

    /**
     * One account's failed logins in a window, from many addresses: one person mistyping fails from one or two
     * addresses; an attacker trying one account from rotating addresses fails from as many as he rotates.
     */
    private void account(String actorKey, ApiCallRecord call, long now, List<Signal> out) {
        long window = Windows.start(now, windowMillis);
        ApiWindow state = accounts.get(actorKey, k -> new ApiWindow(null));
        if (state.window != window) {
            state.window = window;
            state.calls = 0;
            state.failures = 0;
            state.addresses.clear();
        }
        state.calls++;
        if (!Calls.authFailure(call)) {
            return;
        }
        state.failures++;
        String ip = Calls.clientIp(call);
        if (ip != null) {
            state.addresses.add(BoundedHashSet.hash(ip));
        }
        if (state.failures < settings.accountFailures() || state.addresses.size() < settings.accountAddresses()) {
            return;
        }
        String rest = actorKey.substring(ActorRouting.ACCOUNT_PREFIX.length());
        int bar = rest.lastIndexOf('|');
        String api = bar < 0 ? rest : rest.substring(0, bar);
        String account = bar < 0 ? "" : rest.substring(bar + 1);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("failures", (double) state.failures);
        figures.put("threshold", (double) settings.accountFailures());
        figures.put("failingAddresses", (double) state.addresses.size());
        figures.put("addressThreshold", (double) settings.accountAddresses());
        figures.put("calls", (double) state.calls);
        out.add(Calls.signal(
                call,
                ACCOUNT_TYPE,
                actorKey,
                Severity.HIGH,
                Confidence.calibrated(
                        0.6,
                        List.of(
                                Confidence.past(state.failures, settings.accountFailures()),
                                Confidence.past(state.addresses.size(), settings.accountAddresses()),
                                state.addresses.size() / (double) state.failures)),
                window,
                window + windowMillis,
                figures,
                state.failures + " failed logins to account " + account + " on " + api + " within "
                        + settings.window().toSeconds() + " s, from " + state.addresses.size() + " addresses",
                OWASP,
                RecommendedActions.RATE_LIMIT_API));
    }

    private void roll(ApiWindow state, long window) {
        // A window that raised is not learned: the attack does not teach the baseline its own failure ratio.
        if (state.window != Long.MIN_VALUE && !state.flagged && state.calls >= settings.minLearnCalls()) {
            state.baseline.add(state.failures / (double) state.calls, settings.alpha());
        }
        state.window = window;
        state.calls = 0;
        state.failures = 0;
        state.flagged = false;
        state.addresses.clear();
        state.principals.clear();
    }
}
