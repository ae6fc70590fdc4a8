package io.apiguard.common.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Who a call is attributed to, and when that counts as an individual (the Level 2 criterion). */
class IdentityTest {

    @ParameterizedTest(name = "{0} as {1} through {2}: individual={3}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            alex.s@accounting-xyz | USER      | FinTech_User_01 | true
            alex.s@accounting-xyz | USER      | -               | true
            FinTech_User_01       | USER      | FinTech_User_01 | false
            billing               | SERVICE   | -               | false
            billing               | SERVICE   | FinTech_User_01 | false
            -                     | ANONYMOUS | -               | false
            """)
    void onlyAUserWhoIsNotMerelyTheSharedAccountIsAnIndividual(
            String subject, PrincipalType type, String serviceAccount, boolean individual) {
        // Given
        Identity identity = new Identity(subject, null, type, AuthMethod.JWT, serviceAccount, null, null, null, true);

        // When / Then
        assertThat(identity.isIndividual()).isEqualTo(individual);
    }

    @Test
    void anAnonymousCallerHasNoSubjectAndNoCredential() {
        // When
        Identity anonymous = Identity.anonymous();

        // Then
        assertThat(anonymous.principalType()).isEqualTo(PrincipalType.ANONYMOUS);
        assertThat(anonymous.authMethod()).isEqualTo(AuthMethod.NONE);
        assertThat(anonymous.subject()).isNull();
        assertThat(anonymous.credentialFingerprint()).isNull();
        assertThat(anonymous.roles()).isEmpty();
        assertThat(anonymous.verified()).isFalse();
        assertThat(anonymous.isIndividual()).isFalse();
    }

    @Test
    void aServiceNeedsASubjectToBeNamed() {
        assertThatThrownBy(() ->
                        new Identity(" ", null, PrincipalType.SERVICE, AuthMethod.MTLS, null, null, null, null, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a service identity needs a subject");
    }

    @Test
    void isIndividualIsDerivedAndNotWritten() throws Exception {
        // When
        String json = io.apiguard.common.json.EventJson.mapper().writeValueAsString(Identity.anonymous());

        // Then
        assertThat(json).doesNotContain("individual");
    }
}
