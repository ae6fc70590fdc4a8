package io.apiguard.e2e.stack;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.apiguard.devstack.security.LocalSecurity;
import io.apiguard.e2e.traffic.Caller;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** How the tests talk to the running suite: as the viewer or the operator, with their tokens, or as a caller. */
public final class Suite {

    private final SuiteStack stack;
    private final String viewerToken;
    private final String operatorToken;
    private final String sharedAccountKey;

    private Suite(SuiteStack stack) {
        this.stack = stack;
        try {
            viewerToken = stack.security().personToken("viewer");
            operatorToken = stack.security().personToken("operator");
            sharedAccountKey = stack.security().sharedAccountKey();
        } catch (IOException e) {
            throw new UncheckedIOException("the suite's tokens cannot be read", e);
        }
    }

    /** The suite of this JVM, started on first use. */
    public static Suite shared() {
        return new Suite(SuiteStack.shared());
    }

    public SuiteStack stack() {
        return stack;
    }

    /** A read of {@code app}'s API with the viewer's token. */
    public RequestSpecification asViewer(String app) {
        return given().baseUri(stack.url(app)).auth().oauth2(viewerToken).accept(ContentType.JSON);
    }

    /** A request to {@code app}'s API with the operator's token. */
    public RequestSpecification asOperator(String app) {
        return given().baseUri(stack.url(app))
                .auth()
                .oauth2(operatorToken)
                .accept(ContentType.JSON)
                .contentType(ContentType.JSON);
    }

    /** {@code person} calling the demo API through the shared account, from {@code address}. */
    public Caller caller(String person, String address) {
        return new Caller(stack.sidecarUrl(), sharedAccountKey, person, address);
    }

    /** The operator, as the local run names her. */
    public static String operator() {
        return LocalSecurity.OPERATOR;
    }
}
