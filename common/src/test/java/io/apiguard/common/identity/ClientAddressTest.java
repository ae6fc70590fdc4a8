package io.apiguard.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.apiguard.common.net.IpRange;

class ClientAddressTest {

    private static final List<IpRange> TRUSTED = List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("192.168.1.1"));

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            203.0.113.7 | ''                                   | 203.0.113.7
            203.0.113.7 | 198.51.100.1                         | 203.0.113.7
            10.0.0.4    | ''                                   | 10.0.0.4
            10.0.0.4    | 203.0.113.7                          | 203.0.113.7
            10.0.0.4    | 198.51.100.66, 203.0.113.7           | 203.0.113.7
            10.0.0.4    | 203.0.113.7, 10.1.2.3                | 203.0.113.7
            10.0.0.4    | 203.0.113.7;192.168.1.1, 10.1.2.3    | 203.0.113.7
            10.0.0.4    | 10.9.9.9, 10.1.2.3                   | 10.9.9.9
            """)
    void onlyHopsVouchedForByTrustedProxiesAreBelieved(String peer, String forwardedFor, String expected) {
        // Given: header values separated by ';' stand for repeated X-Forwarded-For headers
        List<String> headers = forwardedFor.isEmpty() ? List.of() : Arrays.asList(forwardedFor.split(";"));

        // When
        String client = ClientAddress.resolve(peer, headers, TRUSTED);

        // Then
        assertThat(client).isEqualTo(expected);
    }
}
