package io.apiguard.devstack.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.devstack.apps.LocalApps;
import io.apiguard.devstack.config.LocalPorts;
import io.apiguard.devstack.security.LocalSecurity;

/**
 * Drives the demo API through the sidecar as an accounting firm's app would, and follows the maturity level while it
 * does: posture-service's level is printed each time it changes, from the first inventory on. Four people call
 * through the shared account {@code FinTech_User_01}, each on their own few accounts (the call logs arrive: Level 2);
 * the operator reviews the open critical findings and acknowledges them with her token (Level 3, and with detection
 * and enforcement ready, Levels 4 and 5); then one more person (mallory) walks account ids and is detected and
 * blocked. It then asks apiguard what it saw: the detections, the blocked calls, mallory's audit trail (a call without
 * a token is refused, which the scenario shows too), the operator makes the block on mallory last a day, and the
 * final maturity report shows every level with its evidence. Every answer is read through the services' APIs with
 * the viewer's token; a service that does not answer is reported as such, never a crash.
 */
public final class Scenario {

    static final String SHARED_ACCOUNT = LocalSecurity.SHARED_ACCOUNT;
    static final List<String> PEOPLE =
            List.of("alex.s@accounting-xyz", "bea.m@accounting-xyz", "carl.d@accounting-xyz", "dora.k@accounting-xyz");
    /**
     * A new attacker each run, by name and by address: a rule made in an earlier run (TTL one hour) must not block this
     * one from its first call, and detections block addresses as well as people.
     */
    static final String ATTACKER =
            "mallory-" + Long.toString(System.currentTimeMillis() % 46_656, 36) + "@accounting-xyz";

    static final String ATTACKER_ADDRESS = "198.51.100." + (1 + System.currentTimeMillis() / 1_000 % 254);
    /** Who tries the firewall: another new person each run, from another network than the enumerator's. */
    static final String INTRUDER = "eve-" + Long.toString(System.currentTimeMillis() % 46_656, 36) + "@accounting-xyz";

    static final String INTRUDER_ADDRESS = "192.0.2." + (1 + System.currentTimeMillis() / 1_000 % 254);
    /** The payload signatures the operator turns into block rules; the sidecar checks them in URIs, headers and bodies. */
    static final List<String> BLOCKED_SIGNATURES = List.of("sql-injection", "xss", "command-injection");
    /** What the honest transfer, the injection and the mass assignment send (the spec's Transfer, then not). */
    static final String HONEST_TRANSFER = "{\"to\":104,\"amount\":\"25.00\",\"reference\":\"October rent\"}";

    static final String INJECTED_TRANSFER =
            "{\"to\":104,\"amount\":\"1.00\",\"reference\":\"rent' UNION SELECT password FROM users --\"}";
    static final String MASS_ASSIGNED_TRANSFER = "{\"to\":104,\"amount\":\"9000.00\",\"approved\":true}";
    /** Why the operator acknowledges what posture finds critical in the local run: true of this machine only. */
    static final String ACKNOWLEDGEMENT_REASON = "local run: the demo API is served over plain HTTP on loopback only, "
            + "with no certificate; not exposed beyond this machine";
    /** As long as the local run's tokens: a later run on the same databases finds it still acknowledged. */
    static final Duration ACKNOWLEDGED_FOR = Duration.ofHours(12);

    static final int ATTACK_CALLS = 400;
    /**
     * The attacker's script walks ids at 50 calls a second, as a scraper keeping under an edge's rate limit would. At
     * full speed the 400 calls take about as long as the call logs need to reach detection (the demo answers in well
     * under a millisecond), and the walk would be over before its block arrived.
     */
    static final Duration ATTACK_PACE = Duration.ofMillis(20);
    /** How many of the latest detections and blocked calls the report lists. */
    private static final int LATEST = 5;

    private static final Duration MATURITY_POLL = Duration.ofMillis(500);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ANSWER_POLL = Duration.ofMillis(500);

    private final LocalPorts ports;
    private final PrintStream out;
    private final String viewerToken;
    private final String operatorToken;
    private final String sharedAccountKey;
    private final Instant launched;
    private final ServiceCalls calls = new ServiceCalls();

    public Scenario(LocalPorts ports, LocalSecurity security, PrintStream out) {
        this.ports = ports;
        this.out = out;
        // the same origin as the apps' "ready after" lines
        this.launched = ProcessHandle.current().info().startInstant().orElse(Instant.now());
        try {
            this.viewerToken = security.personToken("viewer");
            this.operatorToken = security.personToken("operator");
            // the partner backend's verified credential: it may name the person it calls for
            this.sharedAccountKey = security.sharedAccountKey();
        } catch (IOException e) {
            throw new UncheckedIOException("the local run's tokens cannot be read", e);
        }
    }

    /** Plays the story, printing the climb as it happens, and the report. */
    public void run() throws InterruptedException {
        out.println();
        out.println(MaturityClimb.PREFIX + "posture-service's level each time it changes (GET " + MaturityWatch.PATH
                + " every " + MATURITY_POLL.toMillis() + " ms; seconds since launch):");
        try (MaturityWatch watch =
                new MaturityWatch(calls, ports.posture(), viewerToken, launched, out).start(MATURITY_POLL)) {
            honestCalls();
            if (!watch.awaitLevel(2, STEP_TIMEOUT)) {
                out.println("             level 2 did not hold within " + STEP_TIMEOUT.toSeconds() + " s; going on");
            }
            operatorReview();
            // the whole ladder before the attack: what follows is detected and blocked by a suite at Level 5
            if (!watch.awaitLevel(MaturityClimb.MAX_LEVEL, STEP_TIMEOUT)) {
                out.println("             level 5 did not hold within " + STEP_TIMEOUT.toSeconds() + " s; going on");
            }
            firewall();
            attack();
            out.println("             waiting for logging, detection and enforcement to catch up ...");
            awaitAnswer(
                    () -> calls.get(
                            ports.detection(),
                            "/api/v1/detections?subject=" + URLEncoder.encode(ATTACKER, StandardCharsets.UTF_8),
                            viewerToken),
                    detections -> items(detections).findFirst(ATTACKER) != null);
            awaitAnswer(
                    () -> calls.get(ports.logging(), auditPath(), viewerToken),
                    audit -> audit.path("calls").asLong() >= ATTACK_CALLS);
            findings();
            maturityReport(watch);
        }
    }

    private void honestCalls() {
        out.println();
        out.println("Scenario     " + PEOPLE.size() + " people call through " + SHARED_ACCOUNT + " at http://"
                + LocalApps.DEMO_HOST + ":" + ports.sidecarProxy() + " ...");
        int honest = 0;
        int honestServed = 0;
        for (int round = 0; round < 10; round++) {
            for (int person = 0; person < PEOPLE.size(); person++) {
                int account = 100 + person * 10 + round % 3;
                int status = status(
                        PEOPLE.get(person),
                        "203.0.113." + (10 + person),
                        "/accounts/" + account + (round % 2 == 0 ? "" : "/statements"));
                honest++;
                honestServed += status == 200 ? 1 : 0;
            }
        }
        out.printf("             %d honest calls (%d served)%n", honest, honestServed);
    }

    /** The operator acknowledges every open critical finding, with her own token and a reason. */
    private void operatorReview() {
        out.println();
        out.println("== The operator reviews the open critical findings (posture-service GET "
                + "/api/v1/findings?severity=critical&state=open)");
        ServiceCalls.Answer open =
                calls.get(ports.posture(), "/api/v1/findings?severity=critical&state=open", operatorToken);
        if (!open.ok()) {
            out.println("   not available: " + open.failure());
            return;
        }
        if (items(open.body()).isEmpty()) {
            out.println("   none open");
            ServiceCalls.Answer acknowledged =
                    calls.get(ports.posture(), "/api/v1/findings?severity=critical&state=acknowledged", operatorToken);
            if (acknowledged.ok()) {
                for (JsonNode finding : acknowledged.body().path("items")) {
                    out.printf(
                            "   %s acknowledged earlier by %s until %s: %s%n",
                            describe(finding),
                            finding.path("acknowledgement").path("by").asText(),
                            finding.path("acknowledgement").path("until").asText(),
                            finding.path("acknowledgement").path("reason").asText());
                }
            }
            return;
        }
        Instant until = Instant.now().plus(ACKNOWLEDGED_FOR);
        for (JsonNode finding : open.body().path("items")) {
            out.println("   " + describe(finding));
            ServiceCalls.Answer answer = calls.post(
                    ports.posture(),
                    "/api/v1/findings/" + URLEncoder.encode(finding.path("id").asText(), StandardCharsets.UTF_8)
                            + "/ack",
                    operatorToken,
                    acknowledgement(until));
            if (!answer.ok()) {
                out.println("     not acknowledged: " + answer.failure());
                continue;
            }
            JsonNode by = answer.body().path("acknowledgement");
            out.printf(
                    "     acknowledged (POST /api/v1/findings/{id}/ack) by %s until %s: %s%n",
                    by.path("by").asText(),
                    by.path("until").asText(),
                    by.path("reason").asText());
        }
    }

    /** The body of the operator's acknowledgement; who acknowledges is her token, never a body field. */
    static Map<String, Object> acknowledgement(Instant until) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", ACKNOWLEDGEMENT_REASON);
        body.put("until", until.toString());
        return body;
    }

    private static String describe(JsonNode finding) {
        return finding.path("ruleId").asText() + " (" + finding.path("severity").asText() + ", "
                + finding.path("namespace").asText() + ") "
                + finding.path("detail").asText();
    }

    /**
     * The firewall at work: the operator turns the injection signatures into block rules, an honest transfer goes
     * through, then the intruder's transfer with SQL in a body field is refused by a signature (403), and one that sets
     * a field the API's spec does not declare (mass assignment) is refused by the spec (400), which the demo API would
     * have booked.
     */
    private void firewall() throws InterruptedException {
        out.println();
        out.println(
                "== The operator blocks injections (enforcement-service POST /api/v1/rules, match.payloadSignature)");
        for (String signature : BLOCKED_SIGNATURES) {
            ServiceCalls.Answer answer =
                    calls.post(ports.enforcement(), "/api/v1/rules", operatorToken, signatureRule(signature));
            out.printf(
                    "   %-18s %s%n",
                    signature,
                    answer.ok()
                            ? "block rule on"
                            : answer.status() == 409 ? "block rule on since an earlier run" : answer.failure());
        }
        out.println();
        out.println("Scenario     transfers through " + SHARED_ACCOUNT
                + " (POST /accounts/{id}/transfers, the API's spec" + " enforced by the sidecar) ...");
        ServiceCalls.Exchange honest = transfer(PEOPLE.get(0), "203.0.113.10", HONEST_TRANSFER);
        out.printf("             %-26s an honest transfer              -> %d%n", PEOPLE.get(0), honest.status());
        // the rules reach the sidecar with the next signed rule set: the intruder keeps trying until they are in force
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        ServiceCalls.Exchange injected = transfer(INTRUDER, INTRUDER_ADDRESS, INJECTED_TRANSFER);
        while (injected.status() != 403 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(ANSWER_POLL.toNanos());
            injected = transfer(INTRUDER, INTRUDER_ADDRESS, INJECTED_TRANSFER);
        }
        out.printf(
                "             %-26s SQL in the transfer's reference -> %d %s%n",
                INTRUDER, injected.status(), problemDetail(injected));
        ServiceCalls.Exchange assigned = transfer(INTRUDER, INTRUDER_ADDRESS, MASS_ASSIGNED_TRANSFER);
        out.printf(
                "             %-26s a transfer with \"approved\":true -> %d %s%n",
                INTRUDER, assigned.status(), problemDetail(assigned));
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    /** The operator's block rule for one payload signature; who made it is her token. */
    static Map<String, Object> signatureRule(String signature) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", "local-run-block-" + signature);
        rule.put("match", Map.of("payloadSignature", signature));
        rule.put("action", "block");
        rule.put("reason", "local run: the firewall refuses " + signature + " wherever it is in a call");
        return rule;
    }

    /** The title and detail of a problem+json answer, on one line; the body as it came when it is not one. */
    static String problemDetail(ServiceCalls.Exchange exchange) {
        try {
            JsonNode problem = io.apiguard.common.json.EventJson.mapper().readTree(exchange.body());
            if (problem != null && problem.has("title")) {
                String named = problem.has("check")
                        ? " " + problem.path("check").asText() + " at "
                                + problem.path("location").asText()
                        : problem.has("signature")
                                ? " " + problem.path("signature").asText() + " in "
                                        + problem.path("location").asText()
                                : "";
                return "(" + problem.path("title").asText() + ":" + named + ")";
            }
        } catch (IOException e) {
            // not JSON: shown as it came
        }
        String body = exchange.body() == null ? "" : exchange.body().strip();
        return body.length() > 120 ? "(" + body.substring(0, 120) + "...)" : "(" + body + ")";
    }

    private ServiceCalls.Exchange transfer(String person, String address, String json) {
        return calls.exchange(HttpRequest.newBuilder(URI.create("http://" + LocalApps.DEMO_HOST + ":"
                        + ports.sidecarProxy() + "/accounts/" + (100 + Math.floorMod(person.hashCode(), 40))
                        + "/transfers"))
                .header("X-API-Key", sharedAccountKey)
                .header("X-End-User", person)
                .header("X-Forwarded-For", address)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private void attack() {
        out.println();
        out.println("Scenario     " + ATTACKER + " walks account ids 1-" + ATTACK_CALLS + " through " + SHARED_ACCOUNT
                + ", " + 1_000 / ATTACK_PACE.toMillis() + " calls a second ...");
        int blocked = 0;
        int firstBlocked = -1;
        long attackStarted = System.nanoTime();
        long timeToBlockMillis = -1;
        for (int id = 1; id <= ATTACK_CALLS; id++) {
            // paced from the walk's start, so slow answers do not slow it further
            long due = attackStarted + (id - 1) * ATTACK_PACE.toNanos();
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int status = status(ATTACKER, ATTACKER_ADDRESS, "/accounts/" + id);
            if (status == 403 || status == 429) {
                blocked++;
                if (firstBlocked < 0) {
                    firstBlocked = id;
                    timeToBlockMillis = (System.nanoTime() - attackStarted) / 1_000_000;
                }
            }
        }
        out.printf("             %d enumeration calls (%d of them blocked at the sidecar)%n", ATTACK_CALLS, blocked);
        if (firstBlocked > 0) {
            out.printf(
                    "             the attacker was blocked from call %d on, %d ms after the first enumeration call"
                            + "%n",
                    firstBlocked, timeToBlockMillis);
        }
    }

    private void findings() throws InterruptedException {
        out.println();
        out.println("== Detections (detection-service GET /api/v1/detections), the latest " + LATEST + ":");
        ServiceCalls.Answer detections = read(ports.detection(), "/api/v1/detections?size=" + LATEST);
        if (detections != null) {
            Items items = items(detections.body());
            if (items.isEmpty()) {
                out.println("   none");
            }
            for (JsonNode detection : items) {
                out.printf(
                        "   %-20s %-8s %-28s %s%n",
                        detection.path("type").asText(),
                        detection.path("severity").asText(),
                        detection.path("subject").asText("-"),
                        detection.path("evidence").path("summary").asText(""));
            }
        }
        out.println();
        out.println("== Blocked calls (logging-service GET /api/v1/calls?decision=blocked)");
        ServiceCalls.Answer blockedCalls = read(ports.logging(), "/api/v1/calls?decision=blocked&limit=" + LATEST);
        if (blockedCalls != null) {
            JsonNode items = blockedCalls.body().path("items");
            out.println("   " + (items.isEmpty() ? "none" : "latest " + items.size() + ":"));
            for (JsonNode item : items) {
                JsonNode call = item.path("call");
                out.printf(
                        "   %s %s %s by %s (rule %s)%n",
                        call.path("timestamp").asText(),
                        call.path("api").path("method").asText(),
                        call.path("api").path("path").asText(),
                        caller(call.path("identity")),
                        call.path("decision").path("ruleId").asText());
            }
        }
        out.println();
        out.println("== The audit trail of " + ATTACKER + " (logging-service GET /api/v1/audit/subjects/{subject})");
        ServiceCalls.Answer audit = read(ports.logging(), auditPath());
        if (audit != null) {
            JsonNode trail = audit.body();
            out.printf(
                    "   %d calls through %s, %d distinct objects, first %s, last %s%n",
                    trail.path("calls").asLong(),
                    trail.path("serviceAccounts"),
                    trail.path("objects").size(),
                    trail.path("firstSeen").asText(),
                    trail.path("lastSeen").asText());
        }
        out.println();
        out.println("== The front door");
        out.printf("   the same read without a token: HTTP %d%n", calls.anonymousStatus(ports.logging(), auditPath()));
        operatorBlock();
    }

    /** The operator confirms the attack: a block on the attacker for a day, attributed to her token, never a body. */
    private void operatorBlock() throws InterruptedException {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("match", Map.of("subject", ATTACKER));
        rule.put("action", "block");
        rule.put("ttl", "PT24H");
        rule.put("reason", "confirmed enumeration (ticket SEC-1)");
        rule.put("createdBy", "someone-else");
        ServiceCalls.Answer created = calls.post(ports.enforcement(), "/api/v1/rules", operatorToken, rule);
        if (!created.ok()) {
            out.println("   not available: " + created.failure());
            return;
        }
        String ruleId = created.body().path("rule").path("id").asText();
        out.printf(
                "   the operator blocks %s for a day: rule %s, created by %s%n",
                ATTACKER, ruleId, created.body().path("rule").path("createdBy").asText());
        // the audit record travels enforcement -> apiguard.audit -> logging: give it a few seconds
        JsonNode actions = awaitAnswer(
                () -> calls.get(
                        ports.logging(),
                        "/api/v1/audit/actions?targetId=" + URLEncoder.encode(ruleId, StandardCharsets.UTF_8),
                        viewerToken),
                answer -> !answer.path("items").isEmpty());
        if (actions == null || actions.path("items").isEmpty()) {
            out.println("   the audit record has not reached logging-service yet");
            return;
        }
        JsonNode action = actions.path("items").get(0);
        out.printf(
                "   logging-service's audit (GET /api/v1/audit/actions): %s by %s (%s) at %s%n",
                action.path("action").asText(),
                action.path("actor").asText(),
                action.path("service").asText(),
                action.path("occurredAt").asText());
    }

    /** The final report: the level, when each was first reached, and every level's criteria and evidence. */
    private void maturityReport(MaturityWatch watch) throws InterruptedException {
        // the operator's rule is a new rule-set version: Level 5 holds again once the sidecar is on it
        JsonNode report = awaitAnswer(
                () -> calls.get(ports.posture(), MaturityWatch.PATH, viewerToken),
                maturity -> maturity.path("level").asInt() >= MaturityClimb.MAX_LEVEL);
        out.println();
        out.println("== Maturity (posture-service GET " + MaturityWatch.PATH + ")");
        if (report == null) {
            read(ports.posture(), MaturityWatch.PATH);
            return;
        }
        out.println("   "
                + report.path("summary").asText("level " + report.path("level").asText("?")));
        for (String line : reportLines(report, watch::reachedAt)) {
            out.println(line);
        }
        Duration top = watch.reachedAt(MaturityClimb.MAX_LEVEL);
        if (top != null) {
            out.printf(Locale.ROOT, "   Level 5 reached %.1f s after launch.%n", top.toMillis() / 1000.0);
        }
    }

    /** Every level of a maturity report: holds or not, since when, each criterion, and the evidence it was read from. */
    static List<String> reportLines(JsonNode report, IntFunction<Duration> reachedAt) {
        List<String> lines = new ArrayList<>();
        for (JsonNode level : report.path("levels")) {
            int number = level.path("level").asInt();
            Duration reached = reachedAt.apply(number);
            lines.add(String.format(
                    Locale.ROOT,
                    "   L%d %-7s %s (%s)%s",
                    number,
                    level.path("holds").asBoolean() ? "holds" : "missing",
                    level.path("name").asText(),
                    level.path("service").asText(),
                    reached == null
                            ? ""
                            : String.format(Locale.ROOT, ", first reached at %.1f s", reached.toMillis() / 1000.0)));
            for (JsonNode criterion : level.path("criteria")) {
                lines.add(String.format(
                        Locale.ROOT,
                        "        %s %s: %s (needs %s)",
                        criterion.path("holds").asBoolean() ? "+" : "-",
                        criterion.path("name").asText(),
                        criterion.path("detail").asText(),
                        criterion.path("threshold").asText()));
            }
            if (!level.path("holds").asBoolean() && level.hasNonNull("nextStep")) {
                lines.add("        next: " + level.path("nextStep").asText());
            }
            String evidence = evidence(level.path("evidence"));
            if (!evidence.isEmpty()) {
                lines.add("        evidence: " + evidence);
            }
        }
        return lines;
    }

    /** {@code key=value, ...}; a service's evidence comes under its contributor's name, which is left out. */
    static String evidence(JsonNode evidence) {
        JsonNode figures = evidence;
        if (evidence.size() == 1 && evidence.elements().next().isObject()) {
            figures = evidence.elements().next();
        }
        List<String> pairs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = figures.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            pairs.add(field.getKey() + "=" + (value.isValueNode() ? value.asText() : value.toString()));
        }
        return String.join(", ", pairs);
    }

    private String auditPath() {
        return "/api/v1/audit/subjects/" + URLEncoder.encode(ATTACKER, StandardCharsets.UTF_8);
    }

    private int status(String person, String address, String path) {
        return calls.call(
                HttpRequest.newBuilder(URI.create("http://" + LocalApps.DEMO_HOST + ":" + ports.sidecarProxy() + path))
                        .header("X-API-Key", sharedAccountKey)
                        .header("X-End-User", person)
                        .header("X-Forwarded-For", address)
                        .timeout(Duration.ofSeconds(5))
                        .build());
    }

    /** A read with the viewer's token; null, said so, when the service does not answer. */
    private ServiceCalls.Answer read(int port, String path) {
        ServiceCalls.Answer answer = calls.get(port, path, viewerToken);
        if (!answer.ok()) {
            out.println("   not available: " + answer.failure());
            return null;
        }
        return answer;
    }

    /** Asks again until the answer satisfies {@code done} or {@link #STEP_TIMEOUT} passes; the last answer read. */
    private JsonNode awaitAnswer(Supplier<ServiceCalls.Answer> ask, Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        JsonNode last = null;
        while (true) {
            ServiceCalls.Answer answer = ask.get();
            if (answer.ok()) {
                last = answer.body();
                if (done.test(last)) {
                    return last;
                }
            }
            if (System.nanoTime() > deadline) {
                return last;
            }
            Thread.sleep(ANSWER_POLL.toMillis());
        }
    }

    /** Who a stored call names: the verified subject, else the credential it came with, else nobody. */
    private static String caller(JsonNode identity) {
        if (identity.hasNonNull("subject")) {
            return identity.path("subject").asText();
        }
        if (identity.hasNonNull("credentialFingerprint")) {
            return "unverified credential "
                    + identity.path("credentialFingerprint").asText()
                    + (identity.hasNonNull("claimedSubject")
                            ? " claiming " + identity.path("claimedSubject").asText()
                            : "");
        }
        return "an anonymous caller";
    }

    private static Items items(JsonNode page) {
        return new Items(page == null ? null : page.isArray() ? page : page.path("items"));
    }

    /** The items of a list answer (a bare array or a page's {@code items}). */
    private record Items(JsonNode nodes) implements Iterable<JsonNode> {

        boolean isEmpty() {
            return nodes == null || nodes.isEmpty();
        }

        JsonNode findFirst(String subject) {
            for (JsonNode node : this) {
                if (subject.equals(node.path("subject").asText())) {
                    return node;
                }
            }
            return null;
        }

        @Override
        public Iterator<JsonNode> iterator() {
            return nodes == null ? Collections.emptyIterator() : nodes.iterator();
        }
    }
}
