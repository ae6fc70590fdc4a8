package io.apiguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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

    private static final List<String> PEOPLE = List.of("alex.s@accounting-xyz", "bea.m@accounting-xyz",
            "carl.d@accounting-xyz");
    private static final String ATTACKER = "mallory@accounting-xyz";
    private static final String ATTACKER_ADDRESS = "198.51.100.66";

    private static Suite suite;
    private static DetectionWatch detections;
    private static StoredCalls stored;
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
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> suite.asViewer(SuiteStack.LOGGING)
                    .queryParam("subject", person).queryParam("limit", 50)
                    .get("/api/v1/calls")
                    .then().statusCode(200)
                    .body("items.size()", is(10))
                    .body("items.call.identity.subject", everyItem(is(person)))
                    .body("items.call.identity.serviceAccount", everyItem(is(LocalSecurity.SHARED_ACCOUNT)))
                    .body("items.call.identity.verified", everyItem(is(true))));
        }
    }

    @Test
    @Order(2)
    void theInventoryHoldsTheDeclaredApisAndTheShadowApiTrafficShows() {
        // a path no manifest declares, called all the same
        Caller.Answer answer = suite.caller(PEOPLE.get(0), "203.0.113.10").get("/internal/export/customers");
        forwarded.add(answer.traceId());

        suite.asViewer(SuiteStack.DISCOVERY)
                .queryParam("size", 500)
                .get("/api/v1/apis")
                .then().statusCode(200)
                .body("items.findAll { it.source == 'ingress' }.size()", greaterThanOrEqualTo(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> suite.asViewer(SuiteStack.DISCOVERY)
                .queryParam("state", "shadow")
                .get("/api/v1/apis")
                .then().statusCode(200)
                .body("items.path", hasItem("/internal/export/customers")));
    }

    @Test
    @Order(3)
    void postureFindsTheWeaknessesOfTheDeclaredApis() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> suite.asViewer(SuiteStack.POSTURE)
                .get("/api/v1/findings")
                .then().statusCode(200)
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
        Instant firstBlocked = null;
        int attackCalls = 0;
        int servedAfterBlock = 0;
        SteadyLoad load = SteadyLoad.start(honest, 20);
        try {
            for (int id = 1; id <= 400; id++) {
                Caller.Answer answer = attacker.get("/accounts/" + id);
                attackCalls++;
                if (answer.served()) {
                    forwarded.add(answer.traceId());
                    servedAfterBlock += firstBlocked == null ? 0 : 1;
                } else if (answer.status() == 403 && firstBlocked == null) {
                    firstBlocked = Instant.now();
                }
            }
        } finally {
            SteadyLoad.Result result = load.stop();
            assertThat(result.statuses()).as("honest people's answers while the attack ran").containsOnlyKeys(200);
            forwarded.addAll(result.forwarded());
        }

        assertThat(firstBlocked).as("the attacker was blocked at the sidecar").isNotNull();
        assertThat(servedAfterBlock).as("the attacker's calls served once blocked").isZero();
        Instant blockedAt = firstBlocked;
        Instant detected = await().atMost(Duration.ofSeconds(10)).until(() -> detections.firstDetected(ATTACKER),
                notNullValue());
        System.out.printf("enumeration: %d calls, detected at %s, first blocked %d ms later%n", attackCalls, detected,
                Duration.between(detected, blockedAt).toMillis());
        assertThat(Duration.between(detected, blockedAt)).as("from the detection to the first blocked call")
                .isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    @Order(6)
    void theMaturityReportHasEvidenceForEveryLevel() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> suite.asViewer(SuiteStack.POSTURE)
                .get("/api/v1/maturity")
                .then().statusCode(200)
                .body("levels.size()", is(5))
                .body("levels.evidence", everyItem(not(anEmptyMap()))));
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
}
