package io.apiguard.common.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DataClassesTest {

    @Test
    void aCardNumberThatPassesLuhnIsFoundPlainOrGrouped() {
        assertThat(find("{\"pan\":\"4111111111111111\"}")).containsExactly(DataClass.CARD_NUMBER);
        assertThat(find("{\"pan\":\"4111 1111 1111 1111\"}")).containsExactly(DataClass.CARD_NUMBER);
        assertThat(find("card 5500-0000-0000-0004 on file")).containsExactly(DataClass.CARD_NUMBER);
    }

    @Test
    void digitsThatFailLuhnOrAreTooShortOrTooLongAreNotCards() {
        assertThat(find("{\"pan\":\"4111111111111112\"}")).isEmpty();
        assertThat(find("{\"id\":\"411111111111\"}")).isEmpty();
        assertThat(find("{\"id\":\"41111111111111110000\"}")).isEmpty();
        assertThat(find("{\"amount\":1044, \"account\":\"1044\"}")).isEmpty();
    }

    @Test
    void nothingInNothing() {
        assertThat(DataClasses.find(null, null)).isEmpty();
        assertThat(DataClasses.find(new byte[0], "application/json")).isEmpty();
    }

    private static java.util.Set<DataClass> find(String body) {
        return DataClasses.find(body.getBytes(StandardCharsets.UTF_8), "application/json");
    }
}
