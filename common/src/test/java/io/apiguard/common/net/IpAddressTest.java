package io.apiguard.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "10.0.0.1, 10.0.0.1",
        "' 10.0.0.1 ', 10.0.0.1",
        "0.0.0.0, 0.0.0.0",
        "255.255.255.255, 255.255.255.255",
        "::1, ::1",
        "[::1], ::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "2001:DB8::A, 2001:db8::a",
        "::, ::",
        "::ffff:10.0.0.1, 10.0.0.1",
        "::ffff:a00:1, 10.0.0.1",
        "fe80::1%eth0, fe80::1",
        "fe80::1%2, fe80::1",
        "[fe80::1%eth0], fe80::1"
    })
    void aLiteralParsesToItsCanonicalForm(String literal, String canonical) {
        // When
        IpAddress address = IpAddress.parse(literal);

        // Then
        assertThat(address).hasToString(canonical);
        assertThat(address).isEqualTo(IpAddress.parse(canonical));
    }

    @Test
    void anIpv4MappedAddressIsTheIpv4AddressItMaps() {
        // When
        IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");

        // Then
        assertThat(mapped.isV4()).isTrue();
        assertThat(mapped.bits()).isEqualTo(32);
        assertThat(mapped.v4Bits()).isEqualTo(0xC0000201L);
        assertThat(mapped).isEqualTo(IpAddress.parse("192.0.2.1")).hasSameHashCodeAs(IpAddress.parse("192.0.2.1"));
    }

    @Test
    void ipv6KeepsAll128Bits() {
        // When
        IpAddress address = IpAddress.parse("2001:db8:1:2:3:4:5:6");

        // Then
        assertThat(address.isV4()).isFalse();
        assertThat(address.bits()).isEqualTo(128);
        assertThat(address.high()).isEqualTo(0x20010db800010002L);
        assertThat(address.low()).isEqualTo(0x0003000400050006L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "sidecar.apiguard.svc.cluster.local", "10.0.0.1.nip.io"})
    void aHostNameIsRefusedAndNeverLookedUp(String name) {
        // When / Then: refused, whatever a resolver would have answered (10.0.0.1.nip.io resolves to 10.0.0.1)
        assertThatThrownBy(() -> IpAddress.parse(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address literal")
                .hasMessageContaining("never looked up")
                .hasMessageContaining(name);
        assertThat(IpAddress.parseOrNull(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"010.0.0.1", "10.0.0.01", "1.2.3.04"})
    void ipv4OctetsWithLeadingZerosAreRefused(String literal) {
        // octal to some parsers, decimal to others: ambiguous, so neither
        assertThatThrownBy(() -> IpAddress.parse(literal)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ipv6GroupsWithLeadingZerosAreFine() {
        assertThat(IpAddress.parse("0001:0002::0003")).hasToString("1:2::3");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                " ",
                "256.0.0.1",
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.-4",
                "::1::2",
                "12345::",
                "::g",
                "[::1",
                "::1]",
                "[]",
                "1.2.3.4%eth0",
                "fe80::1%",
                "10.0.0.0/8",
                "0x0a.0.0.1",
                "1.2.3.4 5",
                "garbage"
            })
    void malformedInputIsRefusedWithAClearMessage(String literal) {
        assertThatThrownBy(() -> IpAddress.parse(literal))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an IP address literal");
        assertThat(IpAddress.parseOrNull(literal)).isNull();
    }

    @Test
    void maskingClearsTheBitsPastThePrefix() {
        assertThat(IpAddress.parse("10.1.2.3").masked(8)).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(IpAddress.parse("10.1.2.3").masked(0)).isEqualTo(IpAddress.parse("0.0.0.0"));
        assertThat(IpAddress.parse("10.1.2.3").masked(32)).isEqualTo(IpAddress.parse("10.1.2.3"));
        assertThat(IpAddress.parse("2001:db8:ffff:ffff::1").masked(32)).isEqualTo(IpAddress.parse("2001:db8::"));
        assertThat(IpAddress.parse("2001:db8::ffff").masked(120)).isEqualTo(IpAddress.parse("2001:db8::ff00"));
        assertThat(IpAddress.parse("2001:db8::1").masked(128)).isEqualTo(IpAddress.parse("2001:db8::1"));
        assertThat(IpAddress.parse("2001:db8::1").masked(0)).isEqualTo(IpAddress.parse("::"));
    }
}
