package io.apiguard.support.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlCharactersTest {

    @Test
    void aNulALineBreakATabAndDelAreControlCharactersUnicodeTextIsNot() {
        assertThat(ControlCharacters.controlCharacterIn("a\u0000b")).isTrue();
        assertThat(ControlCharacters.controlCharacterIn("line\r\nSet-Cookie: x"))
                .isTrue();
        assertThat(ControlCharacters.controlCharacterIn("a\tb")).isTrue();
        assertThat(ControlCharacters.controlCharacterIn("a\u007Fb")).isTrue();
        assertThat(ControlCharacters.controlCharacterIn("alex.s@accounting-xyz / Zoë / 東京 / 🙂"))
                .isFalse();
    }
}
