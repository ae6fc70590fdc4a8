package io.apiguard.common.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataClassesTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
            + "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    // ---- card numbers ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111111111111111", // Visa
                "4111 1111 1111 1111",
                "5500-0000-0000-0004", // Mastercard
                "2223003122003222", // Mastercard 2-series
                "378282246310005", // American Express
                "3782 822463 10005", // Amex as printed, 4-6-5
                "6011111111111117", // Discover
                "3530111333300000", // JCB
                "30569309025904", // Diners Club, 14 digits
                "6200000000000005" // UnionPay
            })
    void cardNumbersOfRealSchemesThatPassLuhnAreFound(String pan) {
        assertThat(json("{\"pan\":\"" + pan + "\"}")).containsExactly(DataClass.CARD_NUMBER);
        assertThat(text("card " + pan + " on file")).containsExactly(DataClass.CARD_NUMBER);
    }

    @Test
    void aCardNumberSentAsAJsonNumberIsFound() {
        assertThat(json("{\"pan\":4111111111111111}")).containsExactly(DataClass.CARD_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "4111111111111112", // fails Luhn
                "411111111111", // 12 digits
                "41111111111111110000", // 20 digits: part of a longer run
                "0000000000000000", // Luhn-valid, no issuer starts with 0
                "1700000000000", // an epoch timestamp in milliseconds
                "1700000000000000000", // in nanoseconds
                "ORD-4111111111111111", // an order id
                "INV4111111111111111",
                "4111111111111111-2",
                "+4111111111111111", // a phone number
                "4111111111111111.00", // an amount
                "0.4111111111111111",
                "41111111-1111-1111-1111-111111111111", // a UUID of digits
                "411 111 111 111 1111", // not grouped as cards are
                "/orders/4111111111111111/items"
            })
    void digitsThatAreNotCardNumbersAreNotTaken(String value) {
        assertThat(json("{\"v\":\"" + value + "\"}")).isEmpty();
    }

    @Test
    void phoneNumbersAmountsTimestampsAndUuidsAreNothing() {
        String body = "{\"phone\":\"+44 20 7946 0958\",\"tel\":\"(415) 555-2671\",\"amount\":4111.11,"
                + "\"total\":\"1,299.00\",\"at\":\"2024-01-15T10:20:30.123Z\",\"ts\":1705314030123,"
                + "\"id\":\"3f2b8c1e-4d5a-4e6f-8a9b-0c1d2e3f4a5b\",\"order\":\"2024-000123-4567\"}";
        assertThat(json(body)).isEmpty();
    }

    @Test
    void luhnSkipsSeparatorsAndDoublesEverySecondDigitFromTheRight() {
        assertThat(DataClasses.luhn("4111-1111-1111-1111", 0, 19)).isTrue();
        assertThat(DataClasses.luhn("79927398713", 0, 11)).isTrue();
        assertThat(DataClasses.luhn("79927398710", 0, 11)).isFalse();
        assertThat(DataClasses.luhn("x18y", 1, 3)).isTrue();
    }

    @Test
    void luhnRunsTakeEveryValidRunWhateverItsIssuerForMasking() {
        assertThat(DataClasses.luhnRuns("a 0000000000000 b 4111-1111-1111-1111 c 4111111111111112"))
                .containsExactly(
                        new DataClasses.Match(DataClass.CARD_NUMBER, 2, 15),
                        new DataClasses.Match(DataClass.CARD_NUMBER, 18, 37));
    }

    // ---- IBANs ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DE89370400440532013000",
                "DE89 3704 0044 0532 0130 00",
                "GB82WEST12345698765432",
                "GB82 WEST 1234 5698 7654 32",
                "FR1420041010050500013M02606",
                "NO9386011117947"
            })
    void ibansWithTheirCountrysLengthAndValidCheckDigitsAreFound(String iban) {
        assertThat(json("{\"iban\":\"" + iban + "\"}")).containsExactly(DataClass.IBAN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "DE89370400440532013001", // check digits fail
                "XX89370400440532013000", // no such country
                "DE8937040044053201300", // too short for DE
                "DE89 3704 0044 0532 0130", // a group missing
                "AB12CD34EF56GH78" // a SKU
            })
    void ibanLookalikesAreNotTaken(String value) {
        assertThat(json("{\"v\":\"" + value + "\"}")).isEmpty();
    }

    // ---- national ids ----

    @ParameterizedTest
    @ValueSource(strings = {"123-45-6789", "AB123456C", "AB 12 34 56 C", "JG103759A"})
    void usSsnsAndUkNinosInTheirCheckableFormsAreFound(String id) {
        assertThat(json("{\"id\":\"" + id + "\"}")).containsExactly(DataClass.NATIONAL_ID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "000-12-3456", // area 000
                "666-12-3456", // area 666
                "912-34-5678", // area 900-999 (ITINs, never SSNs)
                "123-00-4567", // group 00
                "123-45-0000", // serial 0000
                "078-05-1120", // the Woolworth wallet card
                "123456789", // bare nine digits: an id as likely as an SSN
                "555-123-4567", // a phone number
                "2024-01-15", // a date
                "DA123456C", // D never first
                "AO123456C", // O never second
                "GB123456A", // never allocated
                "AB123456E", // suffix past D
                "AB123456" // no suffix
            })
    void idLookalikesAndNeverIssuedNumbersAreNotTaken(String value) {
        assertThat(json("{\"v\":\"" + value + "\"}")).isEmpty();
    }

    // ---- e-mail addresses ----

    @Test
    void emailAddressesAreFound() {
        assertThat(json("{\"to\":\"alice.smith+news@mail.example.co.uk\"}")).containsExactly(DataClass.EMAIL);
        assertThat(text("write to bob@example.com.")).containsExactly(DataClass.EMAIL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"@handle", "user@localhost", "a@b.c", "icon@2x.png1", "price @ 3.50", "x@.com"})
    void atSignsThatAreNotAddressesAreNotTaken(String value) {
        assertThat(json("{\"v\":\"" + value + "\"}")).isEmpty();
    }

    // ---- tokens ----

    @ParameterizedTest
    @ValueSource(
            strings = {
                JWT,
                "Bearer abcdefghijklmnop1234",
                "AKIAIOSFODNN7EXAMPLE",
                "-----BEGIN RSA PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----",
                "-----BEGIN OPENSSH PRIVATE KEY-----",
                "ghp_0123456789abcdefghijABCDEFGHIJ012345",
                "xoxb-123456789012-1234567890123-abcdef",
                "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
                "AIzaSyA-1234567890abcdefghijklmnopqrstu"
            })
    void credentialsAreFound(String token) {
        assertThat(json("{\"v\":\"" + token + "\"}")).containsExactly(DataClass.TOKEN);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "eyJub3QiOiJqd3QifQ.eyJ4IjoxfQ.c2ln", // a header without alg
                "eyJhbGciOiJIUzI1NiJ9", // a header alone
                "Bearer short",
                "AKIA1234", // too short
                "-----BEGIN CERTIFICATE-----",
                "-----BEGIN PUBLIC KEY-----",
                "ghp_short",
                "sk_test_4eC39HqLyjWDarjtT1zdp7dc", // a test key exposes nothing
                "Bearer of bad news"
            })
    void tokenLookalikesAreNotTaken(String value) {
        assertThat(json("{\"v\":\"" + value + "\"}")).isEmpty();
    }

    // ---- how bodies are read ----

    @Test
    void jsonFieldNamesAreNotScannedOnlyTheirValues() {
        assertThat(json("{\"4111111111111111\":\"x\",\"alice@example.com\":1}")).isEmpty();
    }

    @Test
    void jsonEscapesAreDecodedBeforeScanning() {
        assertThat(json("{\"to\":\"alice\\u0040example.com\"}")).containsExactly(DataClass.EMAIL);
    }

    @Test
    void aJsonBodyCutByTheProxysBoundIsScannedToItsEnd() {
        // Given: the bound cuts the body inside the string that holds the card number
        String cut = "{\"user\":\"bob@example.com\",\"note\":\"paid with 4111 1111 1111 1111 on";
        // Then: what was parsed and what was not are both looked at
        assertThat(json(cut)).containsExactlyInAnyOrder(DataClass.EMAIL, DataClass.CARD_NUMBER);
    }

    @Test
    void aBodyWithoutContentTypeIsTakenForJsonByItsFirstCharacter() {
        byte[] body = "  {\"iban\":\"DE89370400440532013000\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(DataClasses.find(body, null)).containsExactly(DataClass.IBAN);
        byte[] plain = "iban DE89370400440532013000".getBytes(StandardCharsets.UTF_8);
        assertThat(DataClasses.find(plain, null)).containsExactly(DataClass.IBAN);
    }

    @Test
    void plainTextAndNonAsciiNeighboursAreScannedAsTheyAre() {
        assertThat(text("Kartennummer: 4111111111111111 — prüfen; SSN 123-45-6789\n" + JWT))
                .containsExactlyInAnyOrder(DataClass.CARD_NUMBER, DataClass.NATIONAL_ID, DataClass.TOKEN);
    }

    @Test
    void everyClassInOneBodyIsFound() {
        String body = "{\"users\":[{\"email\":\"a@example.org\",\"ssn\":\"123-45-6789\","
                + "\"iban\":\"GB82WEST12345698765432\",\"card\":\"5500000000000004\",\"token\":\"" + JWT + "\"}]}";
        assertThat(json(body)).isEqualTo(EnumSet.allOf(DataClass.class));
    }

    @Test
    void matchesSayWhereEachClassIsWithoutOverlap() {
        String value = "to bob@example.com card 4111111111111111 iban DE89370400440532013000";
        assertThat(DataClasses.matches(value, EnumSet.allOf(DataClass.class)))
                .extracting(m -> m.dataClass() + ":" + value.substring(m.start(), m.end()))
                .containsExactly(
                        "EMAIL:bob@example.com", "CARD_NUMBER:4111111111111111", "IBAN:DE89370400440532013000");
        assertThat(DataClasses.matches(value, EnumSet.of(DataClass.IBAN))).hasSize(1);
    }

    @Test
    void pathologicalBodiesCostBoundedWork() {
        String junk = ("eyJ" + "a".repeat(60) + "." + "@".repeat(20) + "1-".repeat(30) + "AB 12 ").repeat(8_000);
        byte[] body = junk.getBytes(StandardCharsets.UTF_8);
        Set<DataClass> found =
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> DataClasses.find(body, "text/plain"));
        assertThat(found).isEmpty();
    }

    @Test
    void nothingInNothing() {
        assertThat(DataClasses.find(null, null)).isEmpty();
        assertThat(DataClasses.find(new byte[0], "application/json")).isEmpty();
        assertThat(DataClasses.find((CharSequence) null)).isEmpty();
        assertThat(DataClasses.matches("", EnumSet.allOf(DataClass.class))).isEmpty();
    }

    private static Set<DataClass> json(String body) {
        return DataClasses.find(body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static Set<DataClass> text(String body) {
        return DataClasses.find(body.getBytes(StandardCharsets.UTF_8), "text/plain");
    }
}
