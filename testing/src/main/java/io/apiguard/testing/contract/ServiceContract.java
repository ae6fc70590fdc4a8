package io.apiguard.testing.contract;

import static io.apiguard.testing.contract.Management.management;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

import io.apiguard.common.json.EventJson;
import io.apiguard.common.status.ServiceStatus;
import io.apiguard.common.status.StatusEvidence;
import io.apiguard.testing.oidc.LocalIssuer;
import io.apiguard.testing.oidc.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * What every apiguard app promises operators, checked against the running app: real readiness, the status document,
 * Prometheus metrics, an OpenAPI document, problem+json errors, and its front door: every operation of its own
 * OpenAPI document refuses a call without a token (401) unless declared public, refuses a viewer's write (403), and lets
 * the role it names through. A service's test extends this class, adds {@code @QuarkusTest}, its test resources
 * (including {@link io.apiguard.testing.oidc.OidcIssuerResource}), and names what it expects. A service whose
 * evidence posture-service reads also checks that its status parses into the common record
 * ({@link #contractStatus()}).
 */
public abstract class ServiceContract {

    private static final Set<String> READS = Set.of("get", "head", "options");

    private final String service;
    private final int level;
    private final List<String> readinessChecks;
    private final Set<String> publicOperations;

    /**
     * @param service         the expected {@code quarkus.application.name}
     * @param level           the maturity level the service reports evidence for
     * @param readinessChecks names of readiness checks that must be present and up (its real dependencies)
     */
    protected ServiceContract(String service, int level, List<String> readinessChecks) {
        this(service, level, readinessChecks, Set.of());
    }

    /**
     * @param publicOperations operations ({@code GET /api/v1/...}, as in the OpenAPI document) meant to answer without
     *                         a token
     */
    protected ServiceContract(String service, int level, List<String> readinessChecks, Set<String> publicOperations) {
        this.service = service;
        this.level = level;
        this.readinessChecks = List.copyOf(readinessChecks);
        this.publicOperations = Set.copyOf(publicOperations);
    }

    @Test
    void readinessChecksTheRealDependenciesAndTheyAreUp() {
        management()
                .when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(readinessChecks.toArray()));
    }

    @Test
    void livenessIsUp() {
        management().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void statusNamesTheServiceItsLevelAndItsReadyDependencies() {
        Tokens.asViewer()
                .when()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .body("service", equalTo(service))
                .body("level", equalTo(level))
                .body("version", equalTo(System.getProperty("apiguard.expected.version", "0.1.0-SNAPSHOT")))
                .body("ready", equalTo(true))
                .body("dependencies.name", hasItems(readinessChecks.toArray()))
                .body("dependencies.findAll { it.up == false }.size()", equalTo(0))
                .body("checkedAt", startsWith("20"));
    }

    @Test
    void statusParsesIntoTheCommonEnvelopeWithEveryContributorAnswering() {
        ServiceStatus<Map<String, Object>> status = parseStatus(new TypeReference<>() {});

        assertThat(status.service()).isEqualTo(service);
        assertThat(status.level()).isEqualTo(level);
        assertThat(status.evidence()).as("evidence entries").isNotEmpty();
        assertThat(status.evidenceErrors()).as("contributors that failed").isEmpty();
    }

    /**
     * The app's own {@code GET /api/v1/status} parsed into the common contract the way posture-service reads it
     * ({@link StatusEvidence}: every entry present must fit its record, every figure a criterion reads must be there).
     */
    protected static ServiceStatus<StatusEvidence> contractStatus() {
        return parseStatus(new TypeReference<>() {});
    }

    private static <E> ServiceStatus<E> parseStatus(TypeReference<ServiceStatus<E>> type) {
        String body = Tokens.asViewer()
                .when()
                .get("/api/v1/status")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        try {
            return EventJson.mapper().readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new AssertionError(
                    "the status does not fit the common contract: " + e.getOriginalMessage() + "\n" + body, e);
        }
    }

    @Test
    void metricsAreExportedInPrometheusFormatIncludingHttpTimings() {
        Tokens.asViewer().when().get("/api/v1/status").then().statusCode(200);

        management()
                .accept("text/plain")
                .when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString(httpTimings()));
    }

    /**
     * What in the Prometheus output shows that this service measures its HTTP traffic: by default the timer of the
     * status call just made. The sidecar overrides it: Quarkus's HTTP binders would time every proxied call tagged by
     * its raw URI, so it turns them off and counts its own decisions.
     */
    protected String httpTimings() {
        return "uri=\"/api/v1/status\"";
    }

    @Test
    void openApiDescribesTheStatusEndpointAndTheBearerScheme() {
        management()
                .queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("openapi", startsWith("3."))
                .body("paths.'/api/v1/status'.get", notNullValue())
                .body("components.securitySchemes.bearer.type", equalTo("http"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void anUnknownApiPathIsAProblemJson404() {
        Tokens.asViewer()
                .when()
                .get("/api/v1/no-such-resource")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void everyOperationRefusesACallWithoutATokenExceptTheDeclaredPublicOnes() {
        List<Operation> operations = operations();
        Set<String> answeredWithoutToken = new TreeSet<>();
        for (Operation operation : operations) {
            Response response = operation.send(given());
            if (response.statusCode() != 401) {
                answeredWithoutToken.add(operation.name());
            } else {
                assertThat(response.contentType()).as(operation.name()).startsWith("application/problem+json");
            }
        }
        assertThat(answeredWithoutToken).isEqualTo(new TreeSet<>(publicOperations));
        System.out.printf(
                "%s front door: %d operations, %d public, %d answered 401 without a token%n",
                service, operations.size(), publicOperations.size(), operations.size() - answeredWithoutToken.size());
    }

    @Test
    void aTokenSignedWithAKeyTheIssuerNeverPublishedIs401() {
        String forged =
                LocalIssuer.shared().operators().forger().operatorToken(Tokens.ADMIN, Duration.ofMinutes(5), "admin");
        given().auth()
                .oauth2(forged)
                .when()
                .get("/api/v1/status")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void anExpiredTokenIs401() {
        LocalIssuer.Realm operators = LocalIssuer.shared().operators();
        String expired = operators.sign(operators
                .claims(Tokens.VIEWER, Duration.ofMinutes(5))
                .issuedAt(Instant.now().minus(Duration.ofHours(2)))
                .expiresAt(Instant.now().minus(Duration.ofHours(1)))
                .groups(Set.of("viewer")));
        given().auth().oauth2(expired).when().get("/api/v1/status").then().statusCode(401);
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        LocalIssuer.Realm operators = LocalIssuer.shared().operators();
        String elsewhere = operators.sign(operators
                .claims(Tokens.VIEWER, Duration.ofMinutes(5))
                .audience("some-other-app")
                .groups(Set.of("viewer")));
        given().auth().oauth2(elsewhere).when().get("/api/v1/status").then().statusCode(401);
    }

    @Test
    void aTokenThatIsNotAJwtIs401() {
        given().header("Authorization", "Bearer not-a-token")
                .when()
                .get("/api/v1/status")
                .then()
                .statusCode(401);
        given().header("Authorization", "Basic dmlld2VyOnZpZXdlcg==")
                .when()
                .get("/api/v1/status")
                .then()
                .statusCode(401);
    }

    @Test
    void rolesAClusterTokenAssertsAreNotBelieved() {
        LocalIssuer.Realm cluster = LocalIssuer.shared().cluster();
        String token = cluster.sign(cluster.claims("system:serviceaccount:payments:default", Duration.ofMinutes(5))
                .groups(Set.of("viewer", "operator", "admin")));
        given().auth().oauth2(token).when().get("/api/v1/status").then().statusCode(403);
        Tokens.asWorkload(LocalIssuer.Workload.pod("payments", "default", "payments-0"))
                .when()
                .get("/api/v1/status")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void everyOperationDeclaresTheRolesItChecks() {
        for (Operation operation : operations()) {
            if (!publicOperations.contains(operation.name())) {
                assertThat(operation.roles())
                        .as(operation.name() + " names its roles")
                        .isNotEmpty();
            }
        }
    }

    @Test
    void everyWriteRefusesAViewer() {
        int refused = 0;
        for (Operation operation : operations()) {
            if (!operation.write()
                    || operation.roles().contains("viewer")
                    || publicOperations.contains(operation.name())) {
                continue;
            }
            Response response = operation.send(Tokens.asViewer());
            assertThat(response.statusCode())
                    .as(operation.name() + " as a viewer")
                    .isEqualTo(403);
            assertThat(response.contentType()).as(operation.name()).startsWith("application/problem+json");
            refused++;
        }
        System.out.printf("%s front door: %d writes answered 403 to a viewer%n", service, refused);
    }

    @Test
    void theRoleAnOperationNamesIsLetThrough() {
        for (Operation operation : operations()) {
            for (String role : operation.roles()) {
                RequestSpecification caller = callerWith(role);
                if (caller == null) {
                    continue;
                }
                int status = operation.send(caller).statusCode();
                assertThat(status).as(operation.name() + " as " + role).isNotIn(401, 403);
            }
        }
    }

    @Test
    void everyOperationAnswersBadInputWithA4xxProblemNeverA5xx() {
        int requests = 0;
        int refused = 0;
        List<String> failures = new ArrayList<>();
        for (Operation operation : operations()) {
            // a role this test can hold, so the input reaches the operation rather than the role check
            String role = operation.roles().stream()
                    .filter(candidate -> callerWith(candidate) != null)
                    .findFirst()
                    .orElse(null);
            if (role == null && !publicOperations.contains(operation.name())) {
                continue;
            }
            for (BadInput input : BadInput.of(operation)) {
                Response response = input.send(operation, role == null ? given() : callerWith(role));
                requests++;
                int status = response.statusCode();
                boolean problem =
                        response.contentType() != null && response.contentType().startsWith("application/problem+json");
                // the HTTP server itself refuses over-long request lines and headers, before any app code, bodiless
                boolean bodiless = status == 414 || status == 431;
                boolean refusedProperly = status >= 400 && status < 500 && (problem || bodiless);
                // a value that is merely unusual (a huge number, a long filter) may be served; never with a 5xx
                boolean servedProperly = !input.mustRefuse() && status < 400;
                if (refusedProperly) {
                    refused++;
                } else if (!servedProperly) {
                    failures.add(operation.name() + " with " + input.description() + ": " + status + " "
                            + response.contentType());
                }
            }
        }
        System.out.printf(
                "%s bad input: %d requests, %d answered 4xx problem+json, %d answered 5xx or wrongly%n",
                service, requests, refused, failures.size());
        assertThat(failures)
                .as("bad input must get a 4xx problem+json, never a 5xx")
                .isEmpty();
    }

    /**
     * A request holding {@code role}, for {@link #theRoleAnOperationNamesIsLetThrough()}; null for a role this test
     * cannot hold (the service's own test covers it). The operator roles and {@code workload} are known here.
     */
    protected RequestSpecification callerWith(String role) {
        return switch (role) {
            case "viewer" -> Tokens.asViewer();
            case "operator" -> Tokens.asOperator();
            case "admin" -> Tokens.asAdmin();
            case "workload" -> Tokens.asWorkload(Tokens.APP);
            default -> null;
        };
    }

    /** Every operation of the app's own OpenAPI document. */
    protected static List<Operation> operations() {
        JsonPath document = management()
                .queryParam("format", "json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.forEach((method, operation) -> {
            if (!(operation instanceof Map<?, ?>)) {
                return;
            }
            operations.add(new Operation(
                    method,
                    path,
                    roles(operation.get("security")),
                    requestContentType(operation.get("requestBody")),
                    queryParameters(operation.get("parameters"))));
        }));
        assertThat(operations).as("the OpenAPI document lists operations").isNotEmpty();
        return operations;
    }

    /** The first media type the operation's request body declares; JSON when it declares none. */
    private static String requestContentType(Object requestBody) {
        if (requestBody instanceof Map<?, ?> body
                && body.get("content") instanceof Map<?, ?> content
                && !content.isEmpty()) {
            return String.valueOf(content.keySet().iterator().next());
        }
        return ContentType.JSON.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> queryParameters(Object parameters) {
        List<String> names = new ArrayList<>();
        if (parameters instanceof List<?> list) {
            for (Object parameter : list) {
                if (parameter instanceof Map<?, ?> map && "query".equals(map.get("in"))) {
                    names.add(String.valueOf(map.get("name")));
                }
            }
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> roles(Object security) {
        Set<String> roles = new TreeSet<>();
        if (security instanceof List<?> requirements) {
            for (Object requirement : requirements) {
                if (requirement instanceof Map<?, ?> schemes) {
                    schemes.values().forEach(scopes -> roles.addAll((List<String>) scopes));
                }
            }
        }
        return roles;
    }

    /**
     * One operation of the OpenAPI document.
     *
     * @param method lower-case HTTP method
     * @param path   the path template
     * @param roles  the roles its security requirement names
     * @param body   the media type of its request body
     * @param query  the names of its query parameters
     */
    protected record Operation(String method, String path, Set<String> roles, String body, List<String> query) {

        /** {@code GET /api/v1/...}. */
        String name() {
            return method.toUpperCase() + " " + path;
        }

        boolean write() {
            return !READS.contains(method);
        }

        /**
         * Sends the operation with placeholder path parameters ({@code {namespace}} and {@code {pod}} name the app's own
         * pod, {@link Tokens#APP}, as an endpoint a workload may only call for itself expects) and, for a write, an
         * empty body of the media type it declares ({@code {}} for JSON), so the call reaches the role check.
         */
        Response send(RequestSpecification request) {
            if (write()) {
                request = request.contentType(body).body(placeholderBody().getBytes(StandardCharsets.UTF_8));
            }
            // the path as the document spells it: a colon in a custom method (calls:batch) is not percent-encoded
            return request.urlEncodingEnabled(false).request(method.toUpperCase(), concretePath());
        }

        /** The path with its parameters filled in: the app's own pod for {namespace} and {pod}, else "probe". */
        String concretePath() {
            return path.replace("{namespace}", Tokens.APP.namespace())
                    .replace("{pod}", Tokens.APP.pod())
                    .replaceAll("\\{[^}]+}", "probe");
        }

        /** An empty body of the media type the operation declares: {@code {}} for JSON, else nothing. */
        String placeholderBody() {
            return body.contains("json") ? "{}" : "";
        }
    }

    /**
     * One malformed request an attacker (or a broken client) sends: a control character or an over-long value in a
     * path parameter or a query parameter, an overflowing page number, and for writes a truncated, too deeply nested,
     * mistyped or NUL-carrying JSON body.
     *
     * @param description what is wrong, for the failure message
     * @param path        the path to call
     * @param query       query parameters, already percent-encoded
     * @param body        the body of a write; null to send the placeholder
     * @param mustRefuse  true when no operation may accept it (control characters, broken JSON): a 4xx problem+json
     *                    is the only right answer; otherwise serving it is fine too, a 5xx never
     */
    protected record BadInput(
            String description, String path, Map<String, String> query, String body, boolean mustRefuse) {

        private static final String LONG = "x".repeat(10_000);

        static List<BadInput> of(Operation operation) {
            List<BadInput> inputs = new ArrayList<>();
            String plain = operation.concretePath();
            if (operation.path().contains("{")) {
                for (String value : List.of("%00", "a%01b%7F", "%0d%0aSet-Cookie:%20x=1")) {
                    inputs.add(new BadInput(
                            "path parameter " + abbreviate(value),
                            operation.path().replaceAll("\\{[^}]+}", value),
                            Map.of(),
                            null,
                            true));
                }
                String longValue = LONG.substring(0, 3_000);
                inputs.add(new BadInput(
                        "path parameter " + abbreviate(longValue),
                        operation.path().replaceAll("\\{[^}]+}", longValue),
                        Map.of(),
                        null,
                        false));
            }
            for (String name : operation.query()) {
                for (String value : List.of("%00", "a%01b")) {
                    inputs.add(new BadInput(
                            "query " + name + "=" + abbreviate(value), plain, Map.of(name, value), null, true));
                }
                for (String value :
                        List.of("2147483647", "-2147483648", "9223372036854775808", LONG.substring(0, 3_000))) {
                    inputs.add(new BadInput(
                            "query " + name + "=" + abbreviate(value), plain, Map.of(name, value), null, false));
                }
            }
            inputs.add(
                    new BadInput("a request line over the server's limit", plain + "/" + LONG, Map.of(), null, true));
            if (operation.write() && operation.body().contains("json")) {
                for (String body : List.of(
                        "{\"a\":",
                        "[".repeat(10_000) + "]".repeat(10_000),
                        "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000),
                        "\"a string\"",
                        "[1, 2, 3]",
                        "{\"id\": \"\u0000\", \"reason\": \"\u0000\"}",
                        "not json at all")) {
                    inputs.add(new BadInput("body " + abbreviate(body), plain, Map.of(), body, true));
                }
            }
            return inputs;
        }

        Response send(Operation operation, RequestSpecification caller) {
            RequestSpecification request = caller.urlEncodingEnabled(false);
            for (Map.Entry<String, String> parameter : query.entrySet()) {
                request = request.queryParam(parameter.getKey(), parameter.getValue());
            }
            if (operation.write()) {
                String payload = body != null ? body : operation.placeholderBody();
                request = request.contentType(operation.body()).body(payload.getBytes(StandardCharsets.UTF_8));
            }
            return request.request(operation.method().toUpperCase(), path);
        }

        private static String abbreviate(String value) {
            return value.length() <= 40 ? value : value.substring(0, 40) + "... (" + value.length() + " characters)";
        }
    }
}
