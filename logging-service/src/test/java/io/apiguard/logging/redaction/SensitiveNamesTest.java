package io.apiguard.logging.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SensitiveNamesTest {

    private final SensitiveNames names = new SensitiveNames(
            List.of("key", " Token ", "secret", "auth", "session", " "), List.of("X-Signature", "pin"));

    @Test
    void aNameIsSensitiveWhenOneOfItsWordsContainsAPatternInAnyCase() {
        assertThat(names.isSensitive("X-Goog-Api-Key")).isTrue();
        assertThat(names.isSensitive("apikey")).isTrue();
        assertThat(names.isSensitive("refreshToken")).isTrue();
        assertThat(names.isSensitive("CLIENT_SECRET")).isTrue();
        assertThat(names.isSensitive("Authorization")).isTrue();
        assertThat(names.isSensitive("jsessionid")).isTrue();
    }

    @Test
    void anExactNameMatchesOnlyWholeTrimmedAndInAnyCase() {
        assertThat(names.isSensitive(" x-signature ")).isTrue();
        assertThat(names.isSensitive("PIN")).isTrue();
        assertThat(names.isSensitive("pinned")).isFalse();
        assertThat(names.isSensitive("x-signature-version")).isFalse();
    }

    @Test
    void everydayWordsThatContainAPatternAreNotSecrets() {
        assertThat(names.isSensitive("monkey")).isFalse();
        assertThat(names.isSensitive("searchKeyword")).isFalse();
        assertThat(names.isSensitive("author")).isFalse();
        // but an ordinary word beside a sensitive one does not hide it
        assertThat(names.isSensitive("monkey-key")).isTrue();
    }

    @Test
    void noNameOrAnOrdinaryNameIsNotSensitive() {
        assertThat(names.isSensitive(null)).isFalse();
        assertThat(names.isSensitive("")).isFalse();
        assertThat(names.isSensitive("accept-language")).isFalse();
    }

    @Test
    void aBlankPatternMatchesNothing() {
        // Given only a blank pattern: it is dropped rather than matching every word
        SensitiveNames blank = new SensitiveNames(List.of("  "), List.of());
        assertThat(blank.isSensitive("anything")).isFalse();
    }

    @Test
    void wordsSplitAtPunctuationAndAtACapitalAfterASmallLetterOrADigit() {
        assertThat(SensitiveNames.words("X-Goog-Api-Key")).containsExactly("x", "goog", "api", "key");
        assertThat(SensitiveNames.words("clientAssertion")).containsExactly("client", "assertion");
        assertThat(SensitiveNames.words("oauth2Token")).containsExactly("oauth2", "token");
        assertThat(SensitiveNames.words("XMLHttp")).containsExactly("xmlhttp");
        assertThat(SensitiveNames.words("__a..b__")).containsExactly("a", "b");
        assertThat(SensitiveNames.words("")).isEmpty();
    }
}
