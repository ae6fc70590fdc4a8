package io.apiguard.logging.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CardNumbersTest {

    /** A Luhn-valid test number (Visa). */
    private static final String VISA = "4111111111111111";

    @Test
    void aLuhnValidRunIsMaskedKeepingItsLastFourDigits() {
        assertThat(CardNumbers.mask("card " + VISA + " ok")).isEqualTo("card [card-1111] ok");
    }

    @Test
    void groupsSeparatedBySingleSpacesOrDashesAreOneRun() {
        assertThat(CardNumbers.mask("4111 1111 1111 1111")).isEqualTo("[card-1111]");
        assertThat(CardNumbers.mask("5500-0000-0000-0004.")).isEqualTo("[card-0004].");
    }

    @Test
    void aSeparatorNotFollowedByADigitEndsTheRun() {
        // Given: the run ends at "- ", so only the first 16 digits are a candidate
        assertThat(CardNumbers.mask(VISA + "- 1234")).isEqualTo("[card-1111]- 1234");
        assertThat(CardNumbers.mask(VISA + "-")).isEqualTo("[card-1111]-");
    }

    @Test
    void aRunThatFailsLuhnIsLeftAsItIs() {
        String text = "order 4111111111111112";
        assertThat(CardNumbers.mask(text)).isSameAs(text);
    }

    @Test
    void runsShorterThanThirteenOrLongerThanNineteenDigitsAreNotCards() {
        // 12 digits, Luhn-valid
        assertThat(CardNumbers.mask("id 000000000000")).isEqualTo("id 000000000000");
        // 20 digits, Luhn-valid
        assertThat(CardNumbers.mask("00000000000000000000")).isEqualTo("00000000000000000000");
        // 13 and 19 digits, the bounds, are cards
        assertThat(CardNumbers.mask("0000000000000")).isEqualTo("[card-0000]");
        assertThat(CardNumbers.mask("0".repeat(18) + "1")).isEqualTo("0".repeat(18) + "1");
        assertThat(CardNumbers.mask("0".repeat(19))).isEqualTo("[card-0000]");
    }

    @Test
    void everyCardInAValueIsMaskedAndTheTextBetweenKept() {
        assertThat(CardNumbers.mask(VISA + " and 5500 0000 0000 0004 and 12"))
                .isEqualTo("[card-1111] and [card-0004] and 12");
    }

    @Test
    void aValueWithoutDigitsIsReturnedUnchanged() {
        String text = "no numbers here";
        assertThat(CardNumbers.mask(text)).isSameAs(text);
        assertThat(CardNumbers.mask("")).isEmpty();
    }
}
