package io.apiguard.sidecar.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.apiguard.common.identity.Fingerprints;
import io.apiguard.common.inspect.RequestContent;

class LoginTargetsTest {

    private static final String KEY = "sixteen chars or more";
    private static final List<String> FIELDS = List.of("username", "email", "login");

    private final LoginTargets targets = new LoginTargets(
            true, List.of("POST /login", "post /auth/token"), FIELDS, Optional.empty(), Optional.of(KEY));

    private static RequestContent body(String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new RequestContent(Map.of(), contentType, bytes, bytes.length, false);
    }

    private static String fingerprint(String name) {
        return Fingerprints.keyed(KEY.getBytes(StandardCharsets.UTF_8), name);
    }

    @Test
    void aJsonOrFormLoginNamesItsAccountByKeyedFingerprintNeverByName() {
        // When
        String json = targets.targetAccount(
                "POST",
                "/login",
                body("application/json", "{\"username\":\" Alice@Example.com \",\"password\":\"x\"}"));
        String form = targets.targetAccount(
                "POST", "/login", body("application/x-www-form-urlencoded", "password=x&email=alice%40example.com"));
        String otherOperation =
                targets.targetAccount("POST", "/auth/token", body("application/json", "{\"login\":\"bob\"}"));

        // Then: one account, one fingerprint, whatever the body's form and the name's case
        assertThat(json)
                .isEqualTo(fingerprint("alice@example.com"))
                .startsWith("hmac:")
                .doesNotContain("alice");
        assertThat(form).isEqualTo(json);
        assertThat(otherOperation).isEqualTo(fingerprint("bob"));
    }

    @Test
    void callsThatAreNotLoginsOrNameNobodyCarryNoAccount() {
        assertThat(targets.reads("GET", "/login")).isFalse();
        assertThat(targets.targetAccount("POST", "/accounts", body("application/json", "{\"username\":\"alice\"}")))
                .isNull();
        assertThat(targets.targetAccount("POST", "/login", body("application/json", "[\"alice\"]")))
                .isNull();
        assertThat(targets.targetAccount("POST", "/login", body("application/json", "{\"username\": 42}")))
                .isNull();
        assertThat(targets.targetAccount("POST", "/login", body("application/json", "{\"username\": \"al")))
                .isNull();
        assertThat(targets.targetAccount("POST", "/login", body("application/json", "{\"username\": \"  \"}")))
                .isNull();
        assertThat(targets.targetAccount(
                        "POST", "/login", body("application/json", "{\"username\":\"" + "a".repeat(257) + "\"}")))
                .isNull();
        assertThat(targets.targetAccount("POST", "/login", body("text/plain", "username=alice")))
                .isNull();
        assertThat(targets.targetAccount("POST", "/login", RequestContent.NONE)).isNull();
    }

    @Test
    void aConfiguredHeaderIsReadBeforeTheBody() {
        // Given
        LoginTargets byHeader =
                new LoginTargets(true, List.of("POST /login"), FIELDS, Optional.of("X-Login-User"), Optional.of(KEY));
        byte[] bytes = "{\"username\":\"bob\"}".getBytes(StandardCharsets.UTF_8);
        RequestContent content = new RequestContent(
                Map.of("x-login-user", List.of("Alice")), "application/json", bytes, bytes.length, false);

        // When / Then
        assertThat(byHeader.targetAccount("POST", "/login", content)).isEqualTo(fingerprint("alice"));
    }

    @Test
    void withoutAKeyNoCallIsReadOrNamedAndAShortKeyIsRefused() {
        LoginTargets unkeyed =
                new LoginTargets(true, List.of("POST /login"), FIELDS, Optional.empty(), Optional.empty());
        assertThat(unkeyed.reads("POST", "/login")).isFalse();
        assertThat(unkeyed.targetAccount("POST", "/login", body("application/json", "{\"username\":\"alice\"}")))
                .isNull();
        assertThat(new LoginTargets(false, List.of("POST /login"), FIELDS, Optional.empty(), Optional.of(KEY))
                        .reads("POST", "/login"))
                .isFalse();
        assertThatThrownBy(() ->
                        new LoginTargets(true, List.of("POST /login"), FIELDS, Optional.empty(), Optional.of("short")))
                .hasMessageContaining("at least 16");
        assertThatThrownBy(() -> new LoginTargets(true, List.of("/login"), FIELDS, Optional.empty(), Optional.of(KEY)))
                .hasMessageContaining("METHOD template");
    }
}
