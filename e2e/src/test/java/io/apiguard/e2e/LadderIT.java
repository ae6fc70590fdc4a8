package io.apiguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.apiguard.devstack.apps.LocalApps;
import io.apiguard.devstack.security.LocalSecurity;
import io.apiguard.e2e.audit.DetectionWatch;
import io.apiguard.e2e.audit.StoredCalls;
import io.apiguard.e2e.stack.Suite;
import io.apiguard.e2e.stack.SuiteStack;
import io.apiguard.e2e.traffic.Caller;
import io.apiguard.e2e.traffic.SteadyLoad;

/**
 * The ladder, climbed by the real suite: discovery's inventory, each person behind the shared account in the audit
 * trail, posture's findings, the enumeration detected and blocked in line while honest people are served, operator
 * rules by API and by declared template, the maturity report with evidence at every level, and every forwarded call
 * stored exactly once.
 */
@Order(1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LadderIT {

    private static final List<String> PEOPLE =
            List.of("alex.s@accounting-xyz", "bea.m@accounting-xyz", "carl.d@accounting-xyz");
    private static final String ATTACKER = "mallory@accounting-xyz";
    private static final String ATTACKER_ADDRESS = "198.51.100.66";

    private static Suite suite;
    private static DetectionWatch detections;
    private static StoredCalls stored;
    /** The demo accounts API's id in discovery's inventory. */
    private static String demoApiId;
    /** Every call of this class the sidecar forwarded, by trace id. */
    private static final Set<String> forwarded = new HashSet<>();

    @BeforeAll
    static void climbTheLadder() {
        suite = Suite.shared();
        detections = new DetectionWatch(suite.stack().bootstrapServers());
        stored = new StoredCalls(suite.stack().options().postgres(), "apiguard_logging");
    }

    @AfterAll
    static void stopWatching() {
        detections.close();
    }

    @Test
    @Order(1)
    void eachPersonBehindTheSharedAccountIsStoredUnderTheirOwnName() {
        for (String person : PEOPLE) {
            Caller caller = suite.caller(person, "203.0.113." + (10 + PEOPLE.indexOf(person)));
            for (int call = 0; call < 10; call++) {
                Caller.Answer answer = caller.get("/accounts/" + (100 + PEOPLE.indexOf(person)) + "/statements");
                assertThat(answer.status()).as("%s's call %d", person, call).isEqualTo(200);
                forwarded.add(answer.traceId());
            }
        }

        for (String person : PEOPLE) {
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> suite.asViewer(SuiteStack.LOGGING)
                            .queryParam("subject", person)
                            .queryParam("limit", 50)
                            .get("/api/v1/calls")
                            .then()
                            .statusCode(200)
                            .body("items.size()", is(10))
                            .body("items.call.identity.subject", everyItem(is(person)))
                            .body("items.call.identity.serviceAccount", everyItem(is(LocalSecurity.SHARED_ACCOUNT)))
                            .body("items.call.identity.verified", everyItem(is(true))));
        }
    }

    @Test
    @Order(2)
    void theInventoryHoldsTheDeclaredApiAndTheShadowApiTrafficShows() {
        // a path no manifest declares, called all the same
        Caller.Answer answer = suite.caller(PEOPLE.get(0), "203.0.113.10").get("/internal/export/customers");
        forwarded.add(answer.traceId());

        demoApiId = suite.asViewer(SuiteStack.DISCOVERY)
                .queryParam("host", LocalApps.DEMO_HOST)
                .get("/api/v1/apis")
                .then()
                .statusCode(200)
                // declared by its Ingress, whose annotation names the API's own OpenAPI document
                .body("items.find { it.path == '/accounts' }.source", is("spec"))
                .body("items.find { it.path == '/accounts' }.spec.error", nullValue())
                .body(
                        "items.find { it.path == '/accounts' }.operations.findAll { it.origin == 'spec' }.pathTemplate",
                        hasItem("/accounts/{accountId}/statements"))
                .body("items.find { it.path == '/accounts' }.state", is("active"))
                .extract()
                .path("items.find { it.path == '/accounts' }.id");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> suite.asViewer(SuiteStack.DISCOVERY)
                        .queryParam("state", "shadow")
                        .get("/api/v1/apis")
                        .then()
                        .statusCode(200)
                        .body("items.path", hasItem("/internal/export/customers")));
    }

    @Test
    @Order(3)
    void postureFindsTheWeaknessesOfTheDeclaredApis() {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> suite.asViewer(SuiteStack.POSTURE)
                        .get("/api/v1/findings")
                        .then()
                        .statusCode(200)
                        .body("items.size()", greaterThanOrEqualTo(1))
                        .body("items[0].owaspCategory", notNullValue()));
    }

    @Test
    @Order(4)
    void theEnumerationIsBlockedWithinASecondOfItsDetectionWhileHonestPeopleAreServed() {
        List<Caller> honest = new ArrayList<>();
        for (int person = 0; person < PEOPLE.size(); person++) {
            honest.add(suite.caller(PEOPLE.get(person), "203.0.113." + (10 + person)));
        }
        Caller attacker = suite.caller(ATTACKER, ATTACKER_ADDRESS);
        AtomicInteger attackCalls = new AtomicInteger();
        Instant firstBlocked;
        int servedOnceBlocked = 0;
        SteadyLoad load = SteadyLoad.start(honest, 20);
        try {
            // the attacker walks account ids, one after the other, until the sidecar stops her
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        Caller.Answer answer = attacker.get("/accounts/" + attackCalls.incrementAndGet());
                        if (answer.served()) {
                            forwarded.add(answer.traceId());
                        }
                        return answer.status() == 403;
                    });
            firstBlocked = Instant.now();
            for (int id = 1; id <= 20; id++) {
                Caller.Answer answer = attacker.get("/accounts/" + (attackCalls.get() + id));
                servedOnceBlocked += answer.served() ? 1 : 0;
            }
        } finally {
            SteadyLoad.Result result = load.stop();
            assertThat(result.statuses())
                    .as("honest people's answers while the attack ran")
                    .containsOnlyKeys(200);
            forwarded.addAll(result.forwarded());
        }

        assertThat(servedOnceBlocked)
                .as("the attacker's calls served once she was blocked")
                .isZero();
        Instant blockedAt = firstBlocked;
        Instant detected =
                await().atMost(Duration.ofSeconds(10)).until(() -> detections.firstDetected(ATTACKER), notNullValue());
        System.out.printf(
                "enumeration: blocked at call %d, detected at %s, first blocked %d ms later%n",
                attackCalls.get(),
                detected,
                Duration.between(detected, blockedAt).toMillis());
        assertThat(Duration.between(detected, blockedAt))
                .as("from the detection to the first blocked call")
                .isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @Order(5)
    void operatorRulesByApiIdAndByTemplateBlockOnlyWhatTheyName() {
        Caller rita = suite.caller("rita.r@accounting-xyz", "203.0.113.31");
        Caller tom = suite.caller("tom.t@accounting-xyz", "203.0.113.32");
        createRule(Map.of("apiId", demoApiId, "subject", "rita.r@accounting-xyz"), "e2e: rule by api id");
        // the template the API's spec declares for its statements, which the route table gives the sidecar
        createRule(
                Map.of("pathTemplate", "/accounts/{accountId}/statements", "subject", "tom.t@accounting-xyz"),
                "e2e: rule by template");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(rita.get("/accounts/41").status())
                    .as("rita on the demo API")
                    .isEqualTo(403);
            assertThat(tom.get("/accounts/42/statements").status())
                    .as("tom on its statements")
                    .isEqualTo(403);
        });
        // what the rules do not name is served: another API for rita, another template for tom
        Caller.Answer ritaElsewhere = rita.get("/internal/export/customers");
        Caller.Answer tomsAccount = tom.get("/accounts/42");
        assertThat(ritaElsewhere.status()).as("rita off the demo API").isEqualTo(404);
        assertThat(tomsAccount.status()).as("tom on the account itself").isEqualTo(200);
        forwarded.add(ritaElsewhere.traceId());
        forwarded.add(tomsAccount.traceId());
    }

    @Test
    @Order(6)
    void theOperatorAttendsToTheCriticalFindingsAndTheMaturityReportHasEvidenceForEveryLevel() {
        List<String> critical = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> suite.asOperator(SuiteStack.POSTURE)
                                .queryParam("severity", "critical")
                                .queryParam("state", "open")
                                .get("/api/v1/findings")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<String>>path("items.id"),
                        ids -> !ids.isEmpty());
        for (String finding : critical) {
            suite.asOperator(SuiteStack.POSTURE)
                    .body(Map.of(
                            "reason",
                            "e2e: the demo is served over plain HTTP on loopback only",
                            "until",
                            Instant.now().plus(Duration.ofHours(1)).toString()))
                    .post("/api/v1/findings/{id}/ack", finding)
                    .then()
                    .statusCode(200)
                    .body("acknowledgement.by", is(Suite.operator()));
        }

        // the report holds evidence for every level, and its level is the last rung of an unbroken climb
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> suite.asViewer(SuiteStack.POSTURE)
                        .get("/api/v1/maturity")
                        .then()
                        .statusCode(200)
                        .body("levels.size()", is(5))
                        .body("levels.evidence", everyItem(not(anEmptyMap())))
                        .body("levels.criteria", everyItem(not(empty()))));
        var report = suite.asViewer(SuiteStack.POSTURE)
                .get("/api/v1/maturity")
                .then()
                .statusCode(200)
                .extract();
        List<Boolean> holds = report.path("levels.holds");
        int climbed = holds.indexOf(false) < 0 ? holds.size() : holds.indexOf(false);
        System.out.println("maturity: level " + report.path("level") + ", levels holding " + holds + "; "
                + report.path("summary"));
        assertThat(report.<Integer>path("level"))
                .as("the level is the last rung of an unbroken climb")
                .isEqualTo(climbed);
    }

    @Test
    @Order(7)
    void everyForwardedCallIsStoredExactlyOnce() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            StoredCalls.Tally tally = stored.tally(forwarded);
            assertThat(tally.lost()).as(tally.toString()).isZero();
            assertThat(tally.duplicated()).as(tally.toString()).isZero();
        });
        System.out.println("ladder: " + stored.tally(forwarded));
    }

    private static org.hamcrest.Matcher<java.util.Map<?, ?>> anEmptyMap() {
        return org.hamcrest.Matchers.anEmptyMap();
    }

    private static void createRule(Map<String, String> match, String reason) {
        suite.asOperator(SuiteStack.ENFORCEMENT)
                .body(Map.of("match", match, "action", "block", "ttl", "PT1H", "reason", reason))
                .post("/api/v1/rules")
                .then()
                .statusCode(201)
                .body("rule.createdBy", is(Suite.operator()));
    }
}
