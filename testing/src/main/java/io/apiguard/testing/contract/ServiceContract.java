package io.apiguard.testing.contract;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What every apiguard app promises operators, checked against the running app: real readiness, the status document,
 * Prometheus metrics, an OpenAPI document and problem+json errors. A service's test extends this class, adds
 * {@code @QuarkusTest} and its test resources, and names what it expects.
 */
public abstract class ServiceContract {

    private final String service;
    private final int level;
    private final List<String> readinessChecks;

    /**
     * @param service         the expected {@code quarkus.application.name}
     * @param level           the maturity level the service reports evidence for
     * @param readinessChecks names of readiness checks that must be present and up (its real dependencies)
     */
    protected ServiceContract(String service, int level, List<String> readinessChecks) {
        this.service = service;
        this.level = level;
        this.readinessChecks = List.copyOf(readinessChecks);
    }

    @Test
    void readinessChecksTheRealDependenciesAndTheyAreUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(readinessChecks.toArray()));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void statusNamesTheServiceItsLevelAndItsReadyDependencies() {
        given().when().get("/api/v1/status")
                .then().statusCode(200)
                .body("service", equalTo(service))
                .body("level", equalTo(level))
                .body("version", equalTo(System.getProperty("apiguard.expected.version", "0.1.0-SNAPSHOT")))
                .body("ready", equalTo(true))
                .body("dependencies.name", hasItems(readinessChecks.toArray()))
                .body("dependencies.findAll { it.up == false }.size()", equalTo(0))
                .body("checkedAt", startsWith("20"));
    }

    @Test
    void metricsAreExportedInPrometheusFormatIncludingHttpTimings() {
        given().when().get("/api/v1/status").then().statusCode(200);

        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("uri=\"/api/v1/status\""));
    }

    @Test
    void openApiDescribesTheStatusEndpoint() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("paths.'/api/v1/status'.get", notNullValue());
    }

    @Test
    void anUnknownApiPathIsAProblemJson404() {
        given().when().get("/api/v1/no-such-resource")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }
}
