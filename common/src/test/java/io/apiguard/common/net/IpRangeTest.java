package io.apiguard.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.128/25, 192.168.1.200, true",
        "192.168.1.128/25, 192.168.1.100, false",
        "203.0.113.7, 203.0.113.7, true",
        "203.0.113.7, 203.0.113.8, false",
        "203.0.113.7/32, 203.0.113.7, true",
        "203.0.113.7/32, 203.0.113.6, false",
        "0.0.0.0/0, 198.51.100.1, true",
        "0.0.0.0/0, 255.255.255.255, true",
        "0.0.0.0/0, ::1, false",
        "::/0, 2001:db8::1, true",
        "::/0, 10.0.0.1, false",
        "fd00::/8, fd12:3456::1, true",
        "fd00::/8, fe80::1, false",
        "2001:db8::/32, 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, true",
        "2001:db8::/32, 2001:db9::, false",
        "2001:db8::/65, 2001:db8::7fff:ffff:ffff:ffff, true",
        "2001:db8::/65, 2001:db8::8000:0:0:0, false",
        "::1/128, ::1, true",
        "::1/128, ::2, false",
        "::1/128, [::1], true",
        "fe80::/10, fe80::1%eth0, true",
        "10.0.0.0/8, ::ffff:a00:1, true",
        "10.0.0.0/8, ::ffff:10.1.2.3, true",
        "::ffff:10.0.0.0/104, 10.9.9.9, true",
        "::ffff:10.0.0.0/104, 11.0.0.1, false",
        "::ffff:10.0.0.1, 10.0.0.1, true",
        "fd00::/8, 10.0.0.1, false",
        "10.1.2.3/8, 10.200.0.1, true",
        "10.0.0.0/8, not-an-address, false",
        "10.0.0.0/8, 010.0.0.1, false",
        "10.0.0.0/8, '', false",
        "10.0.0.0/8, localhost, false"
    })
    void containment(String block, String address, boolean expected) {
        assertThat(IpRange.parse(block).contains(address)).isEqualTo(expected);
    }

    @Test
    void aBlockIsItsNetworkAndPrefix() {
        // When
        IpRange block = IpRange.parse(" 10.1.2.3/8 ");
        IpRange mapped = IpRange.parse("::ffff:192.0.2.0/120");

        // Then: bits past the prefix are cleared, a mapped block is the IPv4 block it maps
        assertThat(block.network()).isEqualTo(IpAddress.parse("10.0.0.0"));
        assertThat(block.prefixLength()).isEqualTo(8);
        assertThat(block.isV4()).isTrue();
        assertThat(block).hasToString("10.1.2.3/8").isEqualTo(IpRange.parse("10.0.0.0/8"));
        assertThat(mapped).isEqualTo(IpRange.parse("192.0.2.0/24"));
        assertThat(IpRange.parse("2001:db8::1").prefixLength()).isEqualTo(128);
        assertThat(IpRange.parse("192.0.2.1").prefixLength()).isEqualTo(32);
    }

    @Test
    void anyContainsLooksInEveryBlock() {
        List<IpRange> blocks = List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8::/32"));

        assertThat(IpRange.anyContains(blocks, IpAddress.parse("2001:db8::5"))).isTrue();
        assertThat(IpRange.anyContains(blocks, IpAddress.parse("10.3.3.3"))).isTrue();
        assertThat(IpRange.anyContains(blocks, IpAddress.parse("192.0.2.1"))).isFalse();
        assertThat(IpRange.anyContains(blocks, null)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/33          | prefix length out of range (0 to 32)
            ::1/129              | prefix length out of range (0 to 128)
            10.0.0.0/x           | the prefix length is not a number
            10.0.0.0/            | the prefix length is not a number
            10.0.0.0/-1          | the prefix length is not a number
            10.0.0.0/+8          | the prefix length is not a number
            10.0.0.0/8/8         | the prefix length is not a number
            10.0.0.0/0008        | the prefix length is not a number
            example.com          | not an IP address literal
            example.com/24       | not an IP address literal
            010.0.0.0/8          | not an IP address literal
            300.1.1.1/8          | not an IP address literal
            ''                   | not an IP address literal
            fe80::/10%eth0       | not a CIDR block (the prefix length is not a number)
            fe80::%eth0/10       | a CIDR block has no zone
            ::ffff:10.0.0.0/95   | an IPv4-mapped block needs a prefix of at least 96
            """)
    void anythingButALiteralBlockIsRefusedSayingWhy(String block, String message) {
        assertThatThrownBy(() -> IpRange.parse(block))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "1.2.3.4 / 8", "/8"})
    void garbageIsRefused(String block) {
        assertThatThrownBy(() -> IpRange.parse(block)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNullBlockIsRefused() {
        assertThatThrownBy(() -> IpRange.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }
}
