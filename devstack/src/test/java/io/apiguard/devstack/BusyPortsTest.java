package io.apiguard.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BusyPortsTest {

    @Test
    void namesTheTakenPortsOnly() throws IOException {
        // Given: one port held open, one released
        try (ServerSocket taken = new ServerSocket(0)) {
            int free;
            try (ServerSocket released = new ServerSocket(0)) {
                free = released.getLocalPort();
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("held", taken.getLocalPort());
            ports.put("released", free);

            // When
            Map<String, Integer> busy = BusyPorts.among(ports);

            // Then
            assertThat(busy).containsExactly(Map.entry("held", taken.getLocalPort()));
        }
    }
}
