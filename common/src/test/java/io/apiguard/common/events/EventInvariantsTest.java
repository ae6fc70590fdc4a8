package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.apiguard.common.json.EventJson;

/** What the records refuse to hold, and what they copy so nobody can change an event after the fact. */
class EventInvariantsTest {

    private final ObjectMapper mapper = EventJson.mapper();

    /**
     * Each row breaks one field of a golden sample. Going through JSON shows both the compact constructor's check and
     * what a consumer sees: the read fails with the reason, and the message goes to the dead-letter topic.
     */
    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            CALL            | /id                  | null                   | id is required
            CALL            | /timestamp           | null                   | timestamp is required
            CALL            | /headers             | {"cookie": null}       | headers must not contain null keys or values
            CALL            | /status              | 42                     | status must be an HTTP status (100-599): 42
            CALL            | /responseBytes       | -1                     | responseBytes must not be negative: -1
            CALL            | /api/method          | " "                    | api.method is required and must not be blank
            CALL            | /objects/0/objectId  | ""                     | objects.objectId is required and must not be blank
            CALL            | /source/forwardedFor | ["10.0.0.4", null]     | source.forwardedFor must not contain null
            CALL            | /decision/outcome    | null                   | decision.outcome is required
            CALL            | /identity/subject    | null                   | a user identity needs a subject
            CALL            | /identity/authMethod | null                   | authMethod is required
            CALL_NORMALIZED | /normalizedAt        | null                   | normalizedAt is required
            CALL_NORMALIZED | /call/id             | null                   | id is required
            INVENTORY       | /changeKind          | null                   | changeKind is required
            INVENTORY       | /endpoint/id         | ""                     | id is required and must not be blank
            INVENTORY       | /endpoint/state      | null                   | state is required
            INVENTORY       | /endpoint/callCount  | -5                     | callCount must not be negative: -5
            INVENTORY       | /endpoint/lastSeen   | "2020-01-01T00:00:00Z" | lastSeen 2020-01-01T00:00:00Z is before firstSeen
            INVENTORY       | /endpoint/authHints  | {"auth": null}         | authHints must not contain null keys or values
            FINDING         | /ruleId              | null                   | ruleId is required and must not be blank
            FINDING         | /severity            | null                   | severity is required
            DETECTION       | /confidence          | 1.01                   | confidence must be within 0..1: 1.01
            DETECTION       | /confidence          | -0.01                  | confidence must be within 0..1: -0.01
            DETECTION       | /windowEnd           | "2020-01-01T00:00:00Z" | windowEnd 2020-01-01T00:00:00Z is before windowStart
            DETECTION       | /state               | null                   | state is required
            ENFORCEMENT     | /rule                | null                   | rule-created needs a rule
            ENFORCEMENT     | /kind                | "rule-set-pushed"      | rule-set-pushed needs a sidecar
            ENFORCEMENT     | /ruleSetVersion      | -1                     | ruleSetVersion must not be negative: -1
            ENFORCEMENT     | /rule/match          | {}                     | a rule must match on at least one field
            ENFORCEMENT     | /rule/action         | "rate-limit"           | a rate-limit rule needs a positive ratePerSecond
            ENFORCEMENT     | /rule/ratePerSecond  | 10                     | ratePerSecond is only for rate-limit rules, not block
            ENFORCEMENT     | /rule/expiresAt      | "2020-01-01T00:00:00Z" | expiresAt 2020-01-01T00:00:00Z is before createdAt
            ENFORCEMENT     | /rule/mode           | null                   | mode is required
            NETWORK_FLOW    | /end                 | "2020-01-01T00:00:00Z" | end 2020-01-01T00:00:00Z is before start
            NETWORK_FLOW    | /destinationPort     | 70000                  | destinationPort must be a port (0-65535): 70000
            NETWORK_FLOW    | /sourceIp            | null                   | sourceIp is required and must not be blank
            OPERATOR_ACTION | /actor               | ""                     | actor is required and must not be blank
            OPERATOR_ACTION | /action              | null                   | action is required
            OPERATOR_ACTION | /targetId            | null                   | targetId is required and must not be blank
            """)
    void anEventBreakingAnInvariantIsRefusedWithTheReason(
            EventContract contract, String pointer, String json, String reason) throws Exception {
        // Given
        ObjectNode event = Golden.of(contract);
        JsonPointer field = JsonPointer.compile(pointer);
        ((ObjectNode) event.at(field.head())).set(field.last().getMatchingProperty(), mapper.readTree(json));

        // When / Then
        assertThatThrownBy(() -> mapper.treeToValue(event, contract.payload()))
                .isInstanceOf(JsonMappingException.class)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void aConfidenceThatIsNotANumberIsRefused() {
        // Given
        Detection sample = (Detection) EventSamples.of(EventContract.DETECTION);

        // When / Then: NaN fails every comparison, so a careless range check would let it through
        assertThatThrownBy(() -> new Detection(
                        sample.id(),
                        sample.type(),
                        sample.severity(),
                        Double.NaN,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        sample.state(),
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("confidence must be within 0..1: NaN");
    }

    @Test
    void optionalFieldsMayBeAbsentAndCollectionsThenAreEmpty() throws Exception {
        // Given
        String minimal = "{\"id\":\"det-1\",\"type\":\"object-enumeration\",\"severity\":\"low\",\"confidence\":0.5,"
                + "\"state\":\"open\"}";

        // When
        Detection detection = mapper.readValue(minimal, Detection.class);

        // Then
        assertThat(detection.clientIps()).isEmpty();
        assertThat(detection.apiIds()).isEmpty();
        assertThat(detection.evidence().callIds()).isEmpty();
        assertThat(detection.evidence().figures()).isEmpty();
        assertThat(detection.subject()).isNull();
    }

    @Test
    void aCallWithoutIdentityIsTheAnonymousCaller() throws Exception {
        // Given a gateway that could not tell who called
        ObjectNode json = (ObjectNode) mapper.readTree(mapper.writeValueAsString(EventSamples.call()));
        json.remove("identity");

        // When
        ApiCallRecord call = mapper.treeToValue(json, ApiCallRecord.class);

        // Then
        assertThat(call.identity()).isEqualTo(Identity.anonymous());
        assertThat(call.headers()).isEmpty();
    }

    @Test
    void returnedObjectsMustBeABoundedFewKeyedFingerprints() throws Exception {
        // Given a producer that sends an id in clear, and one that sends more fingerprints than a call may carry
        ObjectNode clear = (ObjectNode) mapper.readTree(mapper.writeValueAsString(EventSamples.call()));
        clear.putArray("returnedObjects").add("1044");
        ObjectNode many = (ObjectNode) mapper.readTree(mapper.writeValueAsString(EventSamples.call()));
        IntStream.range(0, ApiCallRecord.MAX_RETURNED_OBJECTS + 1)
                .forEach(i -> many.withArray("returnedObjects").add(String.format("hmac:%016x", i)));
        ObjectNode none = (ObjectNode) mapper.readTree(mapper.writeValueAsString(EventSamples.call()));
        none.remove("returnedObjects");

        // When / Then
        assertThatThrownBy(() -> mapper.treeToValue(clear, ApiCallRecord.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("returnedObjects must be keyed fingerprints");
        assertThatThrownBy(() -> mapper.treeToValue(many, ApiCallRecord.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("at most 256");
        assertThat(mapper.treeToValue(none, ApiCallRecord.class).returnedObjects())
                .isEmpty();
    }

    @Test
    void collectionsAreCopiedSoAnEventCannotChangeAfterTheFact() {
        // Given
        List<String> roles = new ArrayList<>(List.of("accountant"));
        Map<String, String> evidence = new HashMap<>(Map.of("host", "api.fintech.example"));
        Identity identity = new Identity(
                "alex.s@accounting-xyz", null, PrincipalType.USER, AuthMethod.JWT, null, null, roles, null, true);
        PostureFinding finding = new PostureFinding(
                "f",
                "r",
                null,
                null,
                Severity.LOW,
                FindingState.OPEN,
                null,
                null,
                null,
                null,
                evidence,
                null,
                null,
                null);

        // When
        roles.add("admin");
        evidence.put("tls", "false");

        // Then
        assertThat(identity.roles()).containsExactly("accountant");
        assertThat(finding.evidence()).containsOnlyKeys("host");
        assertThatThrownBy(() -> identity.roles().add("admin")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> finding.evidence().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aDetectionCarriesABoundedSampleOfItsCalls() {
        // Given
        List<String> callIds = IntStream.range(0, Detection.Evidence.MAX_CALL_IDS + 50)
                .mapToObj(i -> UUID.nameUUIDFromBytes(new byte[] {(byte) i}).toString())
                .toList();

        // When
        Detection.Evidence evidence = new Detection.Evidence(callIds, null, "enumeration");

        // Then: trimmed rather than refused, so an incident is still reported
        assertThat(evidence.callIds())
                .hasSize(Detection.Evidence.MAX_CALL_IDS)
                .containsExactlyElementsOf(callIds.subList(0, Detection.Evidence.MAX_CALL_IDS));
        assertThat(evidence.figures()).isEmpty();
    }

    @Test
    void aPushEventNamesTheSidecarInsteadOfARule() {
        // When
        EnforcementEvent push = new EnforcementEvent(
                EnforcementEventKind.RULE_SET_PUSHED, null, 42, "payments/accounts-7d9f-abc12", EventSamples.T1);

        // Then
        assertThat(push.rule()).isNull();
        assertThat(push.sidecar()).isEqualTo("payments/accounts-7d9f-abc12");
    }

    @Test
    void nullElementsAreRefusedWithTheFieldName() {
        // Given
        List<String> apiIds = Collections.singletonList(null);
        Detection sample = (Detection) EventSamples.of(EventContract.DETECTION);

        // When / Then: List.copyOf alone would throw a NullPointerException naming nothing
        assertThatThrownBy(() -> new Detection(
                        sample.id(),
                        sample.type(),
                        sample.severity(),
                        0.5,
                        null,
                        null,
                        apiIds,
                        null,
                        null,
                        null,
                        null,
                        null,
                        sample.state(),
                        null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("apiIds must not contain null");
    }
}
