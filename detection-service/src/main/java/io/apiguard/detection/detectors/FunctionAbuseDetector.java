package io.apiguard.detection.detectors;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.RecommendedActions;
import io.apiguard.common.events.Severity;
import io.apiguard.common.json.EventJson;
import io.apiguard.detection.engine.ActorMap;
import io.apiguard.detection.engine.BoundedHashSet;
import io.apiguard.detection.engine.Detector;
import io.apiguard.detection.engine.LruMap;
import io.apiguard.detection.engine.Signal;
import io.apiguard.detection.engine.Windows;

/**
 * Function-level abuse (API5:2023): a subject without an admin role calling an admin endpoint (critical when it
 * succeeded: the authorization hole is real), and a role calling an operation (method and path template) none of
 * its roles called during the role's learning period. An operation that several subjects of a role call after
 * learning is adopted (a new feature), so it stops firing. An unverified or anonymous caller holds no role: its admin
 * calls count for its credential and for its address; roles learn, and are judged, from verified subjects only.
 */
public final class FunctionAbuseDetector implements Detector {

    public static final String ADMIN_ACCESS = "admin-function-access";
    public static final String UNUSUAL_OPERATION = "unusual-role-operation";
    static final String OWASP = "API5:2023";

    /**
     * @param adminPath            regular expression (found anywhere in the path template) that marks admin endpoints
     * @param adminRoles           roles allowed to call admin endpoints (case-insensitive)
     * @param deniedAdminCalls     refused admin calls of one subject in a window that raise a detection
     * @param learningPeriod       event time after a role's first call during which it only learns
     * @param minLearningCalls     and calls the role must have made
     * @param window               tumbling window for counting
     * @param unusualCalls         calls of never-seen operations by one subject in a window that raise a detection
     * @param adoptAfterSubjects   distinct subjects of a role calling a new operation that make it part of the role
     * @param maxOperationsPerRole operations learned per role
     * @param maxKeys              roles and subjects kept each (least recently used dropped beyond)
     */
    public record Settings(
            String adminPath,
            Set<String> adminRoles,
            int deniedAdminCalls,
            Duration learningPeriod,
            int minLearningCalls,
            Duration window,
            int unusualCalls,
            int adoptAfterSubjects,
            int maxOperationsPerRole,
            int maxKeys) {

        public static Settings defaults() {
            return new Settings(
                    "(^|/)(admin|internal|management|actuator)(/|$)",
                    Set.of("admin", "administrator"),
                    3,
                    Duration.ofDays(1),
                    200,
                    Duration.ofMinutes(10),
                    3,
                    3,
                    512,
                    50_000);
        }
    }

    /** What a restart keeps about one role. */
    public record LearnedRole(long firstSeen, long calls, long[] operations) {}

    private static final class RoleState {
        final long firstSeen;
        long calls;
        final BoundedHashSet operations;
        final LruMap<Long, BoundedHashSet> candidates = new LruMap<>(64);

        RoleState(long firstSeen, long calls, BoundedHashSet operations) {
            this.firstSeen = firstSeen;
            this.calls = calls;
            this.operations = operations;
        }
    }

    private static final class SubjectCounts {
        long window = Long.MIN_VALUE;
        int deniedAdmin;
        int unusual;
    }

    private final Settings settings;
    private final Pattern adminPath;
    private final Set<String> adminRoles;
    private final long learningMillis;
    private final long windowMillis;
    private final LruMap<String, Boolean> adminTemplates = new LruMap<>(10_000);
    private final LruMap<String, RoleState> roles;
    private final ActorMap<SubjectCounts> subjects;

    public FunctionAbuseDetector(Settings settings) {
        this.settings = settings;
        this.adminPath = Pattern.compile(settings.adminPath(), Pattern.CASE_INSENSITIVE);
        this.adminRoles = settings.adminRoles().stream()
                .map(r -> r.toLowerCase(Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.learningMillis = settings.learningPeriod().toMillis();
        this.windowMillis = settings.window().toMillis();
        this.roles = new LruMap<>(settings.maxKeys());
        this.subjects = new ActorMap<>(settings.maxKeys());
    }

    @Override
    public void inspect(ApiCallRecord call, long now, List<Signal> out) {
        String actor = Calls.actor(call);
        if (actor == null) {
            return;
        }
        String template = Calls.template(call);
        long window = Windows.start(now, windowMillis);
        boolean admin = adminTemplates.get(template, t -> adminPath.matcher(t).find());
        if (admin && !hasAdminRole(call)) {
            adminCall(call, actor, template, window, out);
            String second = Calls.secondActor(call);
            if (second != null) {
                adminCall(call, second, template, window, out);
            }
        }
        if (Calls.subject(call) == null) {
            return;
        }
        unusualOperation(call, actor, template, now, window, out);
    }

    private void adminCall(ApiCallRecord call, String actor, String template, long window, List<Signal> out) {
        SubjectCounts counts = counts(actor, window);
        boolean succeeded = Calls.success(call);
        if (!succeeded) {
            counts.deniedAdmin++;
        }
        if (succeeded || counts.deniedAdmin >= settings.deniedAdminCalls()) {
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("status", (double) call.status());
            figures.put("deniedAdminCalls", (double) counts.deniedAdmin);
            figures.put("threshold", (double) settings.deniedAdminCalls());
            out.add(Calls.signal(
                    call,
                    ADMIN_ACCESS,
                    actor,
                    succeeded ? Severity.CRITICAL : Severity.HIGH,
                    succeeded ? 0.95 : 0.75,
                    window,
                    window + windowMillis,
                    figures,
                    Calls.describe(actor) + " without an admin role called admin endpoint "
                            + call.api().method() + ' '
                            + template
                            + (succeeded
                                    ? " and it succeeded (" + call.status() + ")"
                                    : ", refused " + counts.deniedAdmin + " times"),
                    OWASP,
                    RecommendedActions.block(actor)));
        }
    }

    /** A verified subject calling an operation none of its roles call. */
    private void unusualOperation(
            ApiCallRecord call, String actor, String template, long now, long window, List<Signal> out) {
        long operation = BoundedHashSet.hash(call.api().method()) * 31 + BoundedHashSet.hash(template);
        List<String> callerRoles = Calls.roles(call);
        boolean learning = false;
        boolean known = false;
        for (int i = 0; i < callerRoles.size(); i++) {
            RoleState role = roles.get(
                    callerRoles.get(i),
                    r -> new RoleState(now, 0, new BoundedHashSet(settings.maxOperationsPerRole())));
            role.calls++;
            if (now - role.firstSeen < learningMillis || role.calls <= settings.minLearningCalls()) {
                learning = true;
                role.operations.add(operation);
            } else if (role.operations.contains(operation) || role.operations.saturated()) {
                known = true;
            }
        }
        if (learning || known) {
            return;
        }
        boolean adopted = false;
        for (int i = 0; i < callerRoles.size(); i++) {
            RoleState role = roles.get(callerRoles.get(i));
            BoundedHashSet callers = role.candidates.get(operation, k -> new BoundedHashSet(16));
            callers.add(BoundedHashSet.hash(actor));
            if (callers.size() >= settings.adoptAfterSubjects()) {
                role.operations.add(operation);
                role.candidates.remove(operation);
                adopted = true;
            }
        }
        if (adopted) {
            return;
        }
        SubjectCounts counts = counts(actor, window);
        counts.unusual++;
        if (counts.unusual >= settings.unusualCalls()) {
            Map<String, Double> figures = new LinkedHashMap<>();
            figures.put("unusualCalls", (double) counts.unusual);
            figures.put("threshold", (double) settings.unusualCalls());
            out.add(Calls.signal(
                    call,
                    UNUSUAL_OPERATION,
                    actor,
                    Severity.MEDIUM,
                    0.6,
                    window,
                    window + windowMillis,
                    figures,
                    actor + " (roles " + callerRoles + ") called " + call.api().method() + ' ' + template
                            + ", an operation its roles never call",
                    OWASP,
                    RecommendedActions.MONITOR));
        }
    }

    private SubjectCounts counts(String actor, long window) {
        SubjectCounts counts = subjects.get(actor, k -> new SubjectCounts());
        if (counts.window != window) {
            counts.window = window;
            counts.deniedAdmin = 0;
            counts.unusual = 0;
        }
        return counts;
    }

    /** Roles count only from a verified credential: anyone can write {@code admin} into an unsigned token. */
    private boolean hasAdminRole(ApiCallRecord call) {
        if (!call.identity().verified()) {
            return false;
        }
        List<String> callerRoles = call.identity().roles();
        for (int i = 0; i < callerRoles.size(); i++) {
            if (adminRoles.contains(callerRoles.get(i).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Object baselines() {
        Map<String, LearnedRole> learned = new LinkedHashMap<>();
        roles.forEach((role, state) ->
                learned.put(role, new LearnedRole(state.firstSeen, state.calls, state.operations.toArray())));
        return learned;
    }

    @Override
    public void restore(JsonNode json) {
        Map<String, LearnedRole> learned =
                EventJson.mapper().convertValue(json, new TypeReference<Map<String, LearnedRole>>() {});
        roles.clear();
        learned.forEach((role, l) -> roles.put(
                role,
                new RoleState(
                        l.firstSeen(), l.calls(), BoundedHashSet.of(settings.maxOperationsPerRole(), l.operations()))));
    }
}
