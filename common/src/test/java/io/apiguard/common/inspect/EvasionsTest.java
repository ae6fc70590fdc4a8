package io.apiguard.common.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvasionsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // percent to a fixed point: single, double, triple encoding
                "%3Cscript%3E | <script>",
                "%253Cscript%253E | <script>",
                "%25253Cscript%25253E | <script>",
                // a malformed escape in front never stops the rest
                "%zz%3Cscript%3E | %zz<script>",
                "100%%27 or%20x | 100%' or x",
                "trailing % | trailing %",
                "%2 | %2",
                // %u, overlong UTF-8, proper UTF-8
                "%u003Cscript%u003E | <script>",
                "%c0%ae%c0%ae/etc | ../etc",
                "%e0%80%ae%e0%80%ae/etc | ../etc",
                "caf%C3%A9 | café",
                // HTML entities: named (any case), decimal, hex, with or without ';', zero padded
                "&lt;script&gt; | <script>",
                "$&LBRACE;jndi: | ${jndi:",
                "&#36;{x} | ${x}",
                "&#x3c;svg | <svg",
                "&#60svg | <svg",
                "&#x24;&#00000000000000000000000000000000123;jndi | ${jndi",
                "%26lt%3Bscript%26gt%3B | <script>",
                "&unknown; &; &#; | &unknown; &; &#;",
                // JavaScript escapes outside JSON
                "$\\u007Bjndi: | ${jndi:",
                "\\x3cscript | <script",
                "\\q stays | \\q stays",
                // compatibility forms, and the high-bit-stripped brackets of old US-ASCII decoders
                "＜script＞ | <script>",
                "http://①③⑦.⓪.⓪.① | http://137.0.0.1",
                "¼script¾ | <script>",
            })
    void decodesEveryLayerAndKeepsWhatIsMalformed(String encoded, String decoded) {
        assertThat(Evasions.decode(encoded, false)).isEqualTo(decoded);
    }

    @Test
    void plusIsASpaceOnlyInQueryAndFormValues() {
        assertThat(Evasions.decode("1+or+1=1", true)).isEqualTo("1 or 1=1");
        assertThat(Evasions.decode("1+or+1=1", false)).isSameAs("1+or+1=1");
        // an encoded plus is a plus
        assertThat(Evasions.decode("a%2Bb", true)).isEqualTo("a+b");
    }

    @Test
    void nullBytesAreRemoved() {
        assertThat(Evasions.decode("../etc/passwd%00.png", false)).isEqualTo("../etc/passwd.png");
    }

    @Test
    void aPlainValueIsReturnedAsItIs() {
        String plain = "Mary-Jane O'Brien, 27 St. Stephen's Green";
        assertThat(Evasions.decode(plain, true)).isSameAs(plain);
    }

    @Test
    void decodingStopsAfterItsBoundedRounds() {
        // Given: a value encoded six times
        String value = "<";
        for (int i = 0; i < 6; i++) {
            value = value.replace("%", "%25").replace("<", "%3C");
        }

        // When
        String decoded = Evasions.decode(value, false);

        // Then: four rounds undo four layers, never more, and the output is never longer than the input
        assertThat(decoded).isEqualTo("%253C");
        assertThat(decoded.length()).isLessThanOrEqualTo(value.length());
    }

    @Test
    void theSqlFormDropsCommentsAndFoldsCase() {
        assertThat(Evasions.sqlForm("UNION/**/SELECT")).isEqualTo("union select");
        assertThat(Evasions.sqlForm("1 UnIoN/*foo*/ALL   SeLeCt pass -- rest\nFROM users # x"))
                .isEqualTo("1 union all select pass from users");
        assertThat(Evasions.sqlForm("/*!50000UNION*/ /*!SELECT*/ 1")).isEqualTo("union select 1");
        assertThat(Evasions.sqlForm("unterminated /* comment")).isEqualTo("unterminated");
    }
}
