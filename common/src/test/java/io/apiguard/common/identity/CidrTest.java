package io.apiguard.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
        "10.0.0.0/8, 10.255.1.2, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.168.1.128/25, 192.168.1.200, true",
        "192.168.1.128/25, 192.168.1.100, false",
        "203.0.113.7, 203.0.113.7, true",
        "203.0.113.7, 203.0.113.8, false",
        "0.0.0.0/0, 198.51.100.1, true",
        "fd00::/8, fd12:3456::1, true",
        "::1/128, ::1, true",
        "::1/128, [::1], true",
        "10.0.0.0/8, ::ffff:a00:1, true",
        "fd00::/8, 10.0.0.1, false",
        "10.0.0.0/8, not-an-address, false",
        "10.0.0.0/8, '', false"
    })
    void containment(String block, String address, boolean expected) {
        assertThat(Cidr.parse(block).contains(address)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/x", "example.com", "::1/129", ""})
    void anythingButALiteralBlockIsRefused(String block) {
        assertThatThrownBy(() -> Cidr.parse(block)).isInstanceOf(IllegalArgumentException.class);
    }
}
