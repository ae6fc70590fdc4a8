package io.apiguard.posture.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.apiguard.common.events.AuthMethod;
import io.apiguard.common.events.Identity;
import io.apiguard.common.events.PrincipalType;
import io.apiguard.posture.TestApis;

class CallTraitsTest {

    private final CallTraits traits = new CallTraits(List.of(" Access_Token ", "api_key", " "), List.of("SSN"));

    @Test
    void anIndividualsSuccessfulCallIsAuthenticatedAndNotShared() {
        CallTraits.Traits call = traits.of(TestApis.call("api.example", "/x"));

        assertThat(call.successful()).isTrue();
        assertThat(call.anonymous()).isFalse();
        assertThat(call.sharedOnly()).isFalse();
        assertThat(call.sharedAccount()).isNull();
        assertThat(call.serverError()).isFalse();
    }

    @Test
    void aCallKnownOnlyByItsSharedAccountNamesIt() {
        CallTraits.Traits call =
                traits.of(TestApis.call("api.example", "/x", null, TestApis.sharedAccount(), 200, List.of()));

        assertThat(call.sharedOnly()).isTrue();
        assertThat(call.sharedAccount()).isEqualTo("FinTech_User_01");
    }

    @Test
    void noPrincipalOrNoAuthMethodIsAnonymous() {
        Identity noMethod =
                new Identity("x", null, PrincipalType.USER, AuthMethod.NONE, null, null, List.of(), null, false);

        assertThat(traits.of(TestApis.call("h", "/x", null, Identity.anonymous(), 200, List.of()))
                        .anonymous())
                .isTrue();
        assertThat(traits.of(TestApis.call("h", "/x", null, noMethod, 200, List.of()))
                        .anonymous())
                .isTrue();
        assertThat(traits.of(TestApis.call("h", "/x", null, noMethod, 200, List.of()))
                        .sharedOnly())
                .isFalse();
    }

    @Test
    void statusDecidesSuccessAndServerErrors() {
        CallTraits.Traits refused = traits.of(TestApis.call("h", "/x", null, TestApis.individual(), 404, List.of()));
        CallTraits.Traits failed = traits.of(TestApis.call("h", "/x", null, TestApis.individual(), 503, List.of()));

        assertThat(refused.successful()).isFalse();
        assertThat(refused.serverError()).isFalse();
        assertThat(failed.successful()).isFalse();
        assertThat(failed.serverError()).isTrue();
    }

    @Test
    void credentialsAndSensitiveDataAreFoundInTheQueryAndInTheRedactionsMadeOfIt() {
        // When
        CallTraits.Traits call = traits.of(TestApis.call(
                "h",
                "/x",
                "ACCESS_TOKEN=abc&ssn=123&page=2&flag",
                TestApis.individual(),
                200,
                List.of("query:password", "token:query", "field:query", "card-number:query", "header:authorization")));

        // Then
        assertThat(call.credentialNames())
                .containsExactly("query:password", "token:query", "field:query", "query:access_token");
        assertThat(call.sensitive()).containsExactly("card-number:query", "query:ssn");
    }

    @Test
    void numericObjectIdsAreTakenFromThePathAndOthersIgnored() {
        CallTraits.Traits call = traits.of(TestApis.call("h", "/accounts/1044/cards/ab12/orders/7"));

        assertThat(call.numericIds()).contains(1044L, 7L).doesNotContain(-1L);
    }

    @Test
    void aNumericIdIsAPlainNonNegativeNumberOfAtMostEighteenDigits() {
        assertThat(CallTraits.numeric("0")).isZero();
        assertThat(CallTraits.numeric("9".repeat(18))).isEqualTo(999_999_999_999_999_999L);
        assertThat(CallTraits.numeric("9".repeat(19))).isEqualTo(-1);
        assertThat(CallTraits.numeric("")).isEqualTo(-1);
        assertThat(CallTraits.numeric("-5")).isEqualTo(-1);
        assertThat(CallTraits.numeric("12a")).isEqualTo(-1);
    }
}
