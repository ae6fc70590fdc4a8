package io.apiguard.sidecar.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.apiguard.common.events.ApiCallRecord;
import io.apiguard.common.events.MatchType;
import io.apiguard.common.inspect.RequestContent;
import io.apiguard.common.paths.RouteTable;
import io.apiguard.common.rules.RuleSet;
import io.apiguard.common.spec.RequestContract;
import io.apiguard.common.spec.RequestContract.ParameterLocation;
import io.apiguard.common.spec.SpecValidation;
import io.apiguard.sidecar.rules.RuleEvaluator;

/** The positive model on its own: each check, each way a call breaks it, and a schema that does not compile. */
class PositiveModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "api-shop";
    private static final String HOST = "shop.example";

    private static final String USER = """
            {"type":"object","required":["name","email"],"properties":{
              "name":{"type":"string","maxLength":40},
              "email":{"type":"string"},
              "address":{"type":"object","properties":{"city":{"type":"string"}}},
              "tags":{"type":"array","items":{"type":"string"}},
              "metadata":{"type":"object"},
              "id":{"type":"integer","readOnly":true}}}""";
    private static final String USER_FORM = """
            {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"age":{"type":"integer"}}}""";
    private static final String PATCH = """
            {"allOf":[{"type":"object","properties":{"name":{"type":"string"}}},
                      {"type":"object","properties":{"email":{"type":"string"}}}]}""";

    private final RuleEvaluator shop = evaluator(SpecValidation.ENFORCE, PositiveModel.Options.DEFAULTS);

    @Test
    void aConformingCallBreaksNothingAndNamesItsOperation() {
        // When
        SpecFindings findings =
                check(shop, "POST", "/users", null, json("{\"name\":\"Ada\",\"email\":\"a@x.example\"}"));

        // Then
        assertThat(findings.violations()).isEmpty();
        assertThat(findings.operation()).isEqualTo("createUser");
        assertThat(check(shop, "GET", "/users", "limit=20", headers(Map.of("x-tenant", "acme")))
                        .violations())
                .isEmpty();
        assertThat(check(shop, "GET", "/users/42", null, RequestContent.NONE).violations())
                .isEmpty();
    }

    @Test
    void aCallToAnOperationTheSpecDoesNotDeclareIsUndeclared() {
        // When: DELETE is declared nowhere, /orders nowhere at all
        SpecFindings delete = check(shop, "DELETE", "/users/42", null, RequestContent.NONE);
        SpecFindings orders = check(shop, "GET", "/orders", null, RequestContent.NONE);

        // Then
        assertThat(only(delete)).containsExactly("spec", "undeclared-operation", "path");
        assertThat(delete.operation()).isNull();
        assertThat(only(orders)).containsExactly("spec", "undeclared-operation", "path");
    }

    @Test
    void pathParametersAreCheckedAgainstTheirSchema() {
        assertThat(only(check(shop, "GET", "/users/abc", null, RequestContent.NONE)))
                .containsExactly("spec", "invalid-parameter", "path.userId");
        assertThat(only(check(shop, "GET", "/users/0", null, RequestContent.NONE)))
                .containsExactly("spec", "invalid-parameter", "path.userId");
    }

    @Test
    void queryParametersAreRequiredWhereDeclaredAndCheckedAgainstTheirSchema() {
        RequestContent tenant = headers(Map.of("x-tenant", "acme"));
        assertThat(only(check(shop, "GET", "/users", null, tenant)))
                .containsExactly("spec", "missing-parameter", "query.limit");
        assertThat(only(check(shop, "GET", "/users", "limit=500", tenant)))
                .containsExactly("spec", "invalid-parameter", "query.limit");
        assertThat(only(check(shop, "GET", "/users", "limit=abc", tenant)))
                .containsExactly("spec", "invalid-parameter", "query.limit");
        // an array parameter, repeated or comma-separated, each element against the items' schema
        assertThat(check(shop, "GET", "/users", "limit=5&status=active&status=locked", tenant)
                        .violations())
                .isEmpty();
        assertThat(only(check(shop, "GET", "/users", "limit=5&status=active,deleted", tenant)))
                .containsExactly("spec", "invalid-parameter", "query.status");
        // a query parameter the spec does not declare is no violation
        assertThat(check(shop, "GET", "/users", "limit=5&cacheBust=1", tenant).violations())
                .isEmpty();
    }

    @Test
    void requiredHeadersAndCookiesAreCheckedAgainstTheirSchema() {
        assertThat(only(check(shop, "GET", "/users", "limit=5", headers(Map.of()))))
                .containsExactly("spec", "missing-parameter", "header.x-tenant");
        assertThat(only(check(shop, "GET", "/users", "limit=5", headers(Map.of("x-tenant", "ACME 1")))))
                .containsExactly("spec", "invalid-parameter", "header.x-tenant");
        assertThat(only(check(
                        shop,
                        "GET",
                        "/users",
                        "limit=5",
                        headers(Map.of("x-tenant", "acme", "cookie", "theme=dark; session=not-a-number")))))
                .containsExactly("spec", "invalid-parameter", "cookie.session");
    }

    @Test
    void aBodyMustBeOfADeclaredContentTypeAndPresentWhenRequired() {
        assertThat(only(check(shop, "POST", "/users", null, body("text/plain", "name=Ada"))))
                .containsExactly("spec", "unsupported-media-type", "header.content-type");
        assertThat(only(check(shop, "POST", "/users", null, body(null, "{}"))))
                .containsExactly("spec", "unsupported-media-type", "header.content-type");
        assertThat(only(check(shop, "POST", "/users", null, headers(Map.of()))))
                .containsExactly("spec", "missing-body", "body");
        // an operation that declares no body takes none
        assertThat(only(check(shop, "GET", "/users/42", null, json("{}"))))
                .containsExactly("spec", "unsupported-media-type", "header.content-type");
        // media type parameters and case do not matter
        assertThat(check(
                                shop,
                                "POST",
                                "/users",
                                null,
                                body("Application/JSON; charset=utf-8", "{\"name\":\"Ada\",\"email\":\"a@x\"}"))
                        .violations())
                .isEmpty();
    }

    @Test
    void aJsonBodyIsCheckedAgainstItsSchemaWithTheJsonPointerOfEachViolation() {
        // When
        SpecFindings findings = check(shop, "POST", "/users", null, json("{\"name\":12,\"address\":{\"city\":3}}"));

        // Then
        assertThat(findings.violations())
                .extracting(ApiCallRecord.Violation::id, ApiCallRecord.Violation::location)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("invalid-body", "body/name"),
                        org.assertj.core.groups.Tuple.tuple("invalid-body", "body/email"),
                        org.assertj.core.groups.Tuple.tuple("invalid-body", "body/address/city"));
        assertThat(findings.violations())
                .allSatisfy(violation -> assertThat(violation.kind()).isEqualTo("spec"));
    }

    @Test
    void aReasonNeverCopiesThePayload() {
        // Given: a value too long, which the reason must not repeat
        String secret = "SECRET-".repeat(10);

        // When
        SpecFindings findings =
                check(shop, "POST", "/users", null, json("{\"name\":\"" + secret + "\",\"email\":\"a@x.example\"}"));

        // Then
        ApiCallRecord.Violation violation = findings.first();
        assertThat(violation.location()).isEqualTo("body/name");
        assertThat(violation.reason()).contains("maxLength").doesNotContain("SECRET");
    }

    @Test
    void aBodyThatIsNotJsonOrGivesAKeyTwiceIsMalformed() {
        assertThat(only(check(shop, "POST", "/users", null, json("{\"name\":"))))
                .containsExactly("spec", "malformed-body", "body");
        // the API might read the other name than the one checked: refused as malformed
        assertThat(only(check(
                        shop,
                        "POST",
                        "/users",
                        null,
                        json("{\"name\":\"Ada\",\"email\":\"a@x\",\"name\":{\"$ne\":1}}"))))
                .containsExactly("spec", "malformed-body", "body");
    }

    @Test
    void aWriteIsRefusedAPropertyItsSchemaDoesNotDeclareAnywhereInTheBody() {
        // When: mass assignment at the top and in a nested object
        SpecFindings admin =
                check(shop, "POST", "/users", null, json("{\"name\":\"Ada\",\"email\":\"a@x\",\"isAdmin\":true}"));
        SpecFindings nested = check(
                shop,
                "POST",
                "/users",
                null,
                json("{\"name\":\"Ada\",\"email\":\"a@x\",\"address\":{\"city\":\"Oslo\",\"owner\":\"me\"}}"));

        // Then
        assertThat(only(admin)).containsExactly("spec", "unknown-property", "body/isAdmin");
        assertThat(only(nested)).containsExactly("spec", "unknown-property", "body/address/owner");
        // a free-form object (no declared properties) stays open
        assertThat(check(
                                shop,
                                "POST",
                                "/users",
                                null,
                                json("{\"name\":\"Ada\",\"email\":\"a@x\",\"metadata\":{\"any\":1}}"))
                        .violations())
                .isEmpty();
        // a read-only property is no write's to set
        assertThat(only(check(shop, "POST", "/users", null, json("{\"name\":\"Ada\",\"email\":\"a@x\",\"id\":7}"))))
                .containsExactly("spec", "invalid-body", "body/id");
    }

    @Test
    void aComposedWriteSchemaCountsEveryBranchsPropertiesAsDeclared() {
        assertThat(check(shop, "PATCH", "/users/42", null, json("{\"name\":\"Ada\",\"email\":\"a@x\"}"))
                        .violations())
                .isEmpty();
        assertThat(only(check(shop, "PATCH", "/users/42", null, json("{\"name\":\"Ada\",\"role\":\"admin\"}"))))
                .containsExactly("spec", "unknown-property", "body/role");
    }

    @Test
    void withoutStrictWritesAnUndeclaredPropertyIsWhatTheSpecSaysOfIt() {
        // Given
        RuleEvaluator lenient = evaluator(SpecValidation.ENFORCE, new PositiveModel.Options(false, 8));

        // When
        SpecFindings findings =
                check(lenient, "POST", "/users", null, json("{\"name\":\"Ada\",\"email\":\"a@x\",\"isAdmin\":true}"));

        // Then
        assertThat(findings.violations()).isEmpty();
    }

    @Test
    void aFormBodyIsCheckedFieldByFieldAgainstTheFormSchema() {
        String form = "application/x-www-form-urlencoded";
        assertThat(check(shop, "POST", "/users", null, body(form, "name=Ada+Lovelace&age=36"))
                        .violations())
                .isEmpty();
        assertThat(only(check(shop, "POST", "/users", null, body(form, "name=Ada&age=old"))))
                .containsExactly("spec", "invalid-body", "body/age");
        assertThat(only(check(shop, "POST", "/users", null, body(form, "age=3"))))
                .containsExactly("spec", "invalid-body", "body/name");
        assertThat(only(check(shop, "POST", "/users", null, body(form, "name=Ada&isAdmin=1"))))
                .containsExactly("spec", "unknown-property", "body/isAdmin");
    }

    @Test
    void aBodyOverTheInspectionBoundIsNotValidated() {
        // Given: streamed through, never buffered
        RequestContent over = new RequestContent(
                Map.of("content-type", List.of("application/json")), "application/json", null, 1 << 20, true);

        // When / Then: its content type is still the operation's, its content unread
        assertThat(check(shop, "POST", "/users", null, over).violations()).isEmpty();
    }

    @Test
    void violationsOfOneCallAreBounded() {
        // Given: fifty made-up properties
        StringBuilder body = new StringBuilder("{\"name\":\"Ada\",\"email\":\"a@x\"");
        for (int i = 0; i < 50; i++) {
            body.append(",\"extra").append(i).append("\":1");
        }
        body.append('}');

        // When
        SpecFindings findings = check(shop, "POST", "/users", null, json(body.toString()));

        // Then
        assertThat(findings.violations()).hasSize(PositiveModel.Options.DEFAULTS.maxViolations());
        assertThat(findings.checks()).hasSize(findings.violations().size());
    }

    @Test
    void aDeeplyNestedBodyIsRefusedNotFollowed() {
        // When: nesting past the parser's and the evaluation's bound
        SpecFindings findings = check(shop, "POST", "/users", null, json("[".repeat(5_000) + "]".repeat(5_000)));

        // Then
        assertThat(findings.violated()).isTrue();
        assertThat(findings.first().location()).isEqualTo("body");
    }

    @Test
    void aSchemaThatDoesNotCompileLeavesItsOperationUncheckedAndTheOthersChecked() {
        // When
        PositiveModel model = shop.positiveModel();

        // Then: the broken operation is counted, and its calls pass unchecked
        assertThat(model.uncheckedOperations()).isEqualTo(1);
        assertThat(model.checkedOperations()).isEqualTo(4);
        assertThat(check(shop, "GET", "/broken", "q=anything", RequestContent.NONE)
                        .violations())
                .isEmpty();
        assertThat(only(check(shop, "GET", "/users/abc", null, RequestContent.NONE)))
                .containsExactly("spec", "invalid-parameter", "path.userId");
    }

    @Test
    void eachApiHasItsMode() {
        // Given / When
        RuleEvaluator monitored = evaluator(SpecValidation.MONITOR, PositiveModel.Options.DEFAULTS);
        RuleEvaluator off = evaluator(SpecValidation.OFF, PositiveModel.Options.DEFAULTS);

        // Then
        assertThat(shop.positiveModel().mode(API)).isEqualTo(SpecValidation.ENFORCE);
        assertThat(monitored.positiveModel().mode(API)).isEqualTo(SpecValidation.MONITOR);
        assertThat(off.positiveModel().mode(API)).isEqualTo(SpecValidation.OFF);
        assertThat(off.positiveModel().checkedOperations()).isZero();
        assertThat(shop.positiveModel().mode("api-other")).isEqualTo(SpecValidation.OFF);
        assertThat(shop.positiveModel().mode(null)).isEqualTo(SpecValidation.OFF);
    }

    @Test
    void theRouteTableResolvesADeclaredOperationToItsNameAndHandle() {
        // When
        RouteTable.Resolved created = shop.route(HOST, "POST", "/users");
        RouteTable.Resolved read = shop.route(HOST, "GET", "/users/42");

        // Then
        assertThat(created.operation()).isEqualTo("createUser");
        assertThat(read.operation()).isEqualTo("getUser");
        assertThat(created.handle()).isNotEqualTo(read.handle()).isNotNegative();
        assertThat(shop.route(HOST, "DELETE", "/users/42").handle()).isEqualTo(RouteTable.NO_HANDLE);
    }

    private static SpecFindings check(
            RuleEvaluator evaluator, String method, String path, String query, RequestContent content) {
        RouteTable.Resolved route = evaluator.route(HOST, method, path);
        return evaluator.positiveModel().check(route, path, query, content);
    }

    /** The kind, check and location of the one violation found. */
    private static List<String> only(SpecFindings findings) {
        assertThat(findings.violations()).as("violations").hasSize(1);
        ApiCallRecord.Violation violation = findings.first();
        List<String> fields = new ArrayList<>();
        fields.add(violation.kind());
        fields.add(violation.id());
        fields.add(violation.location());
        return fields;
    }

    private static RequestContent json(String body) {
        return body("application/json", body);
    }

    private static RequestContent body(String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers =
                contentType == null ? Map.of() : Map.of("content-type", List.of(contentType));
        return new RequestContent(headers, contentType, bytes, bytes.length, false);
    }

    private static RequestContent headers(Map<String, String> headers) {
        Map<String, List<String>> lists = new java.util.HashMap<>();
        headers.forEach((name, value) -> lists.put(name, List.of(value)));
        return new RequestContent(lists, null, null, 0, false);
    }

    private static RuleEvaluator evaluator(SpecValidation mode, PositiveModel.Options options) {
        RuleSet.Route route = new RuleSet.Route(
                API,
                HOST,
                "/",
                MatchType.PREFIX,
                List.of(
                        new RuleSet.RouteTemplate(
                                "POST",
                                "/users",
                                "createUser",
                                new RequestContract(
                                        List.of(),
                                        true,
                                        Map.of(
                                                "application/json",
                                                tree(USER),
                                                "application/x-www-form-urlencoded",
                                                tree(USER_FORM)))),
                        new RuleSet.RouteTemplate(
                                "GET",
                                "/users",
                                "listUsers",
                                new RequestContract(
                                        List.of(
                                                parameter(
                                                        "limit",
                                                        ParameterLocation.QUERY,
                                                        true,
                                                        "{\"type\":\"integer\",\"minimum\":1,\"maximum\":100}"),
                                                parameter(
                                                        "status",
                                                        ParameterLocation.QUERY,
                                                        false,
                                                        "{\"type\":\"array\",\"items\":{\"enum\":[\"active\",\"locked\"]}}"),
                                                parameter(
                                                        "X-Tenant",
                                                        ParameterLocation.HEADER,
                                                        true,
                                                        "{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}"),
                                                parameter(
                                                        "session",
                                                        ParameterLocation.COOKIE,
                                                        false,
                                                        "{\"type\":\"integer\"}")),
                                        false,
                                        Map.of())),
                        new RuleSet.RouteTemplate(
                                "GET",
                                "/users/{userId}",
                                "getUser",
                                new RequestContract(
                                        List.of(parameter(
                                                "userId",
                                                ParameterLocation.PATH,
                                                true,
                                                "{\"type\":\"integer\",\"minimum\":1}")),
                                        false,
                                        Map.of())),
                        new RuleSet.RouteTemplate(
                                "PATCH",
                                "/users/{userId}",
                                "updateUser",
                                new RequestContract(List.of(), true, Map.of("application/json", tree(PATCH)))),
                        new RuleSet.RouteTemplate(
                                "GET",
                                "/broken",
                                "broken",
                                new RequestContract(
                                        List.of(parameter("q", ParameterLocation.QUERY, false, "{\"pattern\":\"([\"}")),
                                        false,
                                        Map.of()))),
                List.of(),
                mode);
        RuleSet set = RuleSet.of(1, Instant.now(), List.of(), null, null, null, List.of(route));
        return RuleEvaluator.compile(set, null, false, null, 1_000, options);
    }

    private static RequestContract.Parameter parameter(
            String name, ParameterLocation in, boolean required, String schema) {
        return new RequestContract.Parameter(name, in, required, tree(schema));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
