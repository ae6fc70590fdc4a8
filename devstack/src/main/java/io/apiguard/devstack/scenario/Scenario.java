package io.apiguard.devstack.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.devstack.config.LocalPorts;
import io.apiguard.devstack.security.LocalSecurity;

/**
 * Drives the demo API through the sidecar as an accounting firm's app would: five people call through the shared
 * account {@code FinTech_User_01}, each on their own few accounts, and one of them (mallory) walks account ids. Then
 * it asks apiguard what it saw: the maturity level with its evidence, the detections, the blocked calls and
 * mallory's audit trail. Each answer is read through the services' APIs with the viewer's token (a call without one
 * is refused, which the scenario shows too); the operator then makes the block on mallory last a day, and the audit
 * trail names her as its author. A service that does not answer is reported as such, never a crash.
 */
public final class Scenario {

    static final String SHARED_ACCOUNT = LocalSecurity.SHARED_ACCOUNT;
    static final List<String> PEOPLE = List.of("alex.s@accounting-xyz", "bea.m@accounting-xyz",
            "carl.d@accounting-xyz", "dora.k@accounting-xyz");
    /**
     * A new attacker each run, by name and by address: a rule made in an earlier run (TTL one hour) must not block this
     * one from its first call, and detections block addresses as well as people.
     */
    static final String ATTACKER = "mallory-" + Long.toString(System.currentTimeMillis() % 46_656, 36)
            + "@accounting-xyz";
    static final String ATTACKER_ADDRESS = "198.51.100." + (1 + System.currentTimeMillis() / 1_000 % 254);

    private final LocalPorts ports;
    private final PrintStream out;
    private final String viewerToken;
    private final String operatorToken;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = io.apiguard.common.json.EventJson.mapper();
    private final String sharedAccountKey;

    public Scenario(LocalPorts ports, LocalSecurity security, PrintStream out) {
        this.ports = ports;
        this.out = out;
        try {
            this.viewerToken = security.personToken("viewer");
            this.operatorToken = security.personToken("operator");
            // the partner backend's verified credential: it may name the person it calls for
            this.sharedAccountKey = security.sharedAccountKey();
        } catch (IOException e) {
            throw new UncheckedIOException("the local run's tokens cannot be read", e);
        }
    }

    /** Plays the story and prints the report. */
    public void run() throws InterruptedException {
        out.println();
        out.println("Scenario     " + PEOPLE.size() + " people call through " + SHARED_ACCOUNT + "; " + ATTACKER
                + " walks account ids ...");
        int honest = 0;
        int honestServed = 0;
        for (int round = 0; round < 10; round++) {
            for (int person = 0; person < PEOPLE.size(); person++) {
                int account = 100 + person * 10 + round % 3;
                int status = status(PEOPLE.get(person), "203.0.113." + (10 + person),
                        "/accounts/" + account + (round % 2 == 0 ? "" : "/statements"));
                honest++;
                honestServed += status == 200 ? 1 : 0;
            }
        }
        int attack = 0;
        int blocked = 0;
        int firstBlocked = -1;
        long attackStarted = System.nanoTime();
        long timeToBlockMillis = -1;
        for (int id = 1; id <= 400; id++) {
            int status = status(ATTACKER, ATTACKER_ADDRESS, "/accounts/" + id);
            attack++;
            if (status == 403 || status == 429) {
                blocked++;
                if (firstBlocked < 0) {
                    firstBlocked = attack;
                    timeToBlockMillis = (System.nanoTime() - attackStarted) / 1_000_000;
                }
            }
        }
        out.printf("             %d honest calls (%d served), %d enumeration calls (%d of them blocked at the sidecar)%n",
                honest, honestServed, attack, blocked);
        if (firstBlocked > 0) {
            out.printf("             the attacker was blocked from call %d on, %d ms after the first enumeration call"
                    + "%n", firstBlocked, timeToBlockMillis);
        }
        out.println("             waiting 10 s for logging, detection and enforcement to catch up ...");
        Thread.sleep(10_000);
        report();
    }

    private void report() throws InterruptedException {
        out.println();
        out.println("== Maturity (posture-service GET /api/v1/maturity)");
        JsonNode maturity = get(ports.posture(), "/api/v1/maturity");
        if (maturity != null) {
            out.println("   level " + maturity.path("level").asText("?"));
            for (JsonNode level : maturity.path("levels")) {
                out.printf("   %s %-3s %s%n", level.path("holds").asBoolean() ? "holds  " : "missing",
                        level.path("level").asText(), level.path("name").asText(level.path("title").asText("")));
                if (!level.path("holds").asBoolean() && level.hasNonNull("nextStep")) {
                    out.println("             next: " + level.path("nextStep").asText());
                }
            }
        }
        out.println();
        out.println("== Detections (detection-service GET /api/v1/detections)");
        JsonNode detections = get(ports.detection(), "/api/v1/detections");
        if (detections != null) {
            JsonNode items = detections.isArray() ? detections : detections.path("items");
            if (items.isEmpty()) {
                out.println("   none");
            }
            for (JsonNode detection : items) {
                out.printf("   %-20s %-8s %-28s %s%n", detection.path("type").asText(),
                        detection.path("severity").asText(), detection.path("subject").asText("-"),
                        detection.path("evidence").path("summary").asText(""));
            }
        }
        out.println();
        out.println("== Blocked calls (logging-service GET /api/v1/calls?decision=blocked)");
        JsonNode blockedCalls = get(ports.logging(), "/api/v1/calls?decision=blocked&limit=5");
        if (blockedCalls != null) {
            JsonNode items = blockedCalls.path("items");
            out.println("   " + (items.isEmpty() ? "none" : "latest " + items.size() + ":"));
            for (JsonNode item : items) {
                JsonNode call = item.path("call");
                out.printf("   %s %s %s by %s (rule %s)%n", call.path("timestamp").asText(),
                        call.path("api").path("method").asText(), call.path("api").path("path").asText(),
                        caller(call.path("identity")), call.path("decision").path("ruleId").asText());
            }
        }
        out.println();
        out.println("== The audit trail of " + ATTACKER + " (logging-service GET /api/v1/audit/subjects/{subject})");
        JsonNode audit = get(ports.logging(), "/api/v1/audit/subjects/" + ATTACKER);
        if (audit != null) {
            out.printf("   %d calls through %s, %d distinct objects, first %s, last %s%n", audit.path("calls").asLong(),
                    audit.path("serviceAccounts"), audit.path("objects").size(), audit.path("firstSeen").asText(),
                    audit.path("lastSeen").asText());
        }
        out.println();
        out.println("== The front door");
        out.printf("   the same read without a token: HTTP %d%n", anonymousStatus(ports.logging(),
                "/api/v1/audit/subjects/" + ATTACKER));
        operatorAction();
    }

    /** The operator confirms the attack: a block on the attacker for a day, attributed to her token, never a body. */
    private void operatorAction() throws InterruptedException {
        String rule = "{\"match\": {\"subject\": \"" + ATTACKER + "\"}, \"action\": \"block\", \"ttl\": \"PT24H\", "
                + "\"reason\": \"confirmed enumeration (ticket SEC-1)\", \"createdBy\": \"someone-else\"}";
        JsonNode created = send("POST", ports.enforcement(), "/api/v1/rules", operatorToken, rule);
        if (created == null) {
            return;
        }
        out.printf("   the operator blocks %s for a day: rule %s, created by %s%n", ATTACKER,
                created.path("rule").path("id").asText(), created.path("rule").path("createdBy").asText());
        // the audit record travels enforcement -> apiguard.audit -> logging: give it a few seconds
        for (int attempt = 0; attempt < 20; attempt++) {
            JsonNode actions = get(ports.logging(), "/api/v1/audit/actions?targetId="
                    + created.path("rule").path("id").asText());
            JsonNode items = actions == null ? null : actions.path("items");
            if (items != null && !items.isEmpty()) {
                JsonNode action = items.get(0);
                out.printf("   logging-service's audit (GET /api/v1/audit/actions): %s by %s (%s) at %s%n",
                        action.path("action").asText(), action.path("actor").asText(),
                        action.path("service").asText(), action.path("occurredAt").asText());
                return;
            }
            Thread.sleep(500);
        }
        out.println("   the audit record has not reached logging-service yet");
    }

    private int status(String person, String address, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.sidecarProxy() + path))
                .header("X-API-Key", sharedAccountKey)
                .header("X-End-User", person)
                .header("X-Forwarded-For", address)
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** A read with the viewer's token. */
    /** Who a stored call names: the verified subject, else the credential it came with, else nobody. */
    private static String caller(JsonNode identity) {
        if (identity.hasNonNull("subject")) {
            return identity.path("subject").asText();
        }
        if (identity.hasNonNull("credentialFingerprint")) {
            return "unverified credential " + identity.path("credentialFingerprint").asText()
                    + (identity.hasNonNull("claimedSubject") ? " claiming " + identity.path("claimedSubject").asText()
                            : "");
        }
        return "an anonymous caller";
    }

    private JsonNode get(int port, String path) {
        return send("GET", port, path, viewerToken, null);
    }

    private int anonymousStatus(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode send(String method, int port, String path, String bearer, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer)
                .timeout(Duration.ofSeconds(5));
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                out.println("   not available: HTTP " + response.statusCode());
                return null;
            }
            return mapper.readTree(response.body());
        } catch (IOException e) {
            out.println("   not available: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
