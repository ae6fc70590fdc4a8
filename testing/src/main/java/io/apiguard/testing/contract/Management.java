package io.apiguard.testing.contract;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.specification.RequestSpecification;

/** Requests to a test application's management interface (health, metrics, OpenAPI): public, on a port of its own. */
public final class Management {

    private Management() {}

    /** A request to the management interface of the running test application. */
    public static RequestSpecification management() {
        return given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }
}
