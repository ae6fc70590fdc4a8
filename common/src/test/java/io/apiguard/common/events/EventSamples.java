package io.apiguard.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.apiguard.common.json.EventJson;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.SpecValidation;

/**
 * One realistic event of each contract, built in code; the golden files hold the same events as JSON. The story is
 * the FinTech one: {@code alex.s@accounting-xyz} calls through the shared account {@code FinTech_User_01} and
 * enumerates account statements until a rule blocks him.
 */
final class EventSamples {

    static final Instant T0 = Instant.parse("2026-11-22T10:15:30.123Z");
    static final Instant T1 = Instant.parse("2026-11-22T10:20:00Z");

    private EventSamples() {}

    static Record of(EventContract contract) {
        return switch (contract) {
            case INVENTORY -> new InventoryChange(ChangeKind.UPSERTED, endpoint(), T1);
            // As a gateway sends it: with the credential headers logging-service resolves identity from, then redacts.
            case CALL ->
                withHeaders(
                        call(),
                        Map.of(
                                "authorization",
                                        "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJGaW5UZWNoX1VzZXJfMDEifQ.c2lnbmF0dXJl",
                                "x-end-user", "alex.s@accounting-xyz"));
            case CALL_NORMALIZED, CALL_REPARTITIONED ->
                new NormalizedCall(call(), List.of("header:authorization", "header:cookie"), T1);
            case FINDING ->
                new PostureFinding(
                        "APIG-TLS-001:api-7f3c2a",
                        "APIG-TLS-001",
                        "api-7f3c2a",
                        "payments",
                        Severity.HIGH,
                        FindingState.OPEN,
                        "No TLS on an externally exposed host",
                        "Host api.fintech.example is exposed by Ingress payments/accounts without a TLS block.",
                        "API8:2023",
                        "PR.DS-02",
                        Map.of("ingress", "payments/accounts", "host", "api.fintech.example"),
                        T0,
                        T1,
                        T0);
            case DETECTION ->
                new Detection(
                        "det-object-enumeration-4c1d",
                        "object-enumeration",
                        Severity.HIGH,
                        0.92,
                        "alex.s@accounting-xyz",
                        List.of("203.0.113.7"),
                        List.of("api-7f3c2a"),
                        T0,
                        T1,
                        new Detection.Evidence(
                                List.of("6a1f0c9e-1f6b-4b8e-9a57-2f1cbbd0e2a1"),
                                Map.of("distinctObjects", 412.0, "subjectBaseline", 6.0, "endpointBaseline", 9.5),
                                "412 distinct accounts in 5 minutes against a baseline of 6"),
                        "API1:2023",
                        "block-subject",
                        DetectionState.ONGOING,
                        T1,
                        List.of("sha256:3f1c0e9ab27d4c55"));
            case ENFORCEMENT -> new EnforcementEvent(EnforcementEventKind.RULE_CREATED, rule(), 42, null, T1);
            case NETWORK_FLOW ->
                new NetworkFlow(
                        "10.42.0.17",
                        51544,
                        "198.51.100.23",
                        443,
                        "tcp",
                        73_400_320,
                        4_096,
                        T0,
                        T1,
                        50_412,
                        NetworkFlow.HUBBLE,
                        new NetworkFlow.Workload("payments", "card-api-7d9f8b6c4-x2k5p"),
                        new NetworkFlow.Workload("ledger", "ledger-0"));
            case OPERATOR_ACTION ->
                new OperatorAction(
                        UUID.fromString("0b7e3f52-8c1d-4e0a-b6f1-5a2d9c4e7f10"),
                        T1,
                        "detection-service",
                        "otto.operator@example.com",
                        List.of("operator", "viewer"),
                        OperatorActionKind.DETECTION_MARKED_FALSE_POSITIVE,
                        "detection",
                        "det-object-enumeration-4c1d",
                        "alex.s runs the quarterly statement export",
                        Map.of("allowlistEntry", "al-51c0", "expiresAt", "2026-11-29T10:20:00Z"));
        };
    }

    static ApiEndpoint endpoint() {
        return new ApiEndpoint(
                "api-7f3c2a",
                "api.fintech.example",
                "/accounts",
                "/accounts/{id}/statements",
                MatchType.PREFIX,
                List.of("GET"),
                new Backend("accounts", "8080"),
                "payments",
                List.of("payments/accounts"),
                Exposure.EXTERNAL,
                false,
                Map.of("auth", "none", "rate-limit", "none", "ssl-redirect", "false"),
                ApiSource.SPEC,
                ApiState.ACTIVE,
                T0,
                T1,
                1_284,
                List.of(
                        new ApiEndpoint.Operation(
                                "GET",
                                "/accounts/{accountId}/statements",
                                1_200,
                                T1,
                                OperationOrigin.SPEC,
                                "listStatements",
                                true,
                                List.of("query.from"),
                                false,
                                new RequestContract(
                                        List.of(
                                                new RequestContract.Parameter(
                                                        "accountId",
                                                        RequestContract.ParameterLocation.PATH,
                                                        true,
                                                        schema("{\"type\":\"string\",\"pattern\":\"^[0-9]{1,12}$\"}")),
                                                new RequestContract.Parameter(
                                                        "from",
                                                        RequestContract.ParameterLocation.QUERY,
                                                        false,
                                                        schema("{\"type\":\"string\",\"format\":\"date\"}"))),
                                        false,
                                        Map.of())),
                        new ApiEndpoint.Operation("GET", "/accounts/{id}", 84, T0)),
                new ApiEndpoint.Spec(
                        "configmap:payments/accounts-openapi/openapi.yaml",
                        "3.1.0",
                        "Accounts",
                        "2.4.0",
                        null,
                        SpecValidation.ENFORCE));
    }

    private static JsonNode schema(String json) {
        try {
            return EventJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiCallRecord call() {
        return new ApiCallRecord(
                UUID.fromString("6a1f0c9e-1f6b-4b8e-9a57-2f1cbbd0e2a1"),
                T0,
                1_830,
                new ApiCallRecord.Api(
                        "api.fintech.example",
                        "GET",
                        "/accounts/1044/statements",
                        "from=2026-11-01",
                        "/accounts/{id}/statements",
                        "api-7f3c2a"),
                new ApiCallRecord.Source("203.0.113.7", List.of("203.0.113.7", "10.0.0.4"), "fintech-app/4.2"),
                new ApiCallRecord.Destination("accounts", "payments", "accounts-7d9f-abc12"),
                new Identity(
                        "alex.s@accounting-xyz",
                        "Alex S",
                        PrincipalType.USER,
                        AuthMethod.JWT,
                        "FinTech_User_01",
                        "accounting-xyz",
                        List.of("accountant"),
                        "sha256:4f2a9c01d3b7",
                        true),
                200,
                0,
                5_120,
                List.of(new ApiCallRecord.ObjectRef("accounts", "1044")),
                // The security team watches the shared account with a monitor-mode rule before blocking anyone.
                new ApiCallRecord.Decision(DecisionOutcome.MONITORED, "rule-5b1a"),
                "4bf92f3577b34da6a3ce929d0e0e4736",
                Map.of(),
                new ApiCallRecord.Inspection(
                        false,
                        false,
                        "getStatements",
                        List.of(new ApiCallRecord.Violation(
                                "spec", "unknown-parameter", "query.from", "from is not a parameter of getStatements")),
                        "hmac:5f2b9e0c7d41a386"),
                List.of("iban", "email"),
                // the statements returned name the account and a transfer: their ids, fingerprinted
                List.of("hmac:0c41d9a27be35f18", "hmac:9e7a215bd04c36f2"));
    }

    static ApiCallRecord withHeaders(ApiCallRecord call, Map<String, String> headers) {
        return new ApiCallRecord(
                call.id(),
                call.timestamp(),
                call.durationMicros(),
                call.api(),
                call.source(),
                call.destination(),
                call.identity(),
                call.status(),
                call.requestBytes(),
                call.responseBytes(),
                call.objects(),
                call.decision(),
                call.traceId(),
                headers,
                call.inspection(),
                call.dataClasses(),
                call.returnedObjects());
    }

    static EnforcementRule rule() {
        return new EnforcementRule(
                "rule-9d2e",
                new EnforcementRule.Match(
                        "alex.s@accounting-xyz", null, null, "api-7f3c2a", "GET", "/accounts/{id}/statements", null),
                RuleAction.BLOCK,
                null,
                "412 distinct accounts in 5 minutes against a baseline of 6",
                "det-object-enumeration-4c1d",
                "policy",
                T1,
                Instant.parse("2026-11-22T11:20:00Z"),
                RuleMode.ENFORCE);
    }
}
