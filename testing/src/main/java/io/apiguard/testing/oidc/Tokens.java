package io.apiguard.testing.oidc;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.apiguard.testing.oidc.LocalIssuer.Workload;
import io.restassured.specification.RequestSpecification;

/**
 * Real signed tokens of the shared {@link LocalIssuer} for tests, and RestAssured requests that carry them. The people
 * are fixed, so a test can assert the actor an action was recorded under.
 */
public final class Tokens {

    /** The viewer's user name. */
    public static final String VIEWER = "vera.viewer@example.com";
    /** The operator's user name. */
    public static final String OPERATOR = "otto.operator@example.com";
    /** The admin's user name. */
    public static final String ADMIN = "ada.admin@example.com";
    /** The app under test itself, as the cluster issuer names it (its token file is set by {@link OidcIssuerResource}). */
    public static final Workload APP = Workload.pod("apiguard", "apiguard-test", "app-under-test");

    private static final Duration TTL = Duration.ofHours(4);
    private static final ConcurrentHashMap<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {}

    /** A viewer's token. */
    public static String viewer() {
        return CACHE.computeIfAbsent("viewer", key -> person(VIEWER, "viewer"));
    }

    /** An operator's token. */
    public static String operator() {
        return CACHE.computeIfAbsent("operator", key -> person(OPERATOR, "operator"));
    }

    /** An admin's token. */
    public static String admin() {
        return CACHE.computeIfAbsent("admin", key -> person(ADMIN, "admin"));
    }

    /** A token of the operators' issuer for {@code subject} with the provider roles {@code roles}. */
    public static String person(String subject, String... roles) {
        return LocalIssuer.shared().operators().operatorToken(subject, TTL, roles);
    }

    /** A projected service-account token of a pod. */
    public static String workload(Workload workload) {
        return CACHE.computeIfAbsent(
                "workload:" + workload, key -> LocalIssuer.shared().cluster().workloadToken(workload, TTL));
    }

    /** A request without any credential. */
    public static RequestSpecification anonymously() {
        return given();
    }

    /** A request as the viewer. */
    public static RequestSpecification asViewer() {
        return given().auth().oauth2(viewer());
    }

    /** A request as the operator. */
    public static RequestSpecification asOperator() {
        return given().auth().oauth2(operator());
    }

    /** A request as the admin. */
    public static RequestSpecification asAdmin() {
        return given().auth().oauth2(admin());
    }

    /** A request as a pod of the cluster. */
    public static RequestSpecification asWorkload(Workload workload) {
        return given().auth().oauth2(workload(workload));
    }
}
