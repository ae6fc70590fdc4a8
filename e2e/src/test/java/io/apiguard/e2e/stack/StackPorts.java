package io.apiguard.e2e.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import io.apiguard.devstack.config.LocalPorts;

/**
 * Ports for one suite run, away from the local run's (8081-9092) so both may run on one machine. Every port is fixed
 * for the whole run: a restarted broker, database or app comes back where its clients expect it.
 *
 * @param apps the apps', the broker's, the issuer's and the demo API's ports, as the local run lays them out
 */
public record StackPorts(LocalPorts apps) {

    /** The ports used, relative to a base: ten in a row, and the management ports 1000 above the apps'. */
    private static final int SPAN = 10;

    private static final int MANAGEMENT_OFFSET = 1000;
    private static final int ATTEMPTS = 50;

    /** A block of ports that are all free now, at a random base between 20000 and 30000. */
    public static StackPorts pick() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            // below the ephemeral range (32768 and up), where port-0 binds and outgoing connections would race us
            int base = 20_000 + ThreadLocalRandom.current().nextInt(1_000) * 10;
            boolean free = IntStream.range(0, SPAN)
                    .allMatch(offset -> isFree(base + offset) && isFree(base + offset + MANAGEMENT_OFFSET));
            if (free) {
                return new StackPorts(new LocalPorts(
                        base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6, base + 7, base + 8,
                        base + 9));
            }
        }
        throw new IllegalStateException("no block of " + SPAN + " free ports found in " + ATTEMPTS + " attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort() == port;
        } catch (IOException taken) {
            return false;
        }
    }
}
